import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from './app-deps.ts';
import type { Config } from './config.ts';
import { type Db, openDatabase } from './db/db.ts';
import { migrate } from './db/migrate.ts';
import { syncBundledCatalogue } from './modules/catalog/bundled.ts';
import { syncBundledModels } from './modules/evaluation/service.ts';
import { RateLimiter } from './modules/identity/rate-limit.ts';
import { Ledger } from './modules/ledger/ledger.ts';
import { listEntryLedgerSource } from './modules/lists/ledger-source.ts';
import { syncBundledMeasures } from './modules/lists/measures.ts';
import { failInterruptedBatches } from './modules/records/intake-service.ts';
import { logExistingRecords, recordLedgerSource } from './modules/records/ledger-source.ts';
import { SanctionsRuntime } from './modules/sanctions/service.ts';
import { ArchiveRegistry } from './modules/subjects/archive.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { PiiVault } from './shared/pii.ts';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}

/**
 * Everything before the HTTP server: open the database, apply migrations, load the data key,
 * and on an empty database in demo mode, seed demo data and credentials.
 */
export async function bootstrap(
  config: Config,
  log: Logger,
  opts: { clock?: Clock; db?: Db } = {},
): Promise<AppDeps> {
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  let deps: AppDeps | undefined;
  try {
    const { applied } = await migrate(db);
    if (applied.length) log.info(`migrations applied: ${applied.join(', ')}`);
    await db.transaction(async (tx) => {
      await syncBundledCatalogue(tx);
      await syncBundledMeasures(tx);
      await syncBundledModels(tx);
    });
    const clock = opts.clock ?? systemClock;
    const vault = new PiiVault(loadDataKey(config, log));
    deps = {
      db,
      config,
      clock,
      vault,
      archive: new ArchiveRegistry(),
      limiter: new RateLimiter(),
      ledger: await Ledger.open(db, vault, clock, config.ledger),
      sanctions: await SanctionsRuntime.start(db, config.checkIndexPollMs, (err) =>
        log.warn(`check index / recorder: ${err.message}`),
      ),
    };
    deps.ledger.sources.set('credit_record', recordLedgerSource(vault));
    deps.ledger.sources.set('list_entry', listEntryLedgerSource());
    if (deps.ledger.created) {
      const logged = await logExistingRecords(db, deps.ledger);
      if (logged) log.info(`credit log created: ${logged} existing records queued for it`);
    }
    const interrupted = await failInterruptedBatches(deps);
    if (interrupted)
      log.warn(`${interrupted} intake batch(es) interrupted by the last stop were marked FAILED`);
    if (config.demoData) {
      // Loaded only in demo mode: production never carries the generator.
      const { seedDemo } = await import('./seed/demo.ts');
      const seeded = await seedDemo(deps);
      if (seeded) {
        // The index and the subject directory were built before the demo data existed.
        await deps.sanctions.index.rebuild();
        deps.sanctions.index.loadDirectory();
        log.info(
          `demo data seeded: ${seeded.subjects} subjects, ${seeded.records} records; credentials in ${seeded.credentialsFile}`,
        );
      }
    }
    return deps;
  } catch (err) {
    await deps?.sanctions.close();
    await db.close();
    throw err;
  }
}

/** DATA_KEY from the environment; otherwise a development key kept in the data directory. */
export function loadDataKey(config: Config, log: Logger): Buffer {
  if (config.dataKey) return Buffer.from(config.dataKey, 'base64');
  const file = path.join(config.dataDir, 'dev-data-key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  log.warn(
    `DATA_KEY is not set: using the development key in ${file}. Set DATA_KEY (base64, 32 bytes) in production.`,
  );
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}
