import type { AddressInfo } from 'node:net';
import type { AppDeps } from '../../src/app-deps.ts';
import type { DemoCredentials } from '../../src/seed/demo.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { createTestApp } from './app.ts';

/** The real service listening on a random local port, serving the built web app (for browser tests). */
export async function startTestServer(opts: { demoSubjects?: number; clock?: Clock } = {}): Promise<{
  url: string;
  credentials: DemoCredentials;
  /** The running service's dependencies: its database, clock and jobs, for set-up and scheduled work. */
  deps: AppDeps;
  close(): Promise<void>;
}> {
  const t = await createTestApp(opts);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, credentials: t.credentials, deps: t.deps, close: t.close };
}
