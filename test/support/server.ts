import type { AddressInfo } from 'node:net';
import type { DemoCredentials } from '../../src/seed/demo.ts';
import { createTestApp } from './app.ts';

/** The real service listening on a random local port, serving the built web app (for browser tests). */
export async function startTestServer(opts: { demoSubjects?: number } = {}): Promise<{
  url: string;
  credentials: DemoCredentials;
  close(): Promise<void>;
}> {
  const t = await createTestApp(opts);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, credentials: t.credentials, close: t.close };
}
