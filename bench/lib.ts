// Shared helpers for the bench scripts: timing, percentiles, tables, bench databases.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { AppDeps } from '../src/app-deps.ts';
import { loadConfig } from '../src/config.ts';
import { type Db, openDatabase, type Queryable } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { RateLimiter } from '../src/modules/identity/rate-limit.ts';
import { Ledger } from '../src/modules/ledger/ledger.ts';
import { SanctionsRuntime } from '../src/modules/sanctions/service.ts';
import { ArchiveRegistry } from '../src/modules/subjects/archive.ts';
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
