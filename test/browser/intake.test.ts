import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublicationExpiry } from '../../src/modules/records/service.ts';
import { shanghaiDate } from '../../src/shared/clock.ts';
import { addDays, addMonths } from '../../src/shared/dates.ts';
import { writeCsv } from '../fixtures/intake/build-fixtures.ts';
import { type BrowserEnv, login, startBrowserEnv, text } from './harness.ts';

// Real time (the browser keeps the session cookie by the real clock), moved a day on at the end.
const clock = {
  at: new Date(),
  now() {
    return this.at;
  },
};
const today = shanghaiDate(clock.at);
// A general-tier penalty is published for 12 months: decided on this day, its last public day is today.
const lastDayToday = addDays(addMonths(today, -12), 1);
let env: BrowserEnv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xy-browser-intake-'));
const HEADERS = [
  '行政相对人名称',
  '行政相对人类别',
  '统一社会信用代码',
  '行政处罚决定书文号',
  '违法行为类型',
  '违法事实',
  '处罚依据',
  '处罚类别',
  '处罚内容',
  '罚款金额（万元）',
  '处罚决定日期',
  '处罚机关',
  '处罚机关统一社会信用代码',
  '数据来源单位',
  '数据来源单位统一社会信用代码',
];
let party: { name: string; uscc: string };
const password = () => env.server.credentials.users[0].password;

beforeAll(async () => {
  env = await startBrowserEnv({ clock, demoSubjects: 300 });
  [party] = await env.server.deps.db.query<{ name: string; uscc: string }>(
    `SELECT name, uscc FROM subjects WHERE uscc IS NOT NULL AND type = 'ENTERPRISE' ORDER BY id LIMIT 1`,
  );
});

afterAll(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('intake to publication', () => {
  it('an operator uploads a file, fixes the rejected row, and the records appear on the portal; an expired one leaves', async () => {
    const [dept] = await env.server.deps.db.query<{ name: string; uscc: string }>(
      `SELECT name, uscc FROM departments WHERE code = 'CC-SCJG'`,
    );
    const row = (no: string, decided: string, uscc = party.uscc) => [
      party.name,
      '法人及非法人组织',
      uscc,
      no,
      '虚假宣传',
      '经查，当事人发布虚假广告。',
      '《中华人民共和国反不正当竞争法》第二十条',
      '警告；罚款',
      '罚款人民币2万元',
      '2',
      decided,
      dept.name,
      dept.uscc,
      dept.name,
      dept.uscc,
    ];
    const file = path.join(tmp, '处罚信息.csv');
    await writeCsv(
      file,
      HEADERS,
      [
        row('长市监罚〔2026〕B1号', addDays(today, -3)),
        row('长市监罚〔2025〕B2号', lastDayToday),
        row('长市监罚〔2026〕B3号', addDays(today, -2), '91220100XXXXXXXXXX'),
      ],
      'gb18030',
    );

    const page = await env.newPage();
    await login(page, 'cc-operator', password());
    await page.goto('/console/intake');
    await page.getByTestId('intake-file-input').setInputFiles(file);
    await page.getByTestId('intake-result').waitFor();
    expect(await text(page.getByTestId('intake-accepted'))).toBe('2');
    expect(await text(page.getByTestId('intake-rejected'))).toBe('1');
    const report = await page.getByTestId('intake-error-report').getAttribute('href');
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), report);
    expect(csv).toContain('91220100XXXXXXXXXX');
    expect(csv).toContain('错误');

    // The rejected row waits in the quarantine with its error next to the field.
    await page.getByTestId('intake-quarantine-link').click();
    const quarantined = page.getByTestId('quarantine-row');
    await quarantined.first().waitFor();
    await expect.poll(() => quarantined.count()).toBe(1);
    const id = await quarantined.first().getAttribute('data-id');
    await page.getByTestId(`quarantine-open-${id}`).click();
    expect(await text(page.getByTestId('quarantine-error-统一社会信用代码'))).toContain('统一社会信用代码');
    await page.getByTestId('quarantine-field-统一社会信用代码').fill(party.uscc);
    await page.getByTestId('quarantine-submit').click();
    expect(await text(page.getByTestId('quarantine-outcome'))).toContain('已入库');
    await page.context().close();

    // The public finds the corrected record on the portal.
    const portal = await env.newPage();
    await portal.goto('/publicity?item=ADMIN_PENALTY');
    await portal.getByTestId('publicity-search-input').fill('长市监罚〔2026〕B3号');
    await portal.getByTestId('publicity-search-submit').click();
    await portal.waitForURL(/q=/);
    const found = portal.getByTestId('publicity-row');
    await expect.poll(() => found.count()).toBe(1);
    expect(await text(found.first())).toContain(party.name);
    await found.first().getByText(party.name).first().click();
    await portal.getByTestId('record-detail').waitFor();
    expect(await text(portal.getByTestId('record-field-CF_WSH'))).toBe('长市监罚〔2026〕B3号');

    // The record whose period ends today is public today …
    await portal.goto(`/publicity?item=ADMIN_PENALTY&q=${encodeURIComponent('长市监罚〔2025〕B2号')}`);
    await portal.getByTestId('publicity-row').first().waitFor();
    const expiring = await portal.getByTestId('publicity-row').first().getAttribute('data-record-id');

    // … and gone tomorrow, once the expiry job has run.
    clock.at = new Date(clock.at.getTime() + 86_400_000);
    expect(await runPublicationExpiry(env.server.deps)).toBeGreaterThanOrEqual(1);
    await portal.goto(`/publicity?item=ADMIN_PENALTY&q=${encodeURIComponent('长市监罚〔2025〕B2号')}`);
    await portal.getByTestId('publicity-empty').waitFor();
    await portal.goto(`/records/${expiring}`);
    await portal.getByTestId('record-not-found').waitFor();
    // The other record is still published.
    await portal.goto(`/publicity?item=ADMIN_PENALTY&q=${encodeURIComponent('长市监罚〔2026〕B1号')}`);
    await portal.getByTestId('publicity-row').first().waitFor();
    await portal.context().close();
  });
});
