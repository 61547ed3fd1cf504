import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Bulk load: `COPY target FROM STDIN` (target: `table (columns)`), `data` in COPY's text format
   * (db/copy.ts). Rows go in without a statement or parameters to parse each: the cheapest path into
   * a table on both back ends.
   */
  copyFrom(target: string, data: string | Uint8Array): Promise<void>;
}

/** The system of record: embedded PGlite or PostgreSQL, one SQL dialect. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseConfigError extends Error {}

// Same value shapes on both back ends: int8 → number (ids and counts stay far below 2^53),
// numeric → string (money in 万元 is never a float), date → 'YYYY-MM-DD' (legal dates carry no time zone).
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir);
}

/** Opens embedded PGlite; `dataDir` undefined means an in-memory database (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = takeDataDirLock(dataDir);
  }
  let lite: PGlite;
  try {
    lite = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : undefined, {
      // Extensions must be passed on every open, or even plain INSERTs into indexed tables fail.
      extensions: { pg_trgm },
      parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v, [NUMERIC]: (v: string) => v },
    });
  } catch (err) {
    releaseLock();
    throw err;
  }
  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      return (await lite.query<T>(sql, params as unknown[])).rows;
    },
    copyFrom: (target: string, data: string | Uint8Array) => copyIntoPglite(lite, target, data),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return lite.transaction((tx) =>
        fn({
          query: async <R>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
          copyFrom: (target: string, data: string | Uint8Array) => copyIntoPglite(tx, target, data),
        }),
      );
    },
    async exec(sql: string) {
      await lite.exec(sql);
    },
    async close() {
      if (!lite.closed) await lite.close();
      releaseLock();
    },
  };
}

/** PGlite reads COPY data from a blob in place of the client's stream. */
async function copyIntoPglite(
  q: Pick<PGlite, 'query'>,
  target: string,
  data: string | Uint8Array,
): Promise<void> {
  await q.query(`COPY ${target} FROM '/dev/blob'`, [], {
    blob: new Blob([data as string | Uint8Array<ArrayBuffer>]),
  });
}

/**
 * PGlite has no lock of its own: two processes on one data directory silently lose writes.
 * The lockfile holds the owner's pid; a lock left by a dead process is taken over.
 */
function takeDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'xinyong.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseConfigError(
          `数据目录 ${dataDir} 正被另一个进程 (pid ${owner}) 使用；同一数据目录只能由一个进程打开。` +
            ` The data directory is in use by process ${owner}.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseConfigError(`无法锁定数据目录 ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPostgres(url: string): Promise<Db> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return (v: string) => Number(v);
      if (oid === DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types: types as pg.CustomTypesConfig });
  // An idle connection the server drops (restart, failover, DROP … FORCE) must not crash the process:
  // the pool discards that client and the next query opens a new one.
  pool.on('error', () => {});
  try {
    await assertUtf8(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async copyFrom(target: string, data: string | Uint8Array) {
      const client = await pool.connect();
      try {
        await copyIntoPostgres(client, target, data);
      } finally {
        client.release();
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
          copyFrom: (target: string, data: string | Uint8Array) => copyIntoPostgres(client, target, data),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

export async function copyIntoPostgres(
  client: pg.ClientBase,
  target: string,
  data: string | Uint8Array,
): Promise<void> {
  const bytes =
    typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await pipeline(Readable.from([bytes]), client.query(copyFromStdin(`COPY ${target} FROM STDIN`)));
}

/** Chinese search needs a UTF-8 database with a UTF-8 ctype (with ctype C, pg_trgm sees no CJK letters). */
async function assertUtf8(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query(
    `SELECT pg_encoding_to_char(encoding) AS encoding, datctype FROM pg_database WHERE datname = current_database()`,
  );
  const { encoding, datctype } = rows[0] as { encoding: string; datctype: string };
  if (encoding !== 'UTF8' || !/utf-?8/i.test(datctype ?? '')) {
    throw new DatabaseConfigError(
      `数据库编码必须为 UTF8 且 LC_CTYPE 为 UTF-8 区域（当前 encoding=${encoding}, ctype=${datctype}）。` +
        ` Create it with: CREATE DATABASE xinyong ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;`,
    );
  }
}
