import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, login, startBrowserEnv, text } from './harness.ts';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

/** Picks `label` in an antd Select/TreeSelect found by test id, typing to search first. */
async function choose(page: Page, testId: string, search: string, label: string) {
  const select = page.getByTestId(testId);
  await select.click();
  await page.keyboard.type(search);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const option = dropdown
    .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper')
    .filter({ hasText: label })
    .first();
  // A server-searched select re-renders its options as the answer to each typed character arrives,
  // so a click can land while the list moves: click until the select shows the choice.
  const chosen = async () => {
    for (let waited = 0; waited < 3_000; waited += 100) {
      if ((await text(select)).includes(label)) return true;
      await page.waitForTimeout(100);
    }
    return false;
  };
  for (let attempt = 1; !(await option.click().then(chosen)); attempt++) {
    if (attempt === 4)
      throw new Error(
        `${testId}: "${label}" not chosen; the list shows ${JSON.stringify(await dropdown.allTextContents())}`,
      );
    // The click closed the list without choosing: open it again.
    if (!(await dropdown.count())) {
      await select.click();
      await page.keyboard.type(search);
    }
  }
  // Let the dropdown's closing animation end before the next click (if it lingers, a click it covers
  // fails on its own with Playwright's "intercepts pointer events").
  await dropdown.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
}

/** Waits for a modal form to close after saving; if it stays open, fails with what it shows. */
async function saved(page: Page, testId: string) {
  const form = page.getByTestId(testId);
  try {
    await form.waitFor({ state: 'hidden' });
  } catch (error) {
    const shown = await page.locator('.ant-form-item-explain-error, .ant-message-notice').allTextContents();
    throw new Error(`${testId} stayed open: ${JSON.stringify(shown)}`, { cause: error });
  }
}

describe('administration', () => {
  it('creates a department and an API client whose key is shown once', async () => {
    const page = await env.newPage();
    const admin = env.server.credentials.users.find((u) => u.username === 'admin')!;
    await login(page, admin.username, admin.password);
    const suffix = Date.now().toString(36).toUpperCase();
    const deptName = `浏览器测试局${suffix}`;

    await page.getByTestId('menu-departments').click();
    await page.getByTestId('departments-table').waitFor();
    await page.getByTestId('department-create').click();
    await page.getByTestId('department-code').fill(`BT-${suffix}`);
    await page.getByTestId('department-name').fill(deptName);
    await choose(page, 'department-region', '南关', '南关区');
    await page.getByTestId('department-form-ok').click();
    await saved(page, 'department-form');
    await page.getByTestId('departments-table').getByText(deptName).waitFor();

    await page.getByTestId('menu-api-clients').click();
    await page.getByTestId('api-clients-table').waitFor();
    await page.getByTestId('api-client-create').click();
    const clientName = `测试业务系统${suffix}`;
    await page.getByTestId('api-client-name').fill(clientName);
    await choose(page, 'api-client-department', deptName.slice(0, 5), deptName);
    await page.getByTestId('api-client-scopes').getByText('subjects:restricted').click();
    await page.getByTestId('api-client-form-ok').click();

    const key = await text(page.getByTestId('api-key-value'));
    expect(key).toMatch(/^xy_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
    expect(await text(page.getByTestId('api-key-warning'))).toContain('只显示这一次');
    await page.getByTestId('api-key-done').click();
    await page.getByTestId('api-key-value').waitFor({ state: 'detached' });

    // The new client is listed by its prefix only; the key is nowhere on the page any more.
    const row = page.getByTestId('api-clients-table').locator('tr').filter({ hasText: clientName });
    await row.waitFor();
    expect(await text(row)).toContain(key.slice(3, 11));
    expect(await page.content()).not.toContain(key);

    // The key works for the department system, inside the department's region (南关区).
    const [own] = (
      await env.api<{ items: { id: string }[] }>('/subjects?region=220102&type=INDIVIDUAL&pageSize=1')
    ).items;
    const restricted = (bearer: string) =>
      fetch(`${env.server.url}/api/v1/subjects/${own.id}/restricted`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
    const granted = await restricted(key);
    expect(granted.status).toBe(200);
    expect(((await granted.json()) as { identityNumber: string }).identityNumber).toMatch(
      /^220102\d{11}[\dX]$/,
    );
    expect((await restricted(`${key.slice(0, -4)}AAAA`)).status).toBe(401);
    await page.context().close();
  });
});
