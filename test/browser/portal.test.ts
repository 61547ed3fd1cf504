import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinyinInitials } from '../../src/modules/subjects/search-terms.ts';
import { type BrowserEnv, startBrowserEnv, text, texts } from './harness.ts';

interface Summary {
  id: string;
  name: string;
  code: string;
}

let env: BrowserEnv;
let company: Summary;

beforeAll(async () => {
  env = await startBrowserEnv();
  // A real demo enterprise with a name long enough to search by a fragment of it.
  const page = await env.api<{ items: Summary[] }>('/subjects?type=ENTERPRISE&pageSize=50');
  company = page.items.find((s) => [...s.name].length >= 8)!;
  expect(company).toBeDefined();
});

afterAll(async () => {
  await env?.close();
});

describe('public portal', () => {
  it('searches by part of a Chinese name and opens the credit archive', async () => {
    const page = await env.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.goto('/');
    expect(await text(page.getByTestId('home-title'))).toBe('信用吉林');
    // The portal does not download the console or ECharts.
    expect(scripts.filter((url) => /Console|Dashboard|echarts/i.test(url))).toEqual([]);

    const fragment = [...company.name].slice(2, 6).join('');
    await page.getByTestId('search-input').fill(fragment);
    await page.getByTestId('search-button').click();
    await page.waitForURL(/\/search\?q=/);
    await page.getByTestId('result-item').first().waitFor();
    expect(await text(page.getByTestId('result-total'))).toMatch(/^共 [\d,]+ 条$/);
    const names = await texts(page, 'result-name');
    expect(names.every((name) => name.includes(fragment))).toBe(true);

    // Page through the results until the company shows up (it matches, so it is on some page).
    const hit = page.getByTestId('result-item').filter({ hasText: company.code });
    for (let i = 0; (await hit.count()) === 0 && i < 20; i++) {
      await page.locator('.ant-pagination-next').click();
      await page.waitForURL(new RegExp(`page=${i + 2}`));
      await page.getByTestId('result-item').first().waitFor();
    }
    await hit.getByTestId('result-name').click();

    await page.waitForURL(`**/subjects/${company.id}`);
    expect(await text(page.getByTestId('subject-title'))).toBe(company.name);
    expect(await text(page.getByTestId('subject-code'))).toBe(company.code);
    const categories = await texts(page, 'archive-category');
    expect(categories.length).toBeGreaterThanOrEqual(11);
    expect(categories[0]).toContain('登记注册基本信息');
    expect(categories[0]).toContain(company.name);
    expect(categories.join('\n')).toContain('严重失信主体名单信息');
    // Empty categories say so rather than disappearing.
    expect(await page.getByText('暂无数据').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('finds a subject by its pinyin initials', async () => {
    const page = await env.newPage();
    const initials = pinyinInitials(company.name);
    await page.goto('/');
    await page.getByTestId('search-input').fill(initials);
    await page.getByTestId('search-input').press('Enter');
    await page.waitForURL(`**/search?q=${initials}`);
    await page.getByTestId('result-item').filter({ hasText: company.name }).first().waitFor();
    await page.context().close();
  });

  it('filters by subject type and shows an empty state', async () => {
    const page = await env.newPage();
    await page.goto('/');
    await page.getByTestId('quick-type-INDIVIDUAL').click();
    await page.waitForURL('**/search?type=INDIVIDUAL');
    await page.getByTestId('result-item').first().waitFor();
    const tags = await texts(page, 'subject-type-tag');
    expect(new Set(tags)).toEqual(new Set(['个人']));
    // Identity numbers of individuals are masked on public pages.
    const items = await texts(page, 'result-item');
    expect(items.every((text) => /\d{6}\*{8}[\dX]{4}/.test(text))).toBe(true);

    await page.goto(`/search?q=${encodeURIComponent('不存在的主体名称甲乙丙')}`);
    expect(await text(page.getByTestId('search-empty'))).toContain('未找到相关信用主体');
    await page.context().close();
  });

  it('shows a 404 page for an unknown subject', async () => {
    const page = await env.newPage();
    await page.goto('/subjects/S000000000000000');
    expect(await text(page.getByTestId('not-found'))).toContain('未找到');
    await page.context().close();
  });

  it('works on a 390 px wide phone', async () => {
    const page = await env.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto('/');
    await page.getByTestId('search-input').waitFor();
    const box = await page.getByTestId('search-input').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(await overflow()).toBe(0);

    await page.getByTestId('search-input').fill(company.name);
    await page.getByTestId('search-button').tap();
    await page.getByTestId('result-item').first().waitFor();
    expect(await overflow()).toBe(0);

    await page.getByTestId('result-name').filter({ hasText: company.name }).first().tap();
    await page.getByTestId('subject-title').waitFor();
    expect(await overflow()).toBe(0);
    expect(await page.getByTestId('archive-category').count()).toBeGreaterThanOrEqual(11);
    await page.context().close();
  });

  it('switches to English and remembers the choice', async () => {
    const page = await env.newPage();
    await page.goto('/');
    await page.getByTestId('lang-switch').click();
    expect(await text(page.getByTestId('home-title'))).toBe('Credit Jilin');
    expect(await page.getByTestId('search-input').getAttribute('placeholder')).toContain('pinyin');
    await page.reload();
    expect(await text(page.getByTestId('home-title'))).toBe('Credit Jilin');
    expect(await text(page.getByTestId('quick-type-ENTERPRISE'))).toBe('Enterprise');
    await page.context().close();
  });
});
