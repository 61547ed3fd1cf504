import crypto from 'node:crypto';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/db/db.ts';

/**
 * A fresh, empty database for one test file: in-memory PGlite by default, or — when
 * DATABASE_URL is set — a new UTF-8 database created on that PostgreSQL server (and dropped after).
 */
export async function freshDatabase(): Promise<{ db: Db; url?: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({});
    return { db, drop: () => db.close() };
  }
  const name = `xy_test_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(
    serverUrl,
    `CREATE DATABASE ${name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`,
  );
  const url = withDatabase(serverUrl, name);
  const db = await openDatabase({ databaseUrl: url });
  return {
    db,
    url,
    async drop() {
      await db.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
