import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519Generate } from '../../src/shared/crypto/ed25519.ts';
import { type BrowserEnv, login, startBrowserEnv, text } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

let env: BrowserEnv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xy-browser-reports-'));
const password = (username: string) =>
  env.server.credentials.users.find((user) => user.username === username)!.password;

beforeAll(async () => {
  env = await startBrowserEnv({ demoSubjects: 300 });
});

afterAll(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('credit reports', () => {
  let reportNo: string;
  let verifyCode: string;
  let pdfPath: string;

  it('a subject issues its own report, downloads the PDF and verifies it on the portal; a changed copy fails', async () => {
    const page = await env.newPage({ acceptDownloads: true });
    await login(page, 'subject-demo', password('subject-demo'));
    await page.getByTestId('menu-my-reports').click();
    await page.getByTestId('report-purpose').fill('招标投标资格审查');
    await page.getByTestId('report-issue').click();
    await page.getByTestId('report-issued').waitFor();
    reportNo = await text(page.getByTestId('report-no'));
    verifyCode = await text(page.getByTestId('report-code'));
    expect(reportNo).toMatch(/^[A-Z0-9]{8,40}$/);
    expect(verifyCode.length).toBeGreaterThanOrEqual(4);
    // The new report heads "my reports".
    await page.locator(`[data-testid="report-row"][data-report-no="${reportNo}"]`).waitFor();

    // A plain link: the browser downloads the file with the session cookie.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-download-pdf').click(),
    ]);
    pdfPath = path.join(tmp, `${reportNo}.pdf`);
    await download.saveAs(pdfPath);
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');

    // The QR code's link verifies at once.
    await page.goto(`/verify?no=${encodeURIComponent(reportNo)}&code=${encodeURIComponent(verifyCode)}`);
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-valid')).toBe('true');
    expect(await text(result)).toContain('报告真实有效');
    expect(await text(page.getByTestId('verify-report-no'))).toBe(reportNo);
    expect(await page.locator('[data-testid="verify-check"][data-ok="false"]').count()).toBe(0);

    // The downloaded PDF itself verifies …
    const fileInput = page.getByTestId('verify-upload').locator('input[type=file]');
    const fileResult = page.getByTestId('verify-file-result');
    await fileInput.setInputFiles(pdfPath);
    await fileResult.waitFor();
    await expect.poll(() => fileResult.getAttribute('data-valid')).toBe('true');
    expect(await text(fileResult)).toContain('报告文件真实有效');

    // … and a copy with one byte changed in the middle does not.
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    const tamperedPath = path.join(tmp, 'tampered.pdf');
    fs.writeFileSync(tamperedPath, tampered);
    await fileInput.setInputFiles(tamperedPath);
    await expect.poll(() => fileResult.getAttribute('data-valid')).toBe('false');
    expect(await text(fileResult)).toContain('核验未通过');
    await page.context().close();
  });

  it('the PDF draws its Chinese glyphs in a browser PDF engine (pdf.js in Chromium), with only the embedded fonts', async () => {
    const page = await env.newPage();
    const pdfjs = path.join(ROOT, 'node_modules/pdfjs-dist/build');
    // pdf.js served from node_modules on a made-up path; the page has no other fonts than its defaults.
    await page.route('**/__pdfjs/*', (route) =>
      route.fulfill({
        path: path.join(pdfjs, path.basename(new URL(route.request().url()).pathname)),
        contentType: 'text/javascript',
      }),
    );
    await page.goto('/');
    // A module script, so that the test runner does not rewrite the dynamic import.
    await page.addScriptTag({
      type: 'module',
      content: `import * as lib from '/__pdfjs/pdf.mjs';
        lib.GlobalWorkerOptions.workerSrc = '/__pdfjs/pdf.worker.mjs';
        window.pdfjsLib = lib;`,
    });
    await page.waitForFunction(() => 'pdfjsLib' in window);
    const ink = await page.evaluate(async (b64: string) => {
      // biome-ignore lint/suspicious/noExplicitAny: pdf.js as loaded into the page
      const lib = (window as any).pdfjsLib;
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      // useSystemFonts off: glyphs come from the fonts embedded in the PDF or nowhere.
      const doc = await lib.getDocument({ data, useSystemFonts: false }).promise;
      const pdfPage = await doc.getPage(1);
      const viewport = pdfPage.getViewport({ scale: 1 });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await pdfPage.render({ canvasContext: ctx, viewport }).promise;
      const dark = (y0: number, y1: number) => {
        const px = ctx.getImageData(0, y0, canvas.width, y1 - y0).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] < 128 && px[i + 1] < 128 && px[i + 2] < 128) n++;
        return n / (px.length / 4);
      };
      // The title 公共信用信息报告 (22 pt bold) sits 70–100 pt from the top.
      return { page: dark(0, canvas.height), title: dark(70, 100), width: canvas.width };
    }, fs.readFileSync(pdfPath).toString('base64'));
    expect(ink.width).toBeGreaterThan(500);
    expect(ink.page).toBeGreaterThan(0.004);
    expect(ink.title).toBeGreaterThan(0.03);
    await page.context().close();
  });

  it('a wrong verification code is refused, on a 390 px wide phone without sideways scrolling', async () => {
    const page = await env.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto('/');
    await page.getByTestId('nav-verify').tap();
    await page.getByTestId('verify-form').waitFor();
    await page.getByTestId('verify-no').fill(reportNo);
    await page.getByTestId('verify-code').fill(verifyCode === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ');
    await page.getByTestId('verify-submit').tap();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-valid')).toBe('false');
    expect(await text(result)).toContain('报告编号或验证码不正确');

    await page.getByTestId('verify-code').fill(verifyCode);
    await page.getByTestId('verify-submit').tap();
    await expect.poll(() => result.getAttribute('data-valid')).toBe('true');
    expect(page.url()).toContain(`code=${verifyCode}`);
    expect(await overflow()).toBe(0);
    await page.context().close();
  });

  it('the administrator sees the ledger, signs a checkpoint, audits it and imports a peer platform', async () => {
    const page = await env.newPage();
    await login(page, 'admin', password('admin'));
    await page.getByTestId('menu-ledger').click();
    await expect
      .poll(async () => Number((await text(page.getByTestId('ledger-tree-size'))).replace(/\D/g, '')))
      .toBeGreaterThan(0);
    // The hash algorithm comes with the keys, a request of its own that may answer after the tree's.
    await expect.poll(() => text(page.getByTestId('ledger-hash'))).toMatch(/SM3|SHA-256/);

    await page.getByTestId('ledger-sign').click();
    await page.getByTestId('ledger-latest-note').waitFor();
    expect(await text(page.getByTestId('ledger-latest-note'))).toContain('—');

    await page.getByRole('tab', { name: '审计' }).click();
    await page.getByTestId('ledger-audit-run').click();
    const run = page.getByTestId('ledger-audit-row').first();
    await run.waitFor();
    expect(await run.getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('ledger-audit-failed').count()).toBe(0);

    // Mutual recognition: another platform's published keys, pasted as JSON.
    const own = await env.api<{ origin: string }>('/ledger/keys');
    const peerOrigin = 'credit.peer-province.example/ledger';
    await page.getByRole('tab', { name: '互认平台' }).click();
    await page.getByTestId('peer-import').click();
    await page.getByTestId('peer-form-json').fill(JSON.stringify({ ...own, origin: peerOrigin }, null, 2));
    await page.getByTestId('peer-form-submit').click();
    const peer = page.locator(`[data-testid="peer-row"][data-origin="${peerOrigin}"]`);
    await peer.waitFor();
    await peer.getByTestId('peer-remove').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await peer.waitFor({ state: 'detached' });

    // A witness (another province's platform) is configured by its cosignature key.
    const witnessName = 'credit.ln.example/witness';
    await page.getByRole('tab', { name: '见证方' }).click();
    await page.getByTestId('witness-add').click();
    await page.getByTestId('witness-form-name').fill(witnessName);
    await page.getByTestId('witness-form-key').fill(ed25519Generate().publicKey.toString('base64'));
    await page.getByTestId('witness-form-submit').click();
    await page.getByTestId(`witness-${witnessName}`).waitFor();
    expect(await text(page.getByTestId(`witness-${witnessName}`))).toContain('尚未联署');

    await page.getByRole('tab', { name: '账本条目' }).click();
    await page.getByTestId('ledger-entry').first().waitFor();
    expect(await page.getByTestId('ledger-entry').first().getAttribute('data-index')).toBe('0');
    await page.context().close();
  });
});
