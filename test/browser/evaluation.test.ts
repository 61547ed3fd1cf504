import type { APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/shared/clock.ts';
import { addMonths } from '../../src/shared/dates.ts';
import { type BrowserEnv, login, startBrowserEnv, text, texts } from './harness.ts';

let env: BrowserEnv;
/** The enterprise the self-service account `subject-demo` acts for. */
let own: { publicId: string; name: string };
/** As long as the pages' own timeout: a request may be slow on a busy machine. */
const POLL = { timeout: 15_000 };
const password = (username: string) =>
  env.server.credentials.users.find((user) => user.username === username)!.password;

/** A console session through the API (cookie and CSRF token), for set-up the UI test does not cover. */
async function apiSession(username: string) {
  const context = await env.browser.newContext({ baseURL: env.server.url });
  const login = await context.request.post('/api/v1/auth/login', {
    data: { username, password: password(username) },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const post = async <T>(request: APIRequestContext, path: string, body: unknown = {}) => {
    const response = await request.post(`/api/v1${path}`, {
      data: body,
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as T;
  };
  return {
    post: <T>(path: string, body?: unknown) => post<T>(context.request, path, body),
    close: () => context.close(),
  };
}

beforeAll(async () => {
  env = await startBrowserEnv({ demoSubjects: 600 });
  [own] = await env.server.deps.db.query<{ publicId: string; name: string }>(
    `SELECT s.public_id AS "publicId", s.name FROM users u JOIN subjects s ON s.id = u.subject_id
     WHERE u.username = 'subject-demo'`,
  );
  expect(own).toBeDefined();
});

afterAll(async () => {
  await env?.close();
});

describe('credit evaluation, self-service and inspection planning', () => {
  const reviewReason = '处罚决定已履行完毕，请人工复核评分。';

  it('a subject sees its own evaluation with dimensions and asks for a human review', async () => {
    const page = await env.newPage();
    await login(page, 'subject-demo', password('subject-demo'));
    await page.getByTestId('menu-my-credit').click();
    const summary = page.getByTestId('evaluation-summary');
    await summary.waitFor();
    expect(await summary.getAttribute('data-state')).toBe('RATED');
    const score = Number(await text(page.getByTestId('evaluation-score')));
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(1000);
    expect(['优', '良', '中', '差']).toContain(await text(page.getByTestId('evaluation-grade')));
    // The enterprise model's five dimensions, each indicator with its points of its maximum.
    expect(await page.getByTestId('evaluation-dimension').count()).toBe(5);
    expect(await text(page.getByTestId('evaluation-dimensions'))).toContain('遵纪守法');
    expect(await page.getByTestId('evaluation-indicator').count()).toBeGreaterThanOrEqual(5);
    // Its records lowered the score: at least one indicator names its evidence and a reason says why.
    const evidence = (await texts(page, 'evaluation-evidence')).map((line) =>
      Number(line.replace(/\D/g, '')),
    );
    expect(Math.max(...evidence)).toBeGreaterThan(0);
    expect(await page.getByTestId('evaluation-reason').count()).toBeGreaterThan(0);
    await page.getByTestId('evaluation-history-row').first().waitFor();

    await page.getByTestId('evaluation-review-request').click();
    await page.getByTestId('evaluation-review-reason').fill(reviewReason);
    await page.getByTestId('evaluation-review-confirm').click();
    expect(await text(page.getByTestId('evaluation-review-submitted'))).toContain('已提交人工复核申请');
    await page.context().close();
  });

  it('the subject answers a listing notice online with its statement of defence', async () => {
    const admin = await apiSession('admin');
    const today = shanghaiDate(new Date());
    const draft = await admin.post<{ entryId: string }>('/lists/entries', {
      listType: 'SERIOUS_DISHONESTY',
      subject: own.publicId,
      facts: '拒不履行生效的行政处罚决定，经催告仍不履行。',
      basis: '《吉林省社会信用条例》第二十五条',
      reason: '拒不履行行政处罚决定，情节严重',
      validFrom: today,
      validTo: addMonths(today, 12),
    });
    const noticed = await admin.post<{ status: string }>(`/lists/entries/${draft.entryId}/notice`);
    expect(noticed.status).toBe('NOTICED');
    await admin.close();

    const page = await env.newPage();
    await login(page, 'subject-demo', password('subject-demo'));
    await page.getByTestId('menu-my-credit').click();
    await page.getByTestId('my-credit-tab-notices').click();
    const card = page.locator(`[data-testid="my-entry"][data-entry-id="${draft.entryId}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('NOTICED');
    expect(await text(card.getByTestId('my-entry-defence'))).toContain('前提交陈述申辩意见');
    expect(await text(card.getByTestId('entry-step-notice'))).toContain('陈述申辩截止');

    const statement = '本企业已于告知后三日内全额缴纳罚款，不存在拒不履行的情形，请求不予列入。';
    await card.getByTestId('defence-statement').fill(statement);
    await card.getByTestId('defence-submit').click();
    await expect.poll(() => text(card.getByTestId('my-entry-defence')), POLL).toContain('提交陈述申辩');
    expect(await text(card.getByTestId('entry-step-defence'))).toContain(statement);
    expect(await card.getByTestId('defence-form').count()).toBe(0);

    // Still there after a reload: the defence is recorded with the entry.
    await page.reload();
    await card.getByTestId('entry-step-defence').waitFor();
    expect(await text(card.getByTestId('entry-step-defence'))).toContain(statement);
    await page.context().close();
  });

  it('the administrator sees the grade distribution, the active model, the review queue and a subject’s evaluation', async () => {
    const page = await env.newPage();
    await login(page, 'admin', password('admin'));
    await page.getByTestId('menu-evaluation').click();
    await page.getByTestId('evaluation-chart').locator('canvas').waitFor();
    const rows = page.getByTestId('evaluation-distribution-row');
    expect(await rows.count()).toBe(5);
    const enterprises = page.locator('[data-testid="evaluation-distribution-row"][data-type="ENTERPRISE"]');
    const cells = (await enterprises.locator('td').allInnerTexts()).slice(1).map(Number);
    // A, B, C, D, insufficient, total: the grades add up to the total, and enterprises were scored.
    expect(cells.slice(0, 5).reduce((a, b) => a + b, 0)).toBe(cells[5]);
    expect(cells[5]).toBeGreaterThan(0);

    await page.getByTestId('evaluation-tab-model').click();
    await page.getByTestId('evaluation-model').waitFor();
    expect(await page.getByTestId('evaluation-model-dimension').count()).toBe(5);
    expect(await text(page.getByTestId('evaluation-thresholds'))).toContain('优 ≥ 850');
    expect(await page.getByTestId('evaluation-model-indicator').count()).toBeGreaterThanOrEqual(5);

    await page.getByTestId('evaluation-tab-reviews').click();
    const review = page.getByTestId('evaluation-review-row').filter({ hasText: reviewReason });
    await review.waitFor();
    expect(await text(review)).toContain(own.name);

    // The subject detail shows the evaluation with its top reasons; the dimensions unfold.
    await page.goto(`/console/subjects/${own.publicId}`);
    const panel = page.getByTestId('evaluation-panel');
    await panel.getByTestId('evaluation-score').waitFor();
    expect(await panel.getByTestId('evaluation-reason').count()).toBeLessThanOrEqual(3);
    await panel.getByTestId('evaluation-expand').getByText('查看各维度与指标得分').click();
    await expect.poll(() => panel.getByTestId('evaluation-dimension').count(), POLL).toBe(5);
    await page.context().close();
  });

  it('an operator draws an inspection plan with a published seed; opened by its number it shows the same draw', async () => {
    const page = await env.newPage();
    await login(page, 'cc-operator', password('cc-operator'));
    await page.getByTestId('menu-inspections').click();
    await page.getByTestId('inspections-create').click();
    await page.getByTestId('plan-form-name').fill('2026 年第二季度食品经营双随机抽查');
    await page.getByTestId('plan-form-matter').fill('食品经营许可事项检查');
    // The operator's own region (220100) and enterprises are the defaults.
    expect(await text(page.getByTestId('plan-form'))).toContain('长春市');
    expect(await text(page.getByTestId('plan-form'))).toContain('企业');
    await page.getByTestId('plan-form-seed').fill('test-seed-1');
    await page.getByTestId('plan-form-submit').click();

    const view = page.getByTestId('plan-view');
    await view.waitFor();
    const planId = (await view.getAttribute('data-plan-id'))!;
    expect(page.url()).toContain(`plan=${planId}`);
    expect(await text(page.getByTestId('plan-seed'))).toBe('test-seed-1');
    expect(await text(page.getByTestId('plan-population-hash'))).toMatch(/^[0-9a-f]{64}$/);
    const drawn = page.getByTestId('plan-draw-row');
    expect(await drawn.count()).toBeGreaterThan(0);
    const subjects = await drawn.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-subject')));
    const strata = await texts(page, 'plan-stratum');

    await page.goto(`/console/inspections?plan=${planId}`);
    await view.waitFor();
    expect(await text(page.getByTestId('plan-seed'))).toBe('test-seed-1');
    expect(await drawn.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-subject')))).toEqual(
      subjects,
    );
    expect(await texts(page, 'plan-stratum')).toEqual(strata);

    // The inspection of the first drawn subject found a problem: filed as a record, shown on the plan.
    await page.getByTestId('plan-draw-enter').first().click();
    await page.getByTestId('inspection-result-form').waitFor();
    await page.getByTestId('inspection-result-form-result').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '发现问题已责令改正' }).click();
    await page.getByTestId('inspection-result-form-findings').fill('未按规定查验进货票据');
    await page.getByTestId('inspection-result-form-submit').click();
    const filed = page
      .locator(`[data-testid="plan-draw-row"][data-subject="${subjects[0]}"]`)
      .getByTestId('plan-draw-result');
    await filed.waitFor(POLL);
    expect(await filed.getAttribute('data-code')).toBe('03');
    expect(await text(filed)).toContain('发现问题已责令改正');
    await page.context().close();
  });

  it('the administrator adjusts the enterprise model, previews the change and activates it', async () => {
    const page = await env.newPage();
    await login(page, 'admin', password('admin'));
    await page.getByTestId('menu-evaluation').click();
    await page.getByTestId('evaluation-tab-model').click();
    await page.getByTestId('evaluation-model').waitFor();
    expect(await page.getByTestId('evaluation-model-type').textContent()).toContain('企业');
    const before = await text(page.getByTestId('evaluation-model-version'));
    expect(before).not.toBe('2026.9');

    await page.getByTestId('evaluation-model-edit').click();
    const form = page.getByTestId('model-form');
    await form.waitFor();
    // Prefilled from the active model: thresholds and indicator maxima adding up to 1000.
    expect(await page.getByTestId('model-form-threshold-A').inputValue()).toBe('850');
    expect(await page.getByTestId('model-form-sum').getAttribute('data-sum')).toBe('1000');
    await page.getByTestId('model-form-version').fill('2026.9');
    await page.getByTestId('model-form-threshold-A').fill('950');
    // 生效 waits for a preview of these values.
    expect(await page.getByTestId('model-form-activate').isDisabled()).toBe(true);
    await page.getByTestId('model-form-submit').click();

    const preview = page.getByTestId('model-preview');
    await preview.waitFor(POLL);
    await page.getByTestId('model-preview-chart').locator('canvas').waitFor();
    expect(Number(await text(page.getByTestId('model-preview-moved')))).toBeGreaterThan(0);
    const move = page.getByTestId('model-preview-move').first();
    await move.waitFor();
    const after = (await preview.getAttribute('data-after'))!.split(',').map(Number);
    // A stricter 优 only moves subjects from A down to B.
    expect(await move.getAttribute('data-from')).toBe('A');
    expect(await move.getAttribute('data-to')).toBe('B');
    // The backtest of the current and the adjusted model, side by side.
    const verdicts = page.getByTestId('backtest-verdict');
    await expect.poll(() => verdicts.count(), POLL).toBe(2);
    expect(await verdicts.evaluateAll((all) => all.map((v) => v.getAttribute('data-model')))).toEqual([
      before,
      '2026.9',
    ]);
    expect(await page.getByTestId('backtest-row').count()).toBe(5);

    await page.getByTestId('model-form-activate').click();
    await page.getByTestId('model-form-activate-confirm').click();
    const run = page.getByTestId('evaluation-run');
    await run.waitFor(POLL);
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 60_000 }).toBe('DONE');
    await expect.poll(() => text(page.getByTestId('evaluation-model-version')), POLL).toBe('2026.9');
    expect(await text(page.getByTestId('evaluation-thresholds'))).toContain('优 ≥ 950');

    await page.getByTestId('evaluation-tab-distribution').click();
    await page.getByTestId('evaluation-chart').locator('canvas').waitFor();
    // Reloaded after the re-scoring: enterprises are graded as the preview said (A, B, C, D, insufficient).
    const enterprises = page.locator('[data-testid="evaluation-distribution-row"][data-type="ENTERPRISE"]');
    await expect
      .poll(async () => (await enterprises.locator('td').allInnerTexts()).slice(1, 6).map(Number), POLL)
      .toEqual(after);
    await page.context().close();
  });
});
