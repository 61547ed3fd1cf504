// `npm run seed -- --subjects N --seed S [--batch B] [--workers W]`: adds N deterministic demo subjects
// (with relations) to DATABASE_URL or the PGlite data directory in one transaction, printing progress
// and the rate. `--workers W` sets the worker threads that prepare batches (0: none).
import { parseArgs } from 'node:util';
import { loadDataKey } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { seedSubjectsReport } from '../seed/subjects.ts';
import { PiiVault } from '../shared/pii.ts';

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '1000' },
    workers: { type: 'string' },
  },
});
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(db);
  const vault = new PiiVault(loadDataKey(config, { info: console.log, warn: console.warn }));
  const total = Number(values.subjects);
  const started = performance.now();
  const report = await seedSubjectsReport(db, vault, {
    subjects: total,
    seed: Number(values.seed),
    batchSize: Number(values.batch),
    workers: values.workers === undefined ? undefined : Number(values.workers),
    onBatch: (done) => process.stdout.write(`\r${done}/${total} subjects`),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log('');
  if (report.deferredIndexes.length)
    console.log(
      `the tables were empty: ${report.deferredIndexes.length} secondary indexes and foreign keys were created after loading (${(report.indexBuildMs / 1000).toFixed(1)} s)`,
    );
  console.log(
    `seeded ${report.subjects} subjects and ${report.relations} relations in ${seconds.toFixed(1)} s (${Math.round(report.subjects / seconds)} subjects/s, ${report.workers} worker threads)`,
  );
} catch (err) {
  console.error(`\n${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
