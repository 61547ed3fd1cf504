import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/shared/clock.ts';
import { addDays, addMonths } from '../../src/shared/dates.ts';
import { type BrowserEnv, login, startBrowserEnv, text } from './harness.ts';

// Real time (the browser keeps the session cookie by the real clock), moved on past the defence window.
const clock = {
  at: new Date(),
  now() {
    return this.at;
  },
};
let env: BrowserEnv;
/** A Changchun enterprise on no list yet: the department lists it. */
let party: { uscc: string; name: string };
const decisionNo = '长市监信认〔2026〕7号';
/** As long as the pages' own timeout: a request may be slow on a busy machine. */
const POLL = { timeout: 15_000 };
const password = (username: string) =>
  env.server.credentials.users.find((user) => user.username === username)!.password;

/** A call of a department's business system with its API key (`checks` scope). */
async function system<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${env.server.url}/api/v1${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${env.server.credentials.apiClients[0].key}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Waits for the entry drawer to show `status`; an error message on the page fails at once with its text. */
async function expectStatus(page: Page, status: string): Promise<void> {
  await expect
    .poll(async () => {
      const error = page.locator('.ant-message-error');
      if (await error.count()) return `error: ${await text(error.first())}`;
      return page.getByTestId('entry-detail').getAttribute('data-status');
    }, POLL)
    .toBe(status);
}

interface CheckAnswer {
  checkId: string;
  result: 'CLEAR' | 'HIT';
  hits: { entryId: string; measureCode: string; measureName: string; action: string }[];
}

/** Changchun enterprises on no list, those with records (evidence for candidates) first. */
const FREE_ENTERPRISES = `SELECT s.id, s.uscc, s.name FROM subjects s
  WHERE s.type = 'ENTERPRISE' AND s.uscc IS NOT NULL AND s.region_code LIKE '2201%'
    AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id)
  ORDER BY EXISTS (SELECT 1 FROM credit_records r WHERE r.subject_id = s.id AND r.status = 'ACTIVE') DESC, s.id
  LIMIT 3`;

beforeAll(async () => {
  env = await startBrowserEnv({ clock, demoSubjects: 1000 });
  const free = await env.server.deps.db.query<{ id: number; uscc: string; name: string }>(FREE_ENTERPRISES);
  expect(free.length).toBe(3);
  party = free[2];
  // What the detection rule would queue for the other two (its thresholds need more history than 300 subjects).
  for (const { id } of free.slice(0, 2))
    await env.server.deps.db.query(
      `INSERT INTO list_candidates (rule, list_type, subject_id, region_code, evidence)
       SELECT 'PENALTIES_3_IN_12M', 'KEY_ATTENTION', s.id, s.region_code, coalesce(
         (SELECT jsonb_agg(jsonb_build_object('recordId', r.public_id, 'item', r.item_code,
            'decisionNo', r.decision_no, 'decisionDate', r.decision_date::text, 'authority', r.authority_name))
          FROM credit_records r WHERE r.subject_id = s.id AND r.status = 'ACTIVE'), '[]'::jsonb)
       FROM subjects s WHERE s.id = $1`,
      [id],
    );
});

afterAll(async () => {
  await env?.close();
});

describe('lists and joint rewards and punishments', () => {
  let entryId: string;
  let checkId: string;

  it('an operator lists an enterprise as seriously dishonest: draft, notice, decision after the defence window, publication', async () => {
    const page = await env.newPage();
    await login(page, 'cc-operator', password('cc-operator'));
    await page.getByTestId('menu-lists').click();
    await page.getByTestId('lists-table').waitFor();

    const today = shanghaiDate(clock.now());
    await page.getByTestId('lists-create').click();
    // 严重失信主体名单 is the default list type.
    expect(await text(page.getByTestId('entry-form-type'))).toContain('严重失信主体名单');
    await page.getByTestId('entry-form-subject').fill(party.uscc);
    await page.getByTestId('entry-form-facts').fill('拒不履行生效的行政处罚决定，经催告仍不履行，情节严重。');
    await page.getByTestId('entry-form-basis').fill('《吉林省社会信用条例》第二十五条');
    await page.getByTestId('entry-form-reason').fill('拒不履行行政处罚决定，情节严重');
    await page.getByTestId('validity-from').fill(today);
    // Longer than the 3 years allowed: the server's field error shows on the field.
    await page.getByTestId('validity-to').fill(addMonths(today, 40));
    await page.getByTestId('entry-form-submit').click();
    expect(await text(page.getByTestId('entry-form-error'))).toContain('LIST_VALIDITY_INVALID');
    await page.getByTestId('validity-to').fill(addDays(addMonths(today, 36), -1));
    await page.getByTestId('entry-form-submit').click();

    // The new draft opens in the detail drawer.
    const detail = page.getByTestId('entry-detail');
    await expectStatus(page, 'DRAFT');
    entryId = (await detail.getAttribute('data-entry-id'))!;
    expect(page.url()).toContain(`open=${entryId}`);
    expect(await text(page.getByTestId('entry-step-created'))).toContain('长春市市场监督管理局');
    // A serious-dishonesty draft needs a notice first: no decision button yet.
    expect(await page.getByTestId('entry-decide').count()).toBe(0);

    await page.getByTestId('entry-notice').click();
    await page.getByTestId('entry-notice-confirm').click();
    await expectStatus(page, 'NOTICED');
    expect(await text(page.getByTestId('entry-step-notice'))).toContain('陈述申辩截止');
    const deadline = (await text(page.getByTestId('entry-defence-window'))).match(/\d{4}-\d{2}-\d{2}/)![0];
    expect(deadline > today).toBe(true);

    // While the defence window is open the server refuses the decision; the form says why.
    await page.getByTestId('entry-decide').click();
    await page.getByTestId('act-form-decisionNo').fill(decisionNo);
    await page.getByTestId('act-form-removalConditions').fill('履行行政处罚决定并公开作出信用承诺');
    await page.getByTestId('act-form-remedies').fill('可在收到本决定之日起六十日内申请行政复议');
    await page.getByTestId('act-form-submit').click();
    expect(await text(page.getByTestId('act-form-error'))).toContain('DEFENCE_WINDOW_OPEN');

    // No defence came in; three weeks later the window (5 working days) is long closed.
    clock.at = new Date(clock.at.getTime() + 21 * 86_400_000);
    await login(page, 'cc-operator', password('cc-operator'));
    await page.goto(`/console/lists?open=${entryId}`);
    await expectStatus(page, 'NOTICED');
    expect(shanghaiDate(clock.now()) > deadline).toBe(true);
    await page.getByTestId('entry-decide').click();
    await page.getByTestId('act-form-decisionNo').fill(decisionNo);
    await page.getByTestId('act-form-removalConditions').fill('履行行政处罚决定并公开作出信用承诺');
    await page.getByTestId('act-form-remedies').fill('可在收到本决定之日起六十日内申请行政复议');
    await page.getByTestId('act-form-submit').click();
    await expectStatus(page, 'DECIDED');
    expect(await text(page.getByTestId('entry-step-decision'))).toContain(decisionNo);

    // The decision document is a PDF.
    const pdfHref = await page.getByTestId('entry-decision-pdf').getAttribute('href');
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');

    await page.getByTestId('entry-publish').click();
    await page.getByTestId('entry-publish-confirm').click();
    await expectStatus(page, 'PUBLISHED');
    expect(await text(page.getByTestId('entry-measures'))).toContain('限制参与政府采购活动');
    await page.getByTestId('entry-step-published').waitFor();

    // 谁认定、谁约谈: an interview is scheduled, then recorded.
    await page.getByTestId('entry-interview').click();
    await page.getByTestId('act-form-scheduledAt').fill(`${addDays(shanghaiDate(clock.now()), 3)}T10:00`);
    await page.getByTestId('act-form-place').fill('长春市市场监督管理局 3 楼约谈室');
    await page.getByTestId('act-form-submit').click();
    await page.getByTestId('entry-record').click();
    await page.getByTestId('act-form-record').fill('法定代表人到场，承诺三十日内履行处罚决定。');
    await page.getByTestId('act-form-submit').click();
    await expect.poll(() => text(page.getByTestId('entry-lifecycle')), POLL).toContain('已约谈');
    expect(await text(page.getByTestId('entry-lifecycle'))).toContain('承诺三十日内履行');
    expect(await page.getByTestId('entry-record').count()).toBe(0);

    // The list shows the entry as published.
    await page.keyboard.press('Escape');
    await page.getByTestId('lists-filter-q').fill(party.name);
    await page.getByTestId('filter-submit').click();
    const row = page.locator(`[data-testid="lists-row"][data-entry-id="${entryId}"]`);
    await row.waitFor();
    expect(await text(row.getByTestId('lists-row-status'))).toBe('已公开');
    await page.context().close();
  });

  it("a department's system checks the enterprise for a procurement, is told to block it and reports back", async () => {
    let answer: CheckAnswer | undefined;
    await expect
      .poll(async () => {
        const { status, body } = await system<CheckAnswer>('/checks', {
          subject: party.uscc,
          matter: 'GOV_PROCUREMENT',
          reference: 'CG-2026-0042',
        });
        expect(status).toBe(200);
        answer = body;
        return body.result;
      }, POLL)
      .toBe('HIT');
    const hit = answer!.hits.find((h) => h.entryId === entryId);
    expect(hit?.action).toBe('BLOCK');
    expect(hit?.measureName).toBe('限制参与政府采购活动');
    checkId = answer!.checkId;

    const feedback = await system<{ feedback: { actionTaken: string }[] }>(`/checks/${checkId}/feedback`, {
      actionTaken: 'RESTRICTED',
      handler: '采购中心 王经办',
      matterId: 'CG-2026-0042',
      entryId,
    });
    expect(feedback.status).toBe(200);
    expect(feedback.body.feedback.map((f) => f.actionTaken)).toEqual(['RESTRICTED']);
  });

  it('the deciding department follows the entry loop; the supervision dashboard counts the check, hit and feedback', async () => {
    const page = await env.newPage({ acceptDownloads: true });
    await login(page, 'cc-operator', password('cc-operator'));
    await page.goto(`/console/lists?open=${entryId}`);
    await page.getByTestId('entry-loop-link').click();
    await page.waitForURL(/tab=loop/);
    await page.getByTestId('loop-entry').waitFor();
    const check = page.locator(`[data-testid="loop-check-row"][data-check-id="${checkId}"]`);
    await check.waitFor();
    expect(await text(check)).toContain('限制参与政府采购活动');
    expect(await text(check.getByTestId('loop-feedback'))).toContain('已限制');
    await page.context().close();

    // The provincial credit office sees every department's checks.
    const admin = await env.newPage({ acceptDownloads: true });
    await login(admin, 'admin', password('admin'));
    await admin.getByTestId('menu-sanctions').click();
    // By department (the default): totals above the chart.
    await expect
      .poll(async () => Number(await text(admin.getByTestId('sanctions-kpi-hits'))), POLL)
      .toBeGreaterThanOrEqual(1);
    expect(Number(await text(admin.getByTestId('sanctions-kpi-feedback')))).toBeGreaterThanOrEqual(1);
    await admin.getByTestId('sanctions-chart').locator('canvas').waitFor();

    // By list type: the serious-dishonesty row counts the check, the hit and the feedback.
    await admin.getByTestId('sanctions-group-by').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '名单类型' }).click();
    await admin.getByTestId('filter-submit').click();
    await admin.waitForURL(/groupBy=listType/);
    const row = admin.locator('[data-testid="sanctions-stats-row"][data-key="SERIOUS_DISHONESTY"]');
    await row.waitFor();
    const [, checks, hits, feedback] = (await row.locator('td').allInnerTexts()).map((cell) =>
      Number(cell.replace(/\D/g, '')),
    );
    expect(checks).toBeGreaterThanOrEqual(1);
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(feedback).toBeGreaterThanOrEqual(1);
    expect(await text(row)).toContain('严重失信主体名单');

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('sanctions-export').click(),
    ]);
    const csv = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(csv).toString('utf8')).toContain('SERIOUS_DISHONESTY');

    // A check answered but refused by the database shows under its own tab with the error.
    const failed = {
      checkId: `CKBROWSER${Date.now()}`,
      clientName: '测试业务系统',
      matter: 'GOV_PROCUREMENT',
    };
    await env.server.deps.db.query(
      `INSERT INTO check_write_failures (check_id, checked_at, row_json, error_code, error_message)
       VALUES ($1, now(), $2, '22P02', 'invalid input syntax')`,
      [failed.checkId, Buffer.from(JSON.stringify({ ...failed, regionCode: '220100', result: 'CLEAR' }))],
    );
    await admin.getByTestId('sanctions-tab-failures').click();
    const failure = admin.locator(`[data-testid="sanctions-failure-row"][data-check-id="${failed.checkId}"]`);
    await failure.waitFor();
    expect(await text(failure)).toContain('22P02 invalid input syntax');
    expect(await text(failure)).toContain('测试业务系统');
    await admin.context().close();
  });

  it('the portal lists the entry on the serious-dishonesty list, on a 390 px phone without sideways scrolling', async () => {
    const page = await env.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto('/');
    await page.getByTestId('nav-lists').tap();
    await page.waitForURL(/\/lists\/RED/);
    await page.getByTestId('lists-tab-SERIOUS_DISHONESTY').tap();
    await page.waitForURL(/\/lists\/SERIOUS_DISHONESTY/);
    await page.getByTestId('list-row').first().waitFor();
    expect(await overflow()).toBe(0);

    await page.getByTestId('list-search-input').fill(party.name);
    await page.getByTestId('list-search-submit').tap();
    const row = page.locator(`[data-testid="list-row"][data-entry-id="${entryId}"]`);
    await row.waitFor();
    expect(await text(row)).toContain(decisionNo);
    expect(await overflow()).toBe(0);

    await row.getByTestId('list-row-subject').tap();
    await page.getByTestId('list-entry').waitFor();
    expect(await text(page.getByTestId('list-entry-decision-no'))).toBe(decisionNo);
    expect(await text(page.getByTestId('list-entry-measures'))).toContain('限制参与政府采购活动');
    expect(await overflow()).toBe(0);
    await page.context().close();
  });

  it('after credit repair the operator removes the entry: the portal and the checks no longer show it', async () => {
    const page = await env.newPage();
    await login(page, 'cc-operator', password('cc-operator'));
    await page.goto(`/console/lists?open=${entryId}`);
    await expectStatus(page, 'PUBLISHED');
    await page.getByTestId('entry-remove').click();
    await page.getByTestId('entry-remove-kind').getByText('信用修复移出').click();
    await page.getByTestId('entry-reason-reason').fill('已履行处罚决定并完成信用修复');
    await page.getByTestId('entry-reason-confirm').click();
    await expectStatus(page, 'REMOVED');
    expect(await text(page.getByTestId('entry-step-removal'))).toContain('已履行处罚决定并完成信用修复');

    await page.goto(`/lists/entries/${entryId}`);
    await page.getByTestId('not-found').waitFor();
    await expect
      .poll(async () => {
        const { body } = await system<CheckAnswer>('/checks', {
          subject: party.uscc,
          matter: 'GOV_PROCUREMENT',
        });
        return body.hits.some((hit) => hit.entryId === entryId);
      }, POLL)
      .toBe(false);
    await page.context().close();
  });

  it('an operator dismisses one candidate and promotes another to a draft entry', async () => {
    const page = await env.newPage();
    await login(page, 'cc-operator', password('cc-operator'));
    await page.getByTestId('menu-candidates').click();
    const rows = page.getByTestId('candidate-row');
    await expect.poll(() => rows.count(), POLL).toBe(2);

    await rows.first().getByTestId('candidate-dismiss').click();
    await page.getByTestId('candidate-dismiss-reason').fill('处罚均已履行完毕，不予列入');
    await page.getByTestId('candidate-dismiss-confirm').click();
    await expect.poll(() => rows.count(), POLL).toBe(1);

    await rows.first().getByTestId('candidate-promote').click();
    await page.getByTestId('candidate-promote-form-ok').click();
    await page.waitForURL(/\/console\/lists\?open=/);
    await expectStatus(page, 'DRAFT');
    expect(await text(page.getByTestId('entry-detail'))).toContain('重点关注名单');
    await page.context().close();
  });

  it('the administrator edits a measure: a new version, the old one retired', async () => {
    const page = await env.newPage();
    await login(page, 'admin', password('admin'));
    await page.getByTestId('menu-measures').click();
    await page.getByTestId('measures-tab-JILIN').click();
    const row = page.locator('[data-testid="measure-row"][data-code="JL-01"]');
    await row.waitFor();
    await row.getByTestId('measure-edit').click();
    await page.getByTestId('measure-form-name').fill('限制享受省级财政补贴和税费优惠政策（2026年修订）');
    await page.getByTestId('measure-form-submit').click();
    await expect.poll(() => text(row), POLL).toContain('2026年修订');
    expect(await text(row)).toContain('v2');

    await row.getByTestId('measure-versions').click();
    const versions = page.getByTestId('measure-versions-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => versions.count(), POLL).toBe(2);
    expect(await text(versions.nth(1))).toContain('已停用');
    await page.context().close();
  });

  it('a subject sees which systems checked it', async () => {
    const [own] = await env.server.deps.db.query<{ uscc: string }>(
      `SELECT s.uscc FROM users u JOIN subjects s ON s.id = u.subject_id WHERE u.username = 'subject-demo'`,
    );
    const { body } = await system<CheckAnswer>('/checks', {
      subject: own.uscc,
      matter: 'BIDDING',
      reference: 'ZB-2026-0007',
    });
    const page = await env.newPage();
    await login(page, 'subject-demo', password('subject-demo'));
    await page.getByTestId('menu-my-checks').click();
    const row = page.locator(`[data-testid="my-check-row"][data-check-id="${body.checkId}"]`);
    await row.waitFor();
    expect(await text(row)).toContain('招标投标');
    await page.context().close();
  });
});
