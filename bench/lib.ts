// Shared helpers for the bench scripts: timing, percentiles, tables, bench databases.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { AppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config.ts';
import { copyIntoPostgres, type Db, openDatabase, type Queryable } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { orgCodeCheckChar, usccCheckChar } from '../src/modules/identifiers/uscc.ts';
import { RateLimiter } from '../src/modules/identity/rate-limit.ts';
import { Ledger } from '../src/modules/ledger/ledger.ts';
import { SanctionsRuntime } from '../src/modules/sanctions/service.ts';
import { ArchiveRegistry } from '../src/modules/subjects/archive.ts';
import { seedSubjects } from '../src/seed/subjects.ts';
import { systemClock } from '../src/shared/clock.ts';
import { PiiVault } from '../src/shared/pii.ts';
import { adminQuery, withDatabase } from '../test/support/db.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** PGlite bench data lives here (gitignored). */
export const BENCH_DATA = path.join(ROOT, '.bench-data');
/** The PostgreSQL server bench databases are created on. */
export const PG_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fixed data key, so identity numbers sealed in a kept bench database can be looked up on a later run. */
export const benchVault = () => new PiiVault(Buffer.alloc(32, 7));

// ---------- timing and figures ----------

export const now = () => performance.now();

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1],
    mean,
  };
}

export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtSec = (ms: number) => (ms / 1000).toFixed(2);

const NUMERIC = /^[-+]?[\d,.]+( ?%|x)?$/;

/** Prints rows as an aligned table; numbers right-aligned. */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  const cells = rows.map((r) => cols.map((c) => String(r[c] ?? '')));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[], raw?: Record<string, string | number>) =>
    vals
      .map((v, i) => (raw && NUMERIC.test(String(raw[cols[i]])) ? v.padStart(width[i]) : v.padEnd(width[i])))
      .join('  ');
  console.log(`  ${line(cols)}`);
  console.log(`  ${width.map((w) => '-'.repeat(w)).join('  ')}`);
  cells.forEach((row, i) => {
    console.log(`  ${line(row, rows[i])}`);
  });
}

/** The house format for a figure compared with a baseline measured in the same run. */
export function printRatio(label: string, value: number, baseline: number, note = ''): void {
  console.log(`ratio ${label}: ${(value / baseline).toFixed(2)}${note ? `  (${note})` : ''}`);
}

export function printTarget(label: string, ok: boolean, detail: string): void {
  console.log(`target ${label}: ${ok ? 'MET' : 'MISSED'}  (${detail})`);
}

// ---------- databases ----------

