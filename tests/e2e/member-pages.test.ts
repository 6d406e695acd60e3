import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, mailsTo, nextMail, signedInPage } from './journey.ts';

const hubUrl = inject('hubUrl');

/** Starts a thread in a group through the API, as the signed-in page's own script would. */
async function startThread(page: Page, group: string, title: string, body: string) {
  const response = await page.request.post(`${hubUrl}/api/groups/${group}/threads`, { headers: { origin: hubUrl }, data: { title, body } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { thread: { id: string } }).thread.id;
}

describe('members search their own groups', () => {
  let browser: Browser;
  const word = `quinoa${randomUUID().slice(0, 6)}`;
  const title = `Housing pilots in Vilnius ${word}`;
  let threadId = '';
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('finds a thread of their group by a word of its post, and opens it from the results', async () => {
    // Prepare
    const page = await signedInPage(await browser.newContext(), 'member3a@example.org');
    threadId = await startThread(page, 'action-3', title, `The ${word} pilots start in May.`);
    // Act: the search form, as a member types it
    await page.goto(`${hubUrl}/members/search/`);
    await axeClean(page);
    await page.getByLabel('Search titles and posts in my groups').fill(word);
    await page.getByRole('button', { name: 'Search' }).click();
    // Assess
    await page.waitForURL(`${hubUrl}/members/search/?q=${word}`);
    await page.getByRole('status').filter({ hasText: /result/ }).waitFor();
    const results = page.getByRole('list', { name: 'Results' }).getByRole('listitem');
    expect(await page.getByRole('status').textContent()).not.toBe('0 result(s).');
    expect(await results.getByRole('link', { name: title }).count()).toBeGreaterThanOrEqual(1);
    expect(await results.first().textContent()).toContain(word);
    await axeClean(page);
    await results.getByRole('link', { name: title }).first().click();
    await page.waitForURL(new RegExp(`/members/thread/\\?id=${threadId}`));
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  });

  it("never shows another group's threads, and says when nothing matches", async () => {
    // Prepare: a member of Action 4 only
    const page = await signedInPage(await browser.newContext(), 'member4a@example.org');
    // Act
    await page.goto(`${hubUrl}/members/search/?q=${word}`);
    // Assess
    await page.getByRole('status').filter({ hasText: '0 result(s).' }).waitFor();
    expect(await page.getByRole('list', { name: 'Results' }).getByRole('listitem').count()).toBe(0);
    expect(await page.getByLabel('Search titles and posts in my groups').inputValue()).toBe(word);
    await axeClean(page);
  });

  it('sends a group, thread or event page opened without its id to the list to choose from, in the page’s language, whose agenda writes French labels and dates', async () => {
    // Prepare
    const page = await signedInPage(await browser.newContext(), 'member3a@example.org');
    const refusals: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/') && response.status() >= 400) refusals.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    for (const [opened, list] of [
      ['/fr/members/group/', '/fr/members/'],
      ['/fr/members/thread/?id=', '/fr/members/'],
      ['/members/events/event/', '/members/events/'],
    ] as const) {
      // Act
      await page.goto(`${hubUrl}${opened}`);
      // Assess
      await page.waitForURL(`${hubUrl}${list}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    expect(refusals).toEqual([]);
    // And the French agenda writes its labels and dates the French way.
    await page.goto(`${hubUrl}/fr/members/events/`);
    const when = page.locator('#agenda p.meta').filter({ hasText: /^Quand/ }).first();
    expect(await when.textContent()).toMatch(/^Quand : \S+\.? \d{1,2} \S+ \d{4}/);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hubUrl}/members/search/?q=${word}`);
    await page.waitForURL(/\/members\/signin\//);
  });
});

describe("a forum email's notification preferences page", () => {
  let browser: Browser;
  const leader = 'leader3@example.org';
  const run = randomUUID().slice(0, 6);
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('opens from the email without signing in, shows the setting, and the chosen "Never" stops the emails', async () => {
    // Prepare: a new thread, of which the group's leader is emailed at once (leaders' default)
    const author = await signedInPage(await browser.newContext(), 'member3b@example.org');
    const first = `Budget lines ${run}`;
    await startThread(author, 'action-3', first, 'Which lines can fund the pilots?');
    const mail = await nextMail(leader, 0, first);
    const link = /(\S+\/members\/notifications\/#[A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!.replace(/^https?:\/\/[^/]+/, hubUrl);
    // Act: the page, in a browser that never signed in
    const page = await (await browser.newContext()).newPage();
    await page.goto(link);
    await page.getByRole('status').filter({ hasText: /^Emails from Action 3: .* to leader3@example\.org:$/ }).waitFor();
    expect(await page.getByLabel('At once, for every new post').isChecked()).toBe(true);
    await axeClean(page);
    await page.getByLabel('Never').check();
    await page.getByRole('button', { name: 'Save' }).click();
    // Assess: saved, and the link shows the new setting when opened again
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const again = await (await browser.newContext()).newPage();
    await again.goto(link);
    await again.getByRole('status').filter({ hasText: /^Emails from Action 3/ }).waitFor();
    expect(await again.getByLabel('Never').isChecked()).toBe(true);
    expect(await again.getByLabel('At once, for every new post').isChecked()).toBe(false);
    // Assess: the next thread mentions a colleague, who is emailed at once, and the leader is not.
    const second = `Timeline ${run}`;
    await startThread(author, 'action-3', second, 'Dates to agree, @member3a.');
    await nextMail('member3a@example.org', 0, second);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await mailsTo(leader)).filter((m) => m.subject.includes(second))).toEqual([]);
  });

  it('says so when opened without the link from an email', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hubUrl}/members/notifications/`);
    await page.getByRole('alert').filter({ hasText: 'This page needs the link from a forum email.' }).waitFor();
    expect(await page.locator('#notify-form').isHidden()).toBe(true);
    await axeClean(page);
  });
});

describe('the public archive of updates', () => {
  let browser: Browser;
  const run = randomUUID().slice(0, 6);
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('lists a sent update, not a draft, and shows its base version to anyone', async () => {
    // Prepare: a sent update (Malta's researchers: no demo contacts there) and a draft
    const secretariat = await signedInPage(await browser.newContext(), 'secretariat-archive@example.org');
    const update = (title: string) => ({
      title,
      subject: title,
      body: `What the **partnership** learnt ${run}.`,
      variants: [{ audience: 'research', subject: `For researchers ${run}`, body: `The research variant ${run}.` }],
      targets: { audiences: ['research'], countries: ['MT'] },
      routes: { direct: true },
    });
    const create = async (title: string) => ((await (await secretariat.request.post(`${hubUrl}/api/admin/updates`, { headers: { origin: hubUrl }, data: update(title) })).json()) as { id: string }).id;
    const sentId = await create(`Archive sent ${run}`);
    await create(`Archive draft ${run}`);
    expect((await secretariat.request.post(`${hubUrl}/api/admin/updates/${sentId}/send`, { headers: { origin: hubUrl }, data: {} })).status()).toBe(202);
    // Act: a visitor who never signed in opens the archive
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hubUrl}/updates/`);
    const entry = page.getByRole('link', { name: `Archive sent ${run}` });
    await entry.waitFor();
    // Assess
    expect(await page.getByRole('link', { name: `Archive draft ${run}` }).count()).toBe(0);
    expect(await page.getByRole('status').textContent()).toBe('');
    await axeClean(page);
    await entry.click();
    await page.waitForURL(`${hubUrl}/updates/#${sentId}`);
    const article = page.locator('#update');
    await article.getByRole('heading', { level: 2, name: `Archive sent ${run}` }).waitFor();
    expect(await article.locator('strong').textContent()).toBe('partnership');
    expect(await article.textContent()).toContain(`What the partnership learnt ${run}.`);
    expect(await article.textContent()).not.toContain('The research variant');
    await axeClean(page);
  });
});
