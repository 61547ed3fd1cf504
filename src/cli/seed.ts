// `npm run seed -- --subjects N --seed S [--batch B]`: adds N deterministic demo subjects
// (with relations) to DATABASE_URL or the PGlite data directory, printing progress and the rate.
import { parseArgs } from 'node:util';
import { loadDataKey } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { seedSubjects } from '../seed/subjects.ts';
import { PiiVault } from '../shared/pii.ts';

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '1000' },
  },
});
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  const vault = new PiiVault(loadDataKey(config, { info: console.log, warn: console.warn }));
  const total = Number(values.subjects);
  const started = performance.now();
  const count = await seedSubjects(db, vault, {
    subjects: total,
    seed: Number(values.seed),
    batchSize: Number(values.batch),
    onBatch: (done) => process.stdout.write(`\r${done}/${total} subjects`),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nseeded ${count} subjects in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} subjects/s)`,
  );
} catch (err) {
  console.error(`\n${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
