import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInContext } from './journey.ts';

/**
 * The application shell of the members' area and the console: who is signed in and in which role,
 * a link to every section with the current page marked, a menu that folds on a phone and opens from
 * the keyboard, and the console's attention counts.
 */
const MEMBER = 'member5a@example.org';
const LEADER = 'leader6@example.org';
const SECRETARIAT = 'secretariat-shell@example.org';

/** Wall-clock time in UTC `seconds` from now, to the second, as the admin API takes it. */
const utcWallClock = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19);

const banner = (page: Page) => page.getByRole('banner');
/** The signed-in person's role, beside their name and address. */
const role = (page: Page) => banner(page).locator('#app-role:not([hidden])');
const shellNav = (page: Page, name: string) => banner(page).getByRole('navigation', { name });
/** The hrefs of the links a person can see in a navigation. */
async function visibleLinks(nav: Locator) {
  const links = nav.getByRole('link');
  const hrefs: string[] = [];
  for (const link of await links.all()) if (await link.isVisible()) hrefs.push((await link.getAttribute('href')) ?? '');
  return hrefs;
}

describe("the members' area and the console in their application shell", () => {
  let browser: Browser;
  let member: BrowserContext;
  let leader: BrowserContext;
  let secretariat: BrowserContext;
  beforeAll(async () => {
    browser = await launchChromium();
    [member, leader, secretariat] = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
    await signInContext(member, MEMBER);
    await signInContext(leader, LEADER);
    await signInContext(secretariat, SECRETARIAT);
  });
  afterAll(() => browser?.close());

  it("shows a member who they are, their area's sections with this page marked, and no console link", async () => {
    // Prepare
    const me = (await (await member.request.get(`${hubUrl()}/api/me`)).json()) as { name: string };
    const page = await member.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    // Act
    await page.goto(`${hubUrl()}/members/events/`);
    // Assess: the person and their role, in the banner
    await banner(page).getByText(MEMBER, { exact: true }).waitFor();
    await expect(banner(page).getByText(me.name, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(role(page).textContent()).resolves.toBe('Member');
    const nav = shellNav(page, "Members' area");
    expect(await visibleLinks(nav)).toEqual(['/members/', '/members/events/', '/members/connections/', '/members/agreements/', '/members/search/', '/members/notifications/', '/your-data/']);
    await expect(nav.getByRole('link', { name: 'Events' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(nav.getByRole('link', { name: 'My groups' }).getAttribute('aria-current')).resolves.toBeNull();
    await expect(nav.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    // The public navigation is not on a working page.
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await axeClean(page);
    // A group's page belongs to "My groups".
    await page.goto(`${hubUrl()}/members/group/?id=action-5`);
    await expect(shellNav(page, "Members' area").getByRole('link', { name: 'My groups' }).getAttribute('aria-current')).resolves.toBe('true');
  });

  it('folds the menu on a phone, opens it from the keyboard and closes it with Escape', async () => {
    // Prepare
    const page = await member.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${hubUrl()}/members/`);
    await banner(page).getByText(MEMBER, { exact: true }).waitFor();
    const menu = banner(page).getByRole('button', { name: 'Menu' });
    const groups = banner(page).getByRole('link', { name: 'My groups' });
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(groups.isVisible()).resolves.toBe(false);
    // Act: from the skip link, Tab reaches the menu button; Enter opens it
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    for (let i = 0; i < 5 && !(await menu.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(menu.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    // Assess: open, the links one below the other, the next Tab on the first link
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(groups.isVisible()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await expect(groups.evaluate((a) => a === document.activeElement)).resolves.toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await axeClean(page);
    // Act: Escape closes it and gives the focus back to the button
    await page.keyboard.press('Escape');
    // Assess
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(groups.isVisible()).resolves.toBe(false);
    await expect(menu.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
  });

  it('adds the calls for cooperation for a group leader, still without the console', async () => {
    const page = await leader.newPage();
    await page.goto(`${hubUrl()}/members/`);
    await role(page).filter({ hasText: 'Group leader' }).waitFor();
    const links = await visibleLinks(shellNav(page, "Members' area"));
    expect(links).toContain('/console/calls/');
    expect(links.filter((href) => href.startsWith('/console/') && href !== '/console/calls/')).toEqual([]);
    // In the console's shell a leader sees their own tools and the way back, not the secretariat's sections.
    await page.goto(`${hubUrl()}/console/calls/`);
    await role(page).filter({ hasText: 'Group leader' }).waitFor();
    expect(await visibleLinks(shellNav(page, 'Secretariat console'))).toEqual(['/console/experts/', '/console/calls/', '/members/']);
  });

  it("shows the secretariat every console section, this page marked, what needs attention, and the way to the members' area", async () => {
    // Prepare: a report waiting for review (an event starting in 3 seconds, a member registered, the report after the start)
    const headers = { origin: hubUrl() };
    const created = await secretariat.request.post(`${hubUrl()}/api/admin/events`, {
      headers,
      data: { title: `Shell check ${Date.now()}`, description: 'A short meeting.', start: utcWallClock(3), end: utcWallClock(3600), timeZone: 'UTC', online: 'https://meet.example.org/shell', visibility: 'members', actions: [5] },
    });
    expect(created.status()).toBe(201);
    const eventId = ((await created.json()) as { id: string }).id;
    expect((await member.request.post(`${hubUrl()}/api/events/${eventId}/registration`, { headers, data: {} })).status()).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const report = await member.request.post(`${hubUrl()}/api/events/${eventId}/report`, { headers, data: { whatHappened: 'The cities compared their reception plans.', actions: [5], links: [], followUp: '' } });
    expect(report.status()).toBe(201);
    const page = await secretariat.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    // Act
    await page.goto(`${hubUrl()}/console/`);
    // Assess: a link to every section the console's home lists, the home marked, the role
    const nav = shellNav(page, 'Secretariat console');
    await role(page).filter({ hasText: 'Secretariat' }).waitFor();
    const sections = await page.getByRole('main').getByRole('navigation', { name: 'Sections' }).getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(sections.length).toBeGreaterThan(10);
    expect(await visibleLinks(nav)).toEqual(['/console/', ...sections, '/members/']);
    await expect(nav.getByRole('link', { name: 'Console home' }).getAttribute('aria-current')).resolves.toBe('page');
    // The pending report shows beside its section, and in the link's name
    const reports = nav.getByRole('link', { name: /^Developments reports \d+ to review$/ });
    await reports.waitFor();
    expect(Number(/(\d+) to review/.exec((await reports.textContent()) ?? '')?.[1])).toBeGreaterThanOrEqual(1);
    await axeClean(page);
    // Act: on the reports page
    await reports.click();
    await page.waitForURL(/\/console\/reports\/$/);
    // Assess
    await expect(shellNav(page, 'Secretariat console').getByRole('link', { name: /^Developments reports/ }).getAttribute('aria-current')).resolves.toBe('page');
    await axeClean(page);
    // The secretariat's way into the members' area shows the way back.
    await page.goto(`${hubUrl()}/members/`);
    await expect(visibleLinks(shellNav(page, "Members' area"))).resolves.toContain('/console/');
  });

  it('tells someone signed out that they are not signed in, with a way to sign in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hubUrl()}/console/`);
    await banner(page).getByText('Not signed in.').waitFor();
    await expect(banner(page).getByRole('link', { name: 'Sign in' }).getAttribute('href')).resolves.toBe('/members/signin/?next=%2Fconsole%2F');
    await expect(banner(page).getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
    await context.close();
  });
});
