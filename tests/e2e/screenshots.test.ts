import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../functions/local/hub.ts';
import { launchChromium } from '../helpers/browser.ts';
import { hubUrl, signInContext } from './journey.ts';

/**
 * The main working pages as people see them, at a desktop's and a phone's width, written to
 * reports/screenshots/ (git-ignored) on every run: whoever changes a page looks at it there. Each
 * page is also checked for what a phone must not do: scroll sideways.
 */
const shots = path.join(projectRoot, 'reports', 'screenshots');
const widths = [1280, 375] as const;
const SECRETARIAT = 'secretariat-screens@example.org';
const LEADER = 'leader2@example.org';

const consolePages = ['', 'updates', 'contacts', 'networks', 'experts', 'calls', 'events', 'reports', 'brief', 'outreach', 'visibility', 'members', 'groups', 'audit', 'privacy'];
const memberPages = ['', 'events', 'notifications', 'search', 'decisions', 'outside', 'connections'];

/** Names of the innermost elements reaching past the right edge: what to fix when a page scrolls sideways. */
const culprits: Record<string, string[]> = {};
function widest(page: Page) {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth;
    const over = Array.from(document.querySelectorAll<HTMLElement>('body *')).filter((e) => e.getBoundingClientRect().right > edge + 0.5);
    return over
      .filter((e) => !Array.from(e.children).some((c) => over.includes(c as HTMLElement)))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''} (${Math.round(e.getBoundingClientRect().right - edge)} px)`);
  });
}

/** Waits for a page's script to have answered (its status line or its content), then shoots it at each width. */
async function shoot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  const overflow: Record<number, number> = {};
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
    overflow[width] = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (width === 375 && overflow[width]! > 0) culprits[name] = await widest(page);
  }
  return overflow;
}

describe('screenshots of the working pages', () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  let leader: BrowserContext;
  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    browser = await launchChromium();
    secretariat = await browser.newContext();
    leader = await browser.newContext();
    await signInContext(secretariat, SECRETARIAT);
    await signInContext(leader, LEADER);
  });
  afterAll(() => browser?.close());

  it('writes the console pages at 1280 and 375 px', { timeout: 180_000 }, async () => {
    const page = await secretariat.newPage();
    const sideways: string[] = [];
    for (const section of consolePages) {
      const answer = await page.goto(`${hubUrl()}/console/${section ? `${section}/` : ''}`);
      expect(answer?.status(), section).toBe(200);
      const overflow = await shoot(page, `console-${section || 'home'}`);
      if (overflow[375]! > 0) sideways.push(`console/${section}: ${overflow[375]} px, ${culprits[`console-${section || 'home'}`]?.join(', ')}`);
    }
    // A contact's page, opened from the list as people open it (a demo NGO contact in Greece).
    await page.goto(`${hubUrl()}/console/contacts/`);
    await page.locator('#network option').nth(1).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Audience', exact: true }).selectOption('ngo');
    await page.getByRole('combobox', { name: 'Country', exact: true }).selectOption('GR');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.locator('#contacts a').first().click();
    await page.locator('#details dt').first().waitFor();
    // The demo's consents were recorded by the secretariat, named as the page's language names it.
    expect(await page.locator('#consents tbody tr').first().textContent()).toMatch(/By the secretariat$/);
    const contact = await shoot(page, 'console-contact');
    if (contact[375]! > 0) sideways.push(`console/contacts/contact: ${contact[375]} px, ${culprits['console-contact']?.join(', ')}`);
    // Wide tables scroll inside their own box; the page itself never scrolls sideways on a phone.
    expect(sideways).toEqual([]);
  });

  it.each([
    ['English', ''],
    ['French', '/fr'],
  ])("writes the members' area in %s at 1280 and 375 px: home, a group, a thread, events, notifications, search, decisions", { timeout: 180_000 }, async (_language, prefix) => {
    const page = await leader.newPage();
    const sideways: string[] = [];
    const name = (section: string) => `${prefix ? `${prefix.slice(1)}-` : ''}members-${section}`;
    for (const section of memberPages) {
      const answer = await page.goto(`${hubUrl()}${prefix}/members/${section ? `${section}/` : ''}`);
      expect(answer?.status(), section).toBe(200);
      const overflow = await shoot(page, name(section || 'home'));
      if (overflow[375]! > 0) sideways.push(`${prefix}/members/${section}: ${overflow[375]} px`);
    }
    await page.goto(`${hubUrl()}${prefix}/members/`);
    await page.locator(`a[href^="${prefix}/members/group/?id="]`).first().click();
    await page.waitForURL(/\/members\/group\//);
    const group = await shoot(page, name('group'));
    if (group[375]! > 0) sideways.push(`${prefix}/members/group: ${group[375]} px`);
    const thread = page.locator(`a[href^="${prefix}/members/thread/?id="]`).first();
    if (await thread.count()) {
      await thread.click();
      await page.waitForURL(/\/members\/thread\//);
      const shot = await shoot(page, name('thread'));
      if (shot[375]! > 0) sideways.push(`${prefix}/members/thread: ${shot[375]} px`);
    }
    expect(sideways).toEqual([]);
  });

  it("writes a public page offering the browser's language (French) at 1280 and 375 px", async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${hubUrl()}/about/`);
    await page.locator('.lang-offer[data-offer="fr"]').waitFor();
    const overflow = await shoot(page, 'public-language-offer');
    await context.close();
    expect(overflow[375]).toBe(0);
  });
});
