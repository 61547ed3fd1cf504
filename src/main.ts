import pino from 'pino';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './config.ts';

const startedAt = performance.now();
const config = loadConfig();
const log = pino({ level: config.logLevel });

try {
  const deps = await bootstrap(config, { info: (m) => log.info(m), warn: (m) => log.warn(m) });
  const app = await buildApp(deps);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
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
} catch (err) {
  log.fatal({ err: err instanceof Error ? { message: err.message } : err }, 'start-up failed');
  process.exit(1);
}
