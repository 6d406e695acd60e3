import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean } from './journey.ts';

// One page of every type, in both languages; the French fallback one-pager shows English content.
const pageTypes = [
  ['home', '/'],
  ['Actions index', '/actions/'],
  ['Actions by topic', '/actions/topic/housing/'],
  ['Actions by status', '/actions/status/in-progress/'],
  ['one-pager', '/actions/unaccompanied-minors/'],
  ['news list', '/news/'],
  ['news, page 2', '/news/2/'],
  ['news tag', '/news/tag/cities/'],
  ['post', '/news/turning-eighteen-pilot/'],
  ['agenda', '/agenda/'],
  ['upcoming event', '/agenda/athens-conference-april-2027/'],
  ['past event', '/agenda/plenary-meeting-june-2026/'],
  ['about', '/about/'],
  ['subscribe', '/subscribe/'],
  ['search', '/search/'],
  ['privacy notice', '/privacy/'],
  ['your data', '/your-data/'],
  ['your data, confirmation', '/your-data/confirm/'],
] as const;
const bothLanguages = pageTypes.flatMap(([name, path]) => [
  [name, path],
  [`${name} (fr)`, path === '/' ? '/fr/' : `/fr${path}`],
]);

describe('every public page type', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const hub = inject('hubUrl');
  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(() => browser?.close());

  it.each(bothLanguages)('%s (%s) renders with its language and no accessibility violation', async (_name, path) => {
    // Act
    const response = await page.goto(hub + path);
    // Assess
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe(path.startsWith('/fr/') ? 'fr' : 'en');
    expect((await page.locator('h1').first().textContent())?.trim().length).toBeGreaterThan(2);
    await axeClean(page);
  });

  it('answers a missing page with a useful 404 that passes axe', async () => {
    const response = await page.goto(`${hub}/actions/no-such-action/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('main a[href="/actions/"]').count()).toBe(1);
    expect(await page.locator('main a[href="/search/"]').count()).toBe(1);
    await axeClean(page);
  });

  it.each(['/', '/actions/unaccompanied-minors/', '/fr/actions/desegregation/', '/subscribe/', '/agenda/'])(
    'passes axe in dark mode too (%s)',
    async (path) => {
      const dark = await browser.newContext({ colorScheme: 'dark' });
      const darkPage = await dark.newPage();
      await darkPage.goto(hub + path);
      await axeClean(darkPage);
      await dark.close();
    },
  );

  it.each(bothLanguages)('%s (%s) fits 320 px without horizontal scrolling', async (_name, path) => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const narrowPage = await narrow.newPage();
    await narrowPage.goto(hub + path);
    const widths = await narrowPage.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    await narrow.close();
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  });

  it('shows keyboard focus: the skip link comes first and has a visible outline', async () => {
    await page.goto(`${hub}/actions/`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return { href: element.getAttribute('href'), outline: style.outlineStyle, width: parseFloat(style.outlineWidth), top: element.getBoundingClientRect().top };
    });
    expect(focused.href).toBe('#main');
    expect(focused.outline).not.toBe('none');
    expect(focused.width).toBeGreaterThanOrEqual(2);
    expect(focused.top).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => getComputedStyle(document.activeElement as HTMLElement).outlineStyle);
    expect(next).not.toBe('none');
  });

  it('keeps the page when switching language, and marks a fallback entry as English', async () => {
    await page.goto(`${hub}/actions/desegregation/`);
    await page.locator('.lang-switch a').click();
    expect(new URL(page.url()).pathname).toBe('/fr/actions/desegregation/');
    await expect(page.locator('.note').first().textContent()).resolves.toContain('pas encore traduit');
    expect(await page.locator('article.one-pager').getAttribute('lang')).toBe('en');
    await page.goto(`${hub}/fr/actions/urban-academy/`);
    expect(await page.locator('article.one-pager').getAttribute('lang')).toBeNull();
    expect(await page.locator('.note').count()).toBe(0);
  });

  it('filters the Actions without JavaScript, through links', async () => {
    await page.goto(`${hub}/actions/`);
    await page.locator('.filters a[href="/actions/status/completed/"]').click();
    const statuses = await page.locator('.cards .meta').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s.includes('Completed'))).toBe(true);
    await page.goto(`${hub}/actions/topic/housing/`);
    expect(await page.locator('.filters a[aria-current="page"]').textContent()).toBe('Housing');
  });

  it('paginates the news with rel=prev and rel=next', async () => {
    await page.goto(`${hub}/news/`);
    expect(await page.locator('head link[rel="next"]').getAttribute('href')).toBe('/news/2/');
    await page.locator('a[rel="next"]').click();
    expect(new URL(page.url()).pathname).toBe('/news/2/');
    expect(await page.locator('head link[rel="prev"]').getAttribute('href')).toBe('/news/');
  });

  it('separates upcoming from past events on the agenda', async () => {
    await page.goto(`${hub}/agenda/`);
    const upcoming = await page.locator('section[aria-labelledby="upcoming"] h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const past = await page.locator('section[aria-labelledby="past"] h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(upcoming).toContain('/agenda/athens-conference-april-2027/');
    expect(past).toContain('/agenda/plenary-meeting-june-2026/');
  });

  it('puts canonical and Open Graph metadata on a one-pager', async () => {
    await page.goto(`${hub}/fr/actions/urban-academy/`);
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(/\/fr\/actions\/urban-academy\/$/);
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toContain('Académie');
    expect(await page.locator('meta[property="og:locale"]').getAttribute('content')).toBe('fr_FR');
  });
});
