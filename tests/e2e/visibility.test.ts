import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../functions/local/hub.ts';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInContext } from './journey.ts';

const SECRETARIAT = 'secretariat-visibility@example.org';
/** A reader's desktop browser; headless Chromium's own user agent says it is headless, and is left out as a bot. */
const READER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const ONE_PAGER = '/actions/desegregation/';
const shots = path.join(projectRoot, 'reports', 'screenshots');

describe('visibility: the secretariat sees how much the public site is read', () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  beforeAll(async () => {
    browser = await launchChromium();
    secretariat = await browser.newContext();
    await signInContext(secretariat, SECRETARIAT);
  });
  afterAll(() => browser?.close());

  it('three readers of a one-pager (one sent by a network’s site) count as three views, the crawler not at all', { timeout: 150_000 }, async () => {
    // Prepare: three readers, each in a browser of their own, and a crawler
    for (const referer of ['https://www.eurocities.eu/news/inclusion', undefined, undefined]) {
      const reader = await browser.newContext({ userAgent: READER });
      const page = await reader.newPage();
      const answer = await page.goto(`${hubUrl()}${ONE_PAGER}`, referer ? { referer } : {});
      expect(answer?.status()).toBe(200);
      await reader.close();
    }
    expect((await fetch(`${hubUrl()}${ONE_PAGER}`, { headers: { 'user-agent': GOOGLEBOT } })).status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);

    // Act: the minute job counts the request log; the API shows it within a minute or so
    let views = 0;
    const deadline = Date.now() + 100_000;
    while (Date.now() < deadline) {
      const answer = await secretariat.request.get(`${hubUrl()}/api/admin/visibility?from=${today}&to=${today}`);
      expect(answer.status()).toBe(200);
      const body = (await answer.json()) as { pages: { path: string; views: number }[]; referrers: { domain: string; views: number }[] };
      views = body.pages.find((p) => p.path === ONE_PAGER)?.views ?? 0;
      if (views >= 3) {
        expect(body.referrers).toContainEqual({ domain: 'eurocities.eu', views: 1 });
        break;
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(views).toBe(3);

    // Assess: the console's Visibility page, at desktop and phone widths
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/outreach/`);
    await page.getByRole('link', { name: /see Visibility/ }).click();
    await page.waitForURL(/\/console\/visibility\//);
    const actions = page.locator('#actions table');
    await expect.poll(() => actions.locator('tr', { hasText: 'Desegregation' }).locator('td').nth(1).textContent(), { timeout: 15_000 }).toBe('3');
    await expect.poll(() => page.locator('#referrers').textContent()).toContain('eurocities.eu');
    expect(await page.locator('#total').textContent()).toMatch(/page views from/);
    await axeClean(page);
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'console-visibility-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(shots, 'console-visibility-375.png'), fullPage: true });
    await axeClean(page);
    // The CSV has the same figure
    const csv = await (await secretariat.request.get(`${hubUrl()}/api/admin/visibility.csv?from=${today}&to=${today}`)).text();
    expect(csv).toContain(`page,${ONE_PAGER},,3`);
  });

  it('is the secretariat’s: a member is told so and sees no figure', async () => {
    const member = await browser.newContext();
    await signInContext(member, 'observer6@example.org');
    const page = await member.newPage();
    await page.goto(`${hubUrl()}/console/visibility/`);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/secretariat/i);
    expect(await page.locator('#figures').isHidden()).toBe(true);
    expect((await member.request.get(`${hubUrl()}/api/admin/visibility?from=2026-01-01&to=2026-01-31`)).status()).toBe(403);
    await member.close();
  });
});
