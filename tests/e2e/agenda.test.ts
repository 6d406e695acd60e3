import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, mailsTo, nextMail, signInThroughPages, subjectIn } from './journey.ts';

/** Wall-clock time in UTC `seconds` from now, to the second, as the admin API takes it. */
const utcWallClock = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19);

describe('rolling agenda in Chromium', () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  let first: BrowserContext;
  let second: BrowserContext;
  const firstEmail = 'member4a@example.org';
  const secondEmail = 'member4b@example.org';
  const title = `Urban Academy masterclass ${Date.now()}`;
  const development = `Helsinki offered to host the next Urban Academy module ${Date.now()}.`;
  let eventId = '';
  let startsAt = 0;

  beforeAll(async () => {
    browser = await launchChromium();
    [secretariat, first, second] = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
  });
  afterAll(() => browser?.close());

  it('lets the secretariat put events on the agenda, from the console and the admin API', async () => {
    // Prepare
    const page = await secretariat.newPage();
    await signInThroughPages(page, 'secretariat@example.org');
    // Act: one event through the console form
    await page.goto(`${hubUrl()}/console/events/`);
    await page.getByLabel('Title', { exact: true }).fill(`Plenary meeting ${Date.now()}`);
    await page.getByLabel('Start (local time at the place)').fill('2027-06-10T09:30');
    await page.getByLabel('End (local time at the place)').fill('2027-06-10T17:00');
    await page.getByLabel('Time zone (IANA, e.g. Europe/Brussels)').fill('Europe/Athens');
    await page.getByLabel('Place', { exact: true }).fill('Athens, City Hall');
    await page.getByLabel('Seats (empty for no limit)').fill('40');
    await page.getByRole('button', { name: 'Put it on the agenda' }).click();
    await page.getByText('The event is on the agenda.').waitFor();
    // Act: the journey's event through the API: one seat, starting in 75 seconds
    startsAt = Date.now() + 75_000;
    const created = await page.request.post(`${hubUrl()}/api/admin/events`, {
      headers: { origin: hubUrl() },
      data: { title, description: 'A short masterclass on local integration strategies.', start: utcWallClock(75), end: utcWallClock(3600), timeZone: 'UTC', online: 'https://meet.example.org/academy', visibility: 'members', capacity: 1, actions: [5] },
    });
    // Assess
    expect(created.status()).toBe(201);
    eventId = ((await created.json()) as { id: string }).id;
    await page.reload();
    await expect(page.locator(`tr[data-event="${eventId}"]`).textContent()).resolves.toContain('0 / 1');
    await axeClean(page);
  }, 90_000);

  it('registers a member, waitlists the next, and promotes them when the first cancels', async () => {
    // Prepare
    const [a, b] = [await first.newPage(), await second.newPage()];
    await signInThroughPages(a, firstEmail);
    await signInThroughPages(b, secondEmail);
    const eventUrl = `${hubUrl()}/members/events/event/?id=${eventId}`;
    const bMails = (await mailsTo(secondEmail)).length;
    // Act: A takes the only seat, B joins the waitlist
    await a.goto(eventUrl);
    await a.getByRole('button', { name: 'Register' }).click();
    await a.getByText('Done: you are registered.').waitFor();
    await b.goto(eventUrl);
    await b.getByRole('button', { name: 'Register' }).click();
    await b.getByText('All seats are taken: you are on the waitlist.').waitFor();
    await axeClean(b);
    // Act: A cancels
    await a.getByRole('button', { name: 'Cancel my registration' }).click();
    await a.getByText('Your registration is cancelled.').waitFor();
    // Assess: B holds the seat, and was told by email with the invitation
    await b.reload();
    await b.locator('#my-status', { hasText: /^You are registered\.$/ }).waitFor();
    const promoted = await nextMail(secondEmail, bMails, subjectIn('agenda.promoted.subject'));
    expect(promoted.attachments.map((x) => x.filename)).toEqual(['invitation.ics']);
    await b.goto(`${hubUrl()}/members/events/`);
    await b.locator(`li[data-event="${eventId}"] .my-status`, { hasText: /^You are registered\.$/ }).waitFor();
  }, 90_000);

  it('takes a developments report after the event has started', async () => {
    // Prepare: the event starts (registration closes, reports open)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt - Date.now() + 1000)));
    const page = await second.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    // Act
    await page.goto(`${hubUrl()}/members/report/?event=${eventId}`);
    await page.getByLabel('What happened? What was decided or learnt?').fill(development);
    await page.getByLabel('Action 5').check();
    await page.getByLabel('Links (one per line: minutes, slides, articles)').fill('https://example.org/academy-notes');
    await page.getByLabel('Follow-up you ask for (optional)').fill('Put the offer on the plenary agenda.');
    await page.getByRole('button', { name: 'Send the report' }).click();
    // Assess
    await page.getByText(/your report is in the secretariat's review queue/).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await axeClean(page);
  }, 120_000);

  it('lets the secretariat accept the report into the plenary brief', async () => {
    // Prepare
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/reports/`);
    const card = page.locator('article.review', { hasText: title });
    await card.waitFor();
    // Act
    await card.getByLabel('Note (optional)').fill('For the next plenary.');
    await card.getByRole('button', { name: 'Accept' }).click();
    await page.getByText('Accepted into the brief.').waitFor();
    await page.goto(`${hubUrl()}/console/brief/`);
    // Assess
    await page.locator('#brief').getByText(development).waitFor();
    await expect(page.locator('#brief').textContent()).resolves.toContain('Action 5: Urban Academy on integration strategies');
    await axeClean(page);
    const download = await page.request.get(await page.locator('#download').getAttribute('href').then((href) => `${hubUrl()}${href}`));
    expect(download.headers()['content-type']).toMatch(/^text\/markdown/);
    expect(await download.text()).toContain(`> ${development}`);
  }, 60_000);

  it('shows the secretariat the outreach of the period as a chart and an accessible table', async () => {
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/outreach/`);
    await page.locator('#audiences-table').waitFor();
    expect(await page.locator('#countries-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('figure svg rect').count()).toBeGreaterThan(0);
    expect(await page.locator('#audiences-table thead').textContent()).toContain('Reached by updates');
    expect(await page.locator('#pending').isHidden()).toBe(true);
    await axeClean(page);
  }, 60_000);
});
