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
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../src/db/db.ts';
import { syncBundledCatalogue } from '../src/modules/catalog/bundled.ts';
import { usccCheckChar } from '../src/modules/identifiers/uscc.ts';
import { SYSTEM_CONTEXT } from '../src/modules/identity/viewer.ts';
import { openTable } from '../src/modules/records/files/table.ts';
import { beginImport, runImport } from '../src/modules/records/intake-service.ts';
import { seedSubjects } from '../src/seed/subjects.ts';
import { shanghaiDate } from '../src/shared/clock.ts';
import { addDays } from '../src/shared/dates.ts';
import { writeCsv } from '../test/fixtures/intake/build-fixtures.ts';
import {
  BENCH_DATA,
  benchDeps,
  benchVault,
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
  rng,
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
const withCheck = (first17: string) => first17 + usccCheckChar(first17);
const AUTHORITY = withCheck('11220000MB0012345');

const HEADERS = [
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_FRDB',
  'CF_WSH',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_NR_FK',
  'CF_JDRQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
  'tier',
];

async function prepareDatabase(db: Db): Promise<{ name: string; uscc: string }[]> {
  await db.transaction((tx) => syncBundledCatalogue(tx));
  await db.query(
    `INSERT INTO departments (code, name, uscc, region_code) VALUES ('BENCH', '吉林省市场监督管理厅', $1, '220000')`,
    [AUTHORITY],
  );
  await db.transaction((tx) => seedSubjects(tx, benchVault(), { subjects: SUBJECTS, seed: 11 }));
  return db.query<{ name: string; uscc: string }>(
    `SELECT name, uscc FROM subjects WHERE uscc IS NOT NULL ORDER BY id`,
  );
}

/** The penalty file: deterministic, written as a stream. */
async function writePenalties(file: string, rows: number, parties: { name: string; uscc: string }[]) {
  const rand = rng(5);
  const today = shanghaiDate(new Date());
  function* generate() {
    for (let i = 0; i < rows; i++) {
      const known = rand() < 0.95;
      const p = parties[Math.floor(rand() * parties.length)];
      const uscc = known ? p.uscc : withCheck(`91220100MA${String(i).padStart(7, '0')}`);
      const bad = rand() < 0.02;
      const fine = (Math.floor(rand() * 200_000) / 100).toFixed(2);
      yield [
        known ? p.name : `长春市新设第${i}号商贸有限公司`,
        '法人及非法人组织',
        bad ? `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}` : uscc,
        '王某某',
        `吉市监罚〔${2024 + (i % 3)}〕${i}号`,
        '销售不符合食品安全标准的食品',
        `当事人销售的食品经抽样检验不合格，涉案货值${fine}元，违法所得若干。`,
        '《中华人民共和国食品安全法》第一百二十四条',
        '警告；罚款',
        `警告，并处罚款人民币${fine}元`,
        (Number(fine) / 10_000).toFixed(6).replace(/0+$/, '').replace(/\.$/, ''),
        addDays(today, -1 - Math.floor(rand() * 900)),
        '吉林省市场监督管理厅',
        AUTHORITY,
        '吉林省市场监督管理厅',
        AUTHORITY,
        rand() < 0.1 ? '严重' : '一般',
      ];
    }
  }
  await writeCsv(file, HEADERS, generate(), 'utf-8');
}

interface Figures {
  rows: number;
  seconds: number;
  rate: number;
  peakRss: number;
}

async function productPath(db: Db, file: string): Promise<Figures & { accepted: number; rejected: number }> {
  const deps = await benchDeps(db);
  const [dept] = await db.query<{ id: number }>(`SELECT id FROM departments WHERE code = 'BENCH'`);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const started = now();
  const job = await beginImport(
    deps,
    {
      itemCode: 'ADMIN_PENALTY',
      departmentId: dept.id,
      path: file,
      fileName: path.basename(file),
      channel: 'CLI',
    },
    SYSTEM_CONTEXT,
  );
  let last = 0;
  await runImport(deps, job, SYSTEM_CONTEXT, (p) => {
    if (p.rows - last >= 100_000) {
      last = p.rows;
      process.stdout.write(
        `\r  ${fmtInt(p.rows)} rows, ${fmtInt(p.rows / ((now() - started) / 1000))} rows/s   `,
      );
    }
  });
  const ms = now() - started;
  clearInterval(sampler);
  process.stdout.write('\r');
  const [b] = await db.query<{ total: number; accepted: number; rejected: number; status: string }>(
    'SELECT total, accepted, rejected, status FROM intake_batches WHERE id = $1',
    [job.batchId],
  );
  if (b.status !== 'DONE') throw new Error(`import ended ${b.status}`);
  return {
    rows: b.total,
    seconds: ms / 1000,
    rate: b.total / (ms / 1000),
    peakRss,
    accepted: b.accepted,
    rejected: b.rejected,
  };
}

/** Baseline: the same parsed rows, INSERT … VALUES 1,000 a statement into a plain table; only the INSERTs are timed. */
async function rawInsert(db: Db, file: string): Promise<Figures> {
  await db.query(`CREATE TABLE bench_raw_penalties (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ${HEADERS.map((h) => `"${h}" text`).join(', ')})`);
  const table = await openTable(file);
  const width = HEADERS.length;
  const columns = HEADERS.map((h) => `"${h}"`).join(', ');
  let rows = 0;
  let ms = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const n = batch.length / width;
    const placeholders = Array.from(
      { length: n },
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`,
    ).join(',');
    const started = now();
    await db.query(`INSERT INTO bench_raw_penalties (${columns}) VALUES ${placeholders}`, batch);
    ms += now() - started;
    rows += n;
    batch = [];
  };
  for await (const row of table.rows) {
    batch.push(...row.cells);
    if (batch.length >= 1000 * width) await flush();
  }
  await flush();
  await table.close();
  return { rows, seconds: ms / 1000, rate: rows / (ms / 1000), peakRss: process.memoryUsage().rss };
}

async function runBackend(label: string, open: () => Promise<Db>, rows: number) {
  console.log(
    `\n${label}: preparing database (${fmtInt(SUBJECTS)} subjects) and a ${fmtInt(rows)}-row CSV …`,
  );
  const db = await open();
  try {
    const parties = await prepareDatabase(db);
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
