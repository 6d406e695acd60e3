import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';

describe('site search (Pagefind)', () => {
  let browser: Browser;
  let page: Page;
  const hub = inject('hubUrl');
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(() => browser?.close());

  it('finds a one-pager from the search form', async () => {
    await page.goto(`${hub}/search/`);
    await page.locator('#q').fill('guardianship');
    await page.locator('#search button').click();
    await page.locator('#search-results li').first().waitFor();
    const hrefs = await page.locator('#search-results a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('/actions/unaccompanied-minors/');
    expect(await page.locator('#search-status').textContent()).toMatch(/results? for “guardianship”/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('guardianship');
  });

  it('finds news and events too, from a query in the address', async () => {
    await page.goto(`${hub}/search/?q=Athens`);
    await page.locator('#search-results li').first().waitFor();
    const hrefs = await page.locator('#search-results a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('/agenda/athens-conference-april-2027/');
    await page.goto(`${hub}/search/?q=expert`);
    await page.locator('#search-results li').first().waitFor();
    const news = await page.locator('#search-results a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(news).toContain('/news/join-the-expert-pool/');
  });

  it('searches the French index from the French page', async () => {
    await page.goto(`${hub}/fr/search/?q=académie`);
    await page.locator('#search-results li').first().waitFor();
    const hrefs = await page.locator('#search-results a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('/fr/actions/urban-academy/');
    expect(hrefs.every((href) => href?.startsWith('/fr/'))).toBe(true);
  });

  it('says so when nothing matches', async () => {
    await page.goto(`${hub}/search/?q=zzzyxw`);
    await expect.poll(() => page.locator('#search-status').textContent()).toContain('Nothing matches');
  });
});
