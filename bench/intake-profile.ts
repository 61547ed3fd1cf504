// Where intake time goes (a diagnostic, not a target script): the same kind of CSV and database as
// bench/intake.ts, imported into a copy of a kept template database (xy_bench_intakeprof_base_<subjects>,
// made on the first run), with every statement the pipeline sends timed by label, and the CPU time of
// the Node process and of the PostgreSQL backends (read from /proc: the server must be local) per
// 1,000 rows — steadier than rows/s on a shared machine.
//
// `npx tsx bench/intake-profile.ts [--rows 200000] [--subjects 50000] [--fresh] [--twice] [--raw] [--explain]`
//   --twice    import the same file again (every row a duplicate: the idempotent path)
//   --raw      also the raw INSERT … VALUES baseline of bench/intake.ts
//   --explain  EXPLAIN (ANALYZE, BUFFERS, WAL) of the last statements of each kind, rolled back
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db, Queryable } from '../src/db/db.ts';
import { adminQuery } from '../test/support/db.ts';
import { backendCpu, importFile, prepareDatabase, rawInsert, writePenalties } from './intake-file.ts';
import {
  BENCH_DATA,
  benchDeps,
  createPgDatabase,
  dropPgDatabase,
  fmtInt,
  now,
  openMigrated,
  PG_SERVER,
  pgDatabaseExists,
  pgUrl,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    subjects: { type: 'string', default: '50000' },
    fresh: { type: 'boolean', default: false },
    raw: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    twice: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const SUBJECTS = Number(args.subjects);

const BASE = `xy_bench_intakeprof_base_${SUBJECTS}`;
const file = path.join(BENCH_DATA, `penalties-prof-${ROWS}-${SUBJECTS}.csv`);

if (args.fresh || !(await pgDatabaseExists(BASE)) || !fs.existsSync(file)) {
  console.log('preparing template database and CSV …');
  const db = await openMigrated({ databaseUrl: await createPgDatabase(BASE) });
  const parties = await prepareDatabase(db, SUBJECTS);
  await db.exec('VACUUM ANALYZE');
  await db.close();
  fs.mkdirSync(BENCH_DATA, { recursive: true });
  await writePenalties(file, ROWS, parties);
}

const RUN = 'xy_bench_intakeprof_run';
await dropPgDatabase(RUN);
await adminQuery(PG_SERVER, `CREATE DATABASE ${RUN} TEMPLATE ${BASE}`);
const db = await openMigrated({ databaseUrl: pgUrl(RUN) });

const label = (sql: string) => {
  const s = sql.replace(/\s+/g, ' ').trim();
  const m =
    /^(INSERT INTO \w+|UPDATE \w+|SELECT [^ ]+ [^ ]+ FROM \w+|SELECT .{0,40}|WITH .{0,30}|SET .{0,30}|BEGIN|COMMIT)/i.exec(
      s,
    );
  return m ? m[1] : s.slice(0, 40);
};
const spent = new Map<string, { ms: number; n: number }>();
const last = new Map<string, { sql: string; params?: unknown[] }>();
let lastOfFirst = last;
const timed =
  (q: Queryable) =>
  async <T>(sql: string, params?: unknown[]) => {
    const started = now();
    try {
      return await q.query<T>(sql, params);
    } finally {
      const key = label(sql);
      const s = spent.get(key) ?? { ms: 0, n: 0 };
      s.ms += now() - started;
      s.n++;
      spent.set(key, s);
      last.set(key, { sql, params });
    }
  };
let txMs = 0;
let pgTicksBefore = 0;
const backends = backendCpu(db);
const pgCpuMs = backends.ms;
const wrapped: Db = {
  kind: db.kind,
  query: timed(db),
  copyFrom: (target, data) => db.copyFrom(target, data),
  exec: (sql) => db.exec(sql),
  close: () => db.close(),
  transaction: async (fn) => {
    const started = now();
    try {
      return await db.transaction((tx) =>
        fn({ query: timed(tx), copyFrom: (target, data) => tx.copyFrom(target, data) }),
      );
    } finally {
      txMs += now() - started;
    }
  },
};

async function importOnce(tag: string) {
  spent.clear();
  txMs = 0;
  const deps = await benchDeps(wrapped);
  const cpu0 = process.cpuUsage();
  const { batchId, ms, peakRss } = await importFile(deps, file);
  const cpu = process.cpuUsage(cpu0);
  const pgCpu = (await pgCpuMs()) - pgTicksBefore;
  pgTicksBefore += pgCpu;
  const [b] = await db.query<Record<string, number>>(
    'SELECT total, accepted, updated, duplicate, rejected FROM intake_batches WHERE id = $1',
    [batchId],
  );
  console.log(
    `\n${tag}: ${fmtInt(ROWS)} rows in ${(ms / 1000).toFixed(2)} s = ${fmtInt(ROWS / (ms / 1000))} rows/s; node CPU ${(
      (cpu.user + cpu.system) / 1000 / ms
    ).toFixed(2)} cores; peak RSS ${fmtInt(peakRss / 1048576)} MB; ${JSON.stringify(b)}`,
  );
  console.log(
    `  CPU per 1,000 rows: node ${((cpu.user + cpu.system) / 1000 / (ROWS / 1000)).toFixed(0)} ms, PostgreSQL backends ${(pgCpu / (ROWS / 1000)).toFixed(0)} ms`,
  );
  console.log(`  transactions (wall, summed over concurrent writers): ${(txMs / 1000).toFixed(2)} s`);
  for (const [k, v] of [...spent].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `  ${(v.ms / 1000).toFixed(2).padStart(8)} s ${String(v.n).padStart(6)}× ${(v.ms / v.n).toFixed(2).padStart(8)} ms  ${k}`,
    );
  await deps.sanctions.close();
}

await importOnce('import');
lastOfFirst = new Map(last);
if (args.twice) await importOnce('re-import (all duplicates)');

if (args.explain) {
  const explain = async (title: string, sql: string, params?: unknown[]) => {
    await db
      .transaction(async (tx) => {
        const plan = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS, WAL) ${sql}`,
          params,
        );
        console.log(`\n-- ${title}\n${plan.map((p) => p['QUERY PLAN']).join('\n')}`);
        throw Object.assign(new Error('rollback'), { rollback: true });
      })
      .catch((e) => {
        if (!e.rollback) throw e;
      });
  };
  for (const [k, v] of [...lastOfFirst, ...[...last].filter(([k]) => k.startsWith('SELECT r.id'))]) {
    if (!/credit_records|ledger_queue|quarantine|subjects|SELECT r\.id/.test(k)) continue;
    // The records' insert reads a staging table that only lives in its own transaction.
    if (k === 'INSERT INTO credit_records') continue;
    const params = v.params;
    await explain(k, v.sql, params);
  }
}

if (args.raw) {
  const rawCpu0 = process.cpuUsage();
  const rawPg0 = await pgCpuMs();
  const { rows, rate } = await rawInsert(db, file);
  const rawCpu = process.cpuUsage(rawCpu0);
  console.log(
    `raw insert: ${fmtInt(rate)} rows/s; CPU per 1,000 rows: node (incl. parsing) ${((rawCpu.user + rawCpu.system) / 1000 / (rows / 1000)).toFixed(0)} ms, PostgreSQL ${(((await pgCpuMs()) - rawPg0) / (rows / 1000)).toFixed(0)} ms`,
  );
}
backends.stop();
await db.close();
await dropPgDatabase(RUN);
process.exit(0);
