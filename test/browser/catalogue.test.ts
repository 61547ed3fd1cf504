import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, login, startBrowserEnv, text } from './harness.ts';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

describe('catalogue in the console', () => {
  it('shows which items key a decision by party, and a revision can make a supplementary item do so', async () => {
    const page = await env.newPage();
    const admin = env.server.credentials.users.find((u) => u.username === 'admin')!;
    await login(page, admin.username, admin.password);
    await page.getByTestId('menu-catalogue').click();

    const detail = async (code: string) => {
      const search = page.getByTestId('catalogue-filter-q').locator('input');
      await search.fill(code);
      await search.press('Enter');
      const row = page.getByTestId(`catalogue-item-${code}`);
      await row.locator('.ant-table-row-expand-icon').click();
      return text(page.getByTestId(`catalogue-detail-${code}`));
    };
    expect(await detail('JUD_CONSUMPTION_BAN')).toContain('决定机关 + 文书号 + 当事人');
    const wages = await detail('JL_WAGE_ARREARS');
    expect(wages).toContain('决定机关 + 文书号');
    expect(wages).not.toContain('当事人（一案多人）');

    // A revision with the switch on: a new supplementary version whose item keys by party.
    await page.getByTestId('catalogue-revise-JL_WAGE_ARREARS').click();
    await page.getByTestId('catalogue-form-key-includes-party').click();
    await page.getByTestId('catalogue-form-submit').click();
    expect(await text(page.getByTestId('catalogue-created'))).toContain('JL_WAGE_ARREARS');
    const item = await env.api<{ keyIncludesParty: boolean; version: string }>(
      '/catalogue/items/JL_WAGE_ARREARS',
    );
    expect(item.keyIncludesParty).toBe(true);
    expect(item.version).not.toBe('2025.1');
    await page.reload();
    expect(await detail('JL_WAGE_ARREARS')).toContain('决定机关 + 文书号 + 当事人');
    await page.context().close();
  });
});
