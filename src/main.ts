import pino from 'pino';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { rescoreFromLog } from './modules/evaluation/service.ts';
import { startLedgerJobs } from './modules/ledger/jobs.ts';
import { runListJobs } from './modules/lists/jobs.ts';
import { runPublicationExpiry } from './modules/records/service.ts';
import { loadFonts } from './modules/reports/pdf.ts';

const startedAt = performance.now();
const config = loadConfig();
const log = pino({ level: config.logLevel });

try {
  const deps = await bootstrap(config, { info: (m) => log.info(m), warn: (m) => log.warn(m) });
  const app = await buildApp(deps);
  // 双公示 publication ends when each record's period is over: run at start and then periodically.
  const expire = () =>
    runPublicationExpiry(deps)
      .then((n) => n && log.info({ records: n }, 'publication periods ended'))
      .catch((err: Error) => log.error({ err: err.message }, 'publication expiry failed'))
      // Lists: expiry, mirrored lists from intake, candidate detection.
      .then(() => runListJobs(deps, log));
  await expire();
  const timer = setInterval(expire, config.publicationJobMinutes * 60_000);
  timer.unref();
  const stopLedgerJobs = startLedgerJobs(deps, log);
  // Evaluation follows the credit log: subjects named by new leaves are re-scored within seconds.
  let rescoring = false;
  const rescore = setInterval(() => {
    if (rescoring) return;
    rescoring = true;
    rescoreFromLog(deps, deps.clock.now())
      .catch((err: Error) => log.error({ err: err.message }, 'evaluation re-scoring failed'))
      .finally(() => {
        rescoring = false;
      });
  }, 1_000);
  rescore.unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(timer);
    stopLedgerJobs();
    clearInterval(rescore);
    log.info({ signal }, 'shutting down');
    await app.close();
    await deps.db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  log.info(
    {
      database: deps.db.kind,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
      ms: Math.round(performance.now() - startedAt),
    },
    `xinyong ready: portal http://localhost:${config.port}/  console /console  API /api/v1  docs /api/docs`,
  );
  // Parsing the report fonts takes ~0.4 s: do it once the service is up, not in the first report.
  setTimeout(loadFonts, 1_000).unref();
} catch (err) {
  log.fatal({ err: err instanceof Error ? { message: err.message } : err }, 'start-up failed');
  process.exit(1);
}
