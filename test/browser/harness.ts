import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { startTestServer } from '../support/server.ts';

/** Debian's chromium by default; CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface BrowserEnv {
  server: TestServer;
  browser: Browser;
  /** A fresh page (own cookies and storage) that fails the test on uncaught page errors. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** GET `/api/v1${path}` anonymously, as JSON. */
  api<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/** Builds dist/web if stale (same script as `npm start`), starts the real service and headless Chromium. */
export async function startBrowserEnv(opts: Parameters<typeof startTestServer>[0] = {}): Promise<BrowserEnv> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/ensure-web-build.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const server = await startTestServer(opts);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const pageErrors: Error[] = [];
  return {
    server,
    browser,
    async newPage(options) {
      const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', ...options });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error));
      return page;
    },
    async api<T>(apiPath: string) {
      const response = await fetch(`${server.url}/api/v1${apiPath}`);
      if (!response.ok) throw new Error(`GET ${apiPath}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async close() {
      await browser.close();
      await server.close();
      if (pageErrors.length)
        throw new AggregateError(pageErrors, `uncaught page errors: ${pageErrors.map(String).join('; ')}`);
    },
  };
}

/** Signs in through the console login form and waits for the dashboard. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/console/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/** The text a user sees in an element (layout-aware, unlike textContent). */
export function text(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text on purpose
  return locator.innerText();
}

/** Rendered text of every element matching a test id. */
export async function texts(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).allInnerTexts();
}
