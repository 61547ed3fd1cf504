// `npm run migrate`: applies pending migrations to DATABASE_URL, or to the PGlite data directory.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const { applied, total } = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : `up to date (${total} migrations)`);
} finally {
  await db.close();
}
