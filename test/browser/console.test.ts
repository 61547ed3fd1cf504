import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, login, startBrowserEnv, text, texts } from './harness.ts';

let env: BrowserEnv;
const password = () => env.server.credentials.users.find((u) => u.username === 'admin')!.password;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

describe('admin console', () => {
  it('sends visitors to the login page and shows the API error for a wrong password', async () => {
    const page = await env.newPage();
    await page.goto('/console/subjects');
    await page.waitForURL('**/console/login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    expect(await text(page.getByTestId('login-error'))).toContain('用户名或密码错误');
    // After a successful login the user returns to the page first asked for.
    await page.getByTestId('login-password').fill(password());
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/console/subjects');
    await page.getByTestId('subjects-table').waitFor();
    await page.context().close();
  });

  it('shows real figures on the dashboard and a menu by permission', async () => {
    const page = await env.newPage();
    await login(page, 'admin', password());
    expect(await text(page.getByTestId('current-role'))).toBe('平台管理员');
    expect(await text(page.getByTestId('current-region'))).toContain('吉林省');
    const { total } = await env.api<{ total: number }>('/subjects?pageSize=1');
    expect(await text(page.getByTestId('stat-total'))).toContain(total.toLocaleString('en-US'));
    await page.getByTestId('chart-by-type').locator('canvas').waitFor();
    const menu = await texts(page, 'console-menu');
    for (const item of ['工作台', '信用主体', '部门管理', '用户管理', '角色权限', '接口客户端', '审计日志']) {
      expect(menu[0]).toContain(item);
    }
    await page.context().close();
  });

  it('pages the subjects table on the server and shows restricted data of an individual', async () => {
    const page = await env.newPage();
    await login(page, 'admin', password());
    await page.getByTestId('menu-subjects').click();
    const rows = page.getByTestId('subjects-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const firstPage = await texts(page, 'subject-row-name');
    expect(firstPage).toHaveLength(20);

    await page.getByTestId('subjects-table').locator('.ant-pagination-item-2').click();
    await page.waitForURL(/[?&]page=2/);
    await page.waitForFunction(
      (first) => document.querySelector('[data-testid="subject-row-name"]')?.textContent !== first,
      firstPage[0],
    );
    const secondPage = await texts(page, 'subject-row-name');
    expect(secondPage).toHaveLength(20);
    expect(secondPage.filter((name) => firstPage.includes(name)).length).toBeLessThan(20);

    // Filter individuals through the type filter, then open one.
    await page.getByTestId('subjects-type').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '个人' }).click();
    await page.getByTestId('filter-submit').click();
    await page.waitForURL(/type=INDIVIDUAL/);
    expect(page.url()).not.toMatch(/page=2/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="subject-type-tag"]')].every(
        (tag) => tag.textContent === '个人',
      ),
    );
    const name = (await texts(page, 'subject-row-name'))[0];
    await rows.first().click();
    await page.waitForURL(/\/console\/subjects\/S/);
    expect(await text(page.getByTestId('subject-title'))).toBe(name);
    expect(await text(page.getByTestId('subject-code'))).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const identity = await text(page.getByTestId('restricted-identity-number'));
    expect(identity).toMatch(/^\d{17}[\dX]$/);
    await page.context().close();
  });
});
