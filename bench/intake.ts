// Target: import 1,000,000 penalty rows from CSV into PostgreSQL at ≥ 20,000 rows/s end to end
// (parse, validate, store, index), peak RSS ≤ 1 GB, with the ratio to a raw bulk insert of the same
// already-parsed rows in the same run; the PGlite figure at 100,000 rows.
//
// `npx tsx bench/intake.ts [--rows 1000000] [--pglite-rows 100000] [--subjects 50000] [--keep]`
//
// Per back end, into a fresh migrated database with the bundled catalogue, one department and
// `--subjects` registered enterprises: a generated CSV of penalties (95 % about registered subjects,
// 5 % about parties the registry does not know yet — they become subjects — and 2 % rows with an
// error, which go to the quarantine) is imported by the product path (`beginImport` + `runImport`,
// exactly what the upload and the CLI run). The baseline streams the same file, parses it the same
// way and times only a multi-row INSERT … VALUES of its cells into a plain table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../src/db/db.ts';
import {
  backendCpu,
  importFile,
  prepareDatabase,
  rawInsert,
  storeOnly,
  validateOnly,
  writePenalties,
} from './intake-file.ts';
import {
  BENCH_DATA,
  benchDeps,
  createPgDatabase,
  dropPgDatabase,
  fmtInt,
  fmtSec,
  freshPgliteDir,
  now,
  openMigrated,
  printRatio,
  printTable,
  printTarget,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'pglite-rows': { type: 'string', default: '100000' },
    subjects: { type: 'string', default: '50000' },
    keep: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const LITE_ROWS = Number(args['pglite-rows']);
const SUBJECTS = Number(args.subjects);
const TARGET = 20_000;
const CORES = os.availableParallelism();
interface Figures {
  rows: number;
  seconds: number;
  rate: number;
  peakRss: number;
  /** CPU time per row: this process, and the PostgreSQL server's backends (0 on PGlite, which runs in this process). */
  nodeUs: number;
  serverUs: number;
}

async function productPath(db: Db, file: string): Promise<Figures & { accepted: number; rejected: number }> {
  let last = 0;
  const backends = db.kind === 'postgres' ? backendCpu(db) : null;
  const server0 = (await backends?.ms()) ?? 0;
  const cpu0 = process.cpuUsage();
  const { batchId, ms, peakRss } = await importFile(await benchDeps(db), file, (p, started) => {
    if (p.rows - last >= 100_000) {
      last = p.rows;
      process.stdout.write(
        `\r  ${fmtInt(p.rows)} rows, ${fmtInt(p.rows / ((now() - started) / 1000))} rows/s   `,
      );
    }
  });
  const cpu = process.cpuUsage(cpu0);
  const serverMs = backends ? (await backends.ms()) - server0 : 0;
  backends?.stop();
  process.stdout.write('\r');
  const [b] = await db.query<{ total: number; accepted: number; rejected: number; status: string }>(
    'SELECT total, accepted, rejected, status FROM intake_batches WHERE id = $1',
    [batchId],
  );
  if (b.status !== 'DONE') throw new Error(`import ended ${b.status}`);
  return {
    rows: b.total,
    seconds: ms / 1000,
    rate: b.total / (ms / 1000),
    peakRss,
    accepted: b.accepted,
    rejected: b.rejected,
    nodeUs: (cpu.user + cpu.system) / b.total,
    serverUs: (serverMs * 1000) / b.total,
  };
}

async function runBackend(label: string, open: () => Promise<Db>, rows: number) {
  console.log(
    `\n${label}: preparing database (${fmtInt(SUBJECTS)} subjects) and a ${fmtInt(rows)}-row CSV …`,
  );
  const db = await open();
  try {
    const parties = await prepareDatabase(db, SUBJECTS);
    const file = path.join(BENCH_DATA, `penalties-${rows}.csv`);
    fs.mkdirSync(BENCH_DATA, { recursive: true });
    await writePenalties(file, rows, parties);
    const mb = fs.statSync(file).size / 1048576;
    const product = await productPath(db, file);
    const raw = await rawInsert(db, file);
    printTable(`${label}: ${fmtInt(rows)} penalty rows (${mb.toFixed(0)} MB CSV)`, [
      {
        path: 'import (parse, validate, store, index)',
        rows: fmtInt(product.rows),
        seconds: fmtSec(product.seconds * 1000),
        'rows/s': fmtInt(product.rate),
        'peak RSS MB': fmtInt(product.peakRss / 1048576),
      },
      {
        path: 'raw INSERT … VALUES (baseline)',
        rows: fmtInt(raw.rows),
        seconds: fmtSec(raw.seconds * 1000),
        'rows/s': fmtInt(raw.rate),
        'peak RSS MB': '',
      },
    ]);
    console.log(`  accepted ${fmtInt(product.accepted)}, rejected to quarantine ${fmtInt(product.rejected)}`);
    printRatio(`${label} import ÷ raw insert`, product.rate, raw.rate);
    // Where the rate is bounded: the import's CPU per row against this machine's cores, and two
    // floors of the same work measured alone (what no pipeline around them can go below).
    const us = product.nodeUs + product.serverUs;
    console.log(
      `  CPU per row: this process ${product.nodeUs.toFixed(0)} µs + server ${product.serverUs.toFixed(0)} µs = ${us.toFixed(0)} µs → at most ${fmtInt((CORES * 1e6) / us)} rows/s on ${CORES} cores`,
    );
    const validate = await validateOnly(await benchDeps(db), file);
    const store = db.kind === 'postgres' ? await storeOnly(db) : null;
    console.log(
      `  floors: parse + validate alone ${validate.cpuUsPerRow.toFixed(0)} µs a row` +
        (store
          ? `; store alone (one INSERT … SELECT of the imported records into an empty copy of credit_records with all its indexes) ${store.usPerRow.toFixed(0)} µs a row → together at most ${fmtInt((CORES * 1e6) / (validate.cpuUsPerRow + store.usPerRow))} rows/s on ${CORES} cores`
          : ''),
    );
    fs.rmSync(file, { force: true });
    return product;
  } finally {
    await db.close();
  }
}

const pgName = 'xy_bench_intake';
const pg = await runBackend(
  'PostgreSQL',
  async () => openMigrated({ databaseUrl: await createPgDatabase(pgName) }),
  ROWS,
);
printTarget(
  'import ≥ 20,000 rows/s into PostgreSQL',
  pg.rate >= TARGET,
  `${fmtInt(pg.rate)} rows/s at ${fmtInt(ROWS)} rows`,
);
printTarget('peak RSS ≤ 1 GB', pg.peakRss <= 1024 ** 3, `${fmtInt(pg.peakRss / 1048576)} MB`);
if (!args.keep) await dropPgDatabase(pgName);
if (LITE_ROWS > 0) {
  const dir = freshPgliteDir('intake');
  const lite = await runBackend('PGlite', () => openMigrated({ dataDir: dir }), LITE_ROWS);
  console.log(`PGlite: ${fmtInt(lite.rate)} rows/s at ${fmtInt(LITE_ROWS)} rows (printed, no target)`);
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
}
