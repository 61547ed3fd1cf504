import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/app-deps.ts';
import { bootstrap } from '../../src/bootstrap.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { App } from '../../src/http/types.ts';
import type { DemoCredentials } from '../../src/seed/demo.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { freshDatabase } from './db.ts';

export interface TestApp {
  app: App;
  deps: AppDeps;
  credentials: DemoCredentials;
  dataDir: string;
  close(): Promise<void>;
}

const quietLog = { info() {}, warn() {} };

/** The real application on a fresh database (PGlite, or PostgreSQL when DATABASE_URL is set) with demo data. */
export async function createTestApp(
  opts: {
    demoSubjects?: number;
    clock?: Clock;
    logStream?: { write(line: string): void };
    /** Settings that differ from the defaults (e.g. another platform's ledger origin). */
    config?: Partial<Config>;
  } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-test-'));
  const { db, drop } = await freshDatabase();
  const config = {
    ...loadConfig({}),
    dataDir,
    demoSubjects: opts.demoSubjects ?? 1500,
    webDir: path.resolve('dist/web'),
    loginMaxFailures: 5,
    ...opts.config,
  };
  const deps = await bootstrap(config, quietLog, { db, clock: opts.clock });
  const app = await buildApp(deps, { logStream: opts.logStream ?? null });
  await app.ready();
  const credentials = JSON.parse(
    fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'),
  ) as DemoCredentials;
  return {
    app,
    deps,
    credentials,
    dataDir,
    async close() {
      await app.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the API and returns headers that authenticate later requests (cookie + CSRF). */
export async function loginAs(app: App, username: string, password = 'Xinyong2026') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'xy_session');
  const { csrfToken } = res.json() as { csrfToken: string };
  return { cookie: `xy_session=${cookie!.value}`, 'x-csrf-token': csrfToken };
}
