import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, login, startBrowserEnv, text } from './harness.ts';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

describe('region scope in the console', () => {
  it('shows a county operator 403 out-of-scope for another county, and the data of its own', async () => {
    const county = env.server.credentials.users.find(
      (u) => u.role === 'DEPT_OPERATOR' && !u.regionCode.endsWith('00'),
    )!;
    expect(county).toBeDefined();
    const { items: regions } = await env.api<{ items: { code: string; level: string }[] }>('/regions');
    const counties = regions.filter((r) => r.level === 'COUNTY' && r.code !== county.regionCode);
    let foreign: { id: string; name: string } | undefined;
    for (const region of counties) {
      [foreign] = (
        await env.api<{ items: { id: string; name: string }[] }>(`/subjects?region=${region.code}&pageSize=1`)
      ).items;
      if (foreign) break;
    }
    expect(foreign).toBeDefined();

    const page = await env.newPage();
    await login(page, county.username, county.password);
    await page.goto(`/console/subjects/${foreign!.id}`);
    // The public archive is still shown; the restricted panel refuses with the API's message.
    expect(await text(page.getByTestId('subject-title'))).toBe(foreign!.name);
    const refusal = await text(page.getByTestId('out-of-scope'));
    expect(refusal).toContain('403');
    expect(refusal).toContain('超出数据权限范围');
    expect(await page.getByTestId('restricted-identity-number').count()).toBe(0);

    const [own] = (
      await env.api<{ items: { id: string }[] }>(
        `/subjects?region=${county.regionCode}&type=INDIVIDUAL&pageSize=1`,
      )
    ).items;
    await page.goto(`/console/subjects/${own.id}`);
    expect(await text(page.getByTestId('restricted-identity-number'))).toMatch(/^\d{17}[\dX]$/);
    // Administration pages are neither in the menu nor reachable.
    expect(await page.getByTestId('menu-departments').count()).toBe(0);
    await page.goto('/console/departments');
    await page.getByTestId('forbidden').waitFor();
    await page.context().close();
  });
});