export async function pgDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/** A new, empty UTF-8 database (dropped first if it exists); returns its URL. */
export async function createPgDatabase(name: string): Promise<string> {
  if (!/^xy_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database name: ${name}`);
  await dropPgDatabase(name);
  await adminQuery(
    PG_SERVER,
    `CREATE DATABASE ${name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`,
  );
  return withDatabase(PG_SERVER, name);
}

export async function dropPgDatabase(name: string): Promise<void> {
  if (!/^xy_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database name: ${name}`);
  await adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export const pgUrl = (name: string) => withDatabase(PG_SERVER, name);

/** Opens (PostgreSQL URL or PGlite data directory) and applies the migrations. */
export async function openMigrated(target: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  const db = await openDatabase(target);
  await migrate(db);
  return db;
}

/** A fresh PGlite data directory under .bench-data/. */
export function freshPgliteDir(name: string): string {
  const dir = path.join(BENCH_DATA, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** What the service functions need, built as `bootstrap` builds it (no demo seeding, no HTTP). */
export async function benchDeps(db: Db): Promise<AppDeps> {
  const config = loadConfig({ DEMO_DATA: 'false' });
  const vault = benchVault();
  return {
    db,
    config,
    clock: systemClock,
    vault,
    archive: new ArchiveRegistry(),
    limiter: new RateLimiter(),
    ledger: await Ledger.open(db, vault, systemClock, config.ledger),
    sanctions: await SanctionsRuntime.start(db, 0, (err) => console.warn(err.message)),
  };
}

/** Small deterministic PRNG (mulberry32) so query mixes repeat between runs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, items: T[]): T => items[Math.floor(rand() * items.length)];
export const intBetween = (rand: () => number, lo: number, hi: number) =>
  lo + Math.floor(rand() * (hi - lo + 1));

/**
 * Wraps a Db so that time spent inside queries is added up per label (`label(sql)`), and the
 * last statement is kept — the bench can split a run into database time and JS time, and
 * EXPLAIN what a service function actually sent.
 */
export function instrument<Q extends Queryable>(q: Q, label: (sql: string) => string = () => 'query') {
  const spent = new Map<string, number>();
  const calls: { sql: string; params?: unknown[]; ms: number }[] = [];
  const wrapped = Object.create(q) as Q;
  wrapped.query = async <T>(sql: string, params?: unknown[]) => {
    const started = now();
    try {
      return await q.query<T>(sql, params);
    } finally {
      const ms = now() - started;
      const key = label(sql);
      spent.set(key, (spent.get(key) ?? 0) + ms);
      calls.push({ sql, params, ms });
      if (calls.length > 8) calls.shift();
    }
  };
  wrapped.copyFrom = async (target: string, data: string) => {
    const started = now();
    try {
      await q.copyFrom(target, data);
    } finally {
      const key = `COPY ${target.split(' ')[0]}`;
      spent.set(key, (spent.get(key) ?? 0) + now() - started);
    }
  };
  return { q: wrapped, spent, calls };
}

/** 'INSERT INTO subjects …' → 'INSERT subjects'. */
export const statementLabel = (sql: string) =>
  (/^\s*(INSERT INTO|SELECT|WITH|UPDATE|DELETE FROM)\s+(\w+)?/i.exec(sql)?.slice(1).join(' ') ?? 'other')
    .replace('INTO ', '')
    .trim();

/**
 * A generated database kept between runs: reused when its `bench_meta` row matches `meta` (and not
 * `fresh`), after `onReuse` and `VACUUM ANALYZE` (autovacuum is off on the bench server); otherwise
 * created and filled by `generate`, which must write the `bench_meta` row.
 */
export async function openKeptDatabase(
  name: string,
  opts: {
    fresh: boolean;
    meta: Record<string, number>;
    generate: (db: Db, url: string) => Promise<void>;
    onReuse?: (db: Db) => Promise<void>;
  },
): Promise<Db> {
  const url = pgUrl(name);
  if (!opts.fresh && (await pgDatabaseExists(name))) {
    const db = await openMigrated({ databaseUrl: url });
    const [row] = await db
      .query<Record<string, string | number>>('SELECT *, generated_on::text AS generated_on FROM bench_meta')
      .catch(() => []);
    if (row && Object.entries(opts.meta).every(([k, v]) => Number(row[k]) === v)) {
      const sizes = Object.entries(opts.meta).map(([k, v]) => `${k} ${fmtInt(v)}`);
      console.log(`reusing ${name}: ${sizes.join(', ')} (generated ${row.generated_on})`);
      await opts.onReuse?.(db);
      await db.exec('VACUUM ANALYZE');
      return db;
    }
    await db.close();
  }
  await createPgDatabase(name);
  const db = await openMigrated({ databaseUrl: url });
  await opts.generate(db, url);
  return db;
}

// ---------- generated data, shared by the scripts that generate credit records in SQL ----------

/** Named stages of a generation, timed, printed as one table at the end. */
export function stageTimer() {
  const rows: Record<string, string | number>[] = [];
  const started = now();
  return {
    async stage<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const t = now();
      const out = await fn();
      rows.push({ stage: name, seconds: fmtSec(now() - t) });
      return out;
    },
    print(title: string): void {
      printTable(title, [...rows, { stage: 'total', seconds: fmtSec(now() - started) }]);
    },
  };
}

export type StageTimer = ReturnType<typeof stageTimer>;

/** `seedSubjects` with the bench's vault, reporting progress five times. */
export async function seedBenchSubjects(db: Db, n: number, seed: number): Promise<void> {
  let nextReport = n / 5;
  const t = now();
  await seedSubjects(db, benchVault(), {
    subjects: n,
    seed,
    onBatch: (done) => {
      if (done < nextReport && done < n) return;
      nextReport += n / 5;
      console.log(`  subjects ${fmtInt(done)}/${fmtInt(n)} (${fmtInt((done / (now() - t)) * 1000)}/s)`);
    },
  });
}

/** Deciding departments: [code, name, region, decision-number abbreviation, share of the records]. */
export const DEPARTMENTS: [string, string, string, string, number][] = [
  ['SCJG-220000', '吉林省市场监督管理局', '220000', '吉市监', 4],
  ['STHJ-220000', '吉林省生态环境厅', '220000', '吉环', 2],
  ['SCJG-220100', '长春市市场监督管理局', '220100', '长市监', 10],
  ['STHJ-220100', '长春市生态环境局', '220100', '长环', 4],
  ['SCJG-220102', '长春市南关区市场监督管理局', '220102', '长南市监', 4],
  ['SCJG-220104', '长春市朝阳区市场监督管理局', '220104', '长朝市监', 4],
  ['SCJG-220122', '农安县市场监督管理局', '220122', '农市监', 3],
  ['SCJG-220184', '公主岭市市场监督管理局', '220184', '公市监', 3],
  ['SCJG-220200', '吉林市市场监督管理局', '220200', '吉林市监', 6],
  ['SCJG-220204', '吉林市船营区市场监督管理局', '220204', '船市监', 2],
  ['SCJG-220282', '桦甸市市场监督管理局', '220282', '桦市监', 2],
  ['SCJG-220300', '四平市市场监督管理局', '220300', '四市监', 4],
  ['SCJG-220322', '梨树县市场监督管理局', '220322', '梨市监', 2],
  ['SCJG-220400', '辽源市市场监督管理局', '220400', '辽市监', 2],
  ['SCJG-220500', '通化市市场监督管理局', '220500', '通市监', 3],
  ['SCJG-220581', '梅河口市市场监督管理局', '220581', '梅市监', 2],
  ['SCJG-220600', '白山市市场监督管理局', '220600', '白山市监', 2],
  ['SCJG-220700', '松原市市场监督管理局', '220700', '松市监', 3],
  ['SCJG-220800', '白城市市场监督管理局', '220800', '白城市监', 2],
  ['SCJG-222400', '延边朝鲜族自治州市场监督管理局', '222400', '延州市监', 3],
  ['SCJG-222401', '延吉市市场监督管理局', '222401', '延市监', 3],
  ['SCJG-222403', '敦化市市场监督管理局', '222403', '敦市监', 1],
];

/** A valid USCC for a government body (登记管理部门 1, 机关 1) in `region`. */
function departmentUscc(region: string, i: number): string {
  const body = String(11_000_000 + i * 7_919).slice(0, 8);
  const first17 = `11${region}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

export async function insertDepartments(db: Queryable): Promise<void> {
  for (const [i, [code, name, region]] of DEPARTMENTS.entries())
    await db.query('INSERT INTO departments (code, name, uscc, region_code) VALUES ($1, $2, $3, $4)', [
      code,
      name,
      departmentUscc(region, i),
      region,
    ]);
}

/** Upper bounds of the cumulative shares, for `width_bucket(random(), bounds)` (bucket 0 … n-1). */
export function shareBounds(shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  return shares.slice(0, -1).map((s) => {
    cumulative += s;
    return cumulative / total;
  });
}

/**
 * Session temp table `pg_temp.bench_departments` (id, name, uscc, region_code, abbr, bucket) over the
 * inserted DEPARTMENTS; returns the bucket bounds for `width_bucket(random(), $bounds)`.
 */
export async function benchDepartmentsTable(s: Queryable): Promise<number[]> {
  await s.query(
    `CREATE TEMP TABLE bench_departments AS
     SELECT d.id, d.name, d.uscc, d.region_code, t.abbr, t.bucket
     FROM departments d JOIN unnest($1::text[], $2::text[], $3::int[]) AS t(code, abbr, bucket) ON t.code = d.code`,
    [DEPARTMENTS.map((d) => d[0]), DEPARTMENTS.map((d) => d[3]), DEPARTMENTS.map((_, i) => i)],
  );
  const [{ n }] = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_temp.bench_departments');
  if (n !== DEPARTMENTS.length) throw new Error('departments missing');
  return shareBounds(DEPARTMENTS.map((d) => d[4]));
}

/** The newest national catalogue item of each code: id and category. */
export async function catalogueItems(s: Queryable, codes: string[]) {
  const rows = await s.query<{ code: string; id: number; category: string }>(
    `SELECT DISTINCT ON (i.code) i.code, i.id, i.category FROM catalogue_items i
     JOIN catalogue_versions v ON v.id = i.version_id
     WHERE v.catalogue = 'NATIONAL' AND i.code = ANY($1::text[]) ORDER BY i.code, v.published_on DESC`,
    [codes],
  );
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw new Error(`catalogue items missing: ${missing.join(', ')}`);
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * Runs `fn` on one session set up for a bulk load: FK triggers off (`session_replication_role =
 * replica`; generated ids are drawn from existing rows), asynchronous commit, large work memory. On
 * PostgreSQL (`url`) a dedicated connection; on PGlite (no `url`) the database's only session, reset after.
 */
export async function withBulkSession<T>(
  db: Db,
  url: string | null,
  fn: (s: Queryable) => Promise<T>,
): Promise<T> {
  const settings = [
    `SET session_replication_role = replica`,
    `SET synchronous_commit = off`,
    `SET work_mem = '256MB'`,
    `SET maintenance_work_mem = '1GB'`,
  ];
  if (!url) {
    for (const sql of settings) await db.query(sql);
    try {
      return await fn(db);
    } finally {
      await db.query('RESET ALL');
      await db.query('DISCARD TEMP');
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of settings) await client.query(sql);
    return await fn({
      query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
      copyFrom: (target, data) => copyIntoPostgres(client, target, data),
    });
  } finally {
    await client.end();
  }
}

/**
 * Loads credit records as a bulk load would: the secondary indexes of `credit_records` are dropped,
 * `load` runs, the indexes are built again, then VACUUM ANALYZE. The primary key and unique
 * constraints stay on throughout. Each step is a stage of `stages`.
 */
export async function bulkLoadCreditRecords(
  s: Queryable,
  stages: StageTimer,
  label: string,
  load: () => Promise<void>,
): Promise<void> {
  const indexes = await s.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.tablename = 'credit_records' AND NOT EXISTS (
       SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid = 'credit_records'::regclass)`,
  );
  await stages.stage(label, async () => {
    for (const ix of indexes) await s.query(`DROP INDEX ${ix.name}`);
    await load();
  });
  await stages.stage(`secondary indexes (${indexes.length}, built after loading)`, async () => {
    for (const ix of indexes) await s.query(ix.def);
  });
  await stages.stage('VACUUM ANALYZE', () => s.query('VACUUM ANALYZE'));
}

/** The contiguous id range of the seeded subjects: first id and count. */
export async function subjectRange(s: Queryable): Promise<{ lo: string; n: number }> {
  const [range] = await s.query<{ lo: string; n: number }>(
    'SELECT min(id) AS lo, count(*)::int AS n FROM subjects',
  );
  return range;
}
