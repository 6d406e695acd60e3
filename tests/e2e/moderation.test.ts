import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInThroughPages } from './journey.ts';

describe("moderation, deleting one's own post and the decision log in Chromium", () => {
  let browser: Browser;
  let authorContext: BrowserContext;
  let leaderContext: BrowserContext;
  let readerContext: BrowserContext;
  const author = 'member7a@example.org';
  const reader = 'member7b@example.org';
  const leader = 'leader7@example.org';
  const title = `Indicator review ${Date.now()}`;
  let threadUrl = '';

  beforeAll(async () => {
    browser = await launchChromium();
    [authorContext, leaderContext, readerContext] = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
  });
  afterAll(() => browser?.close());

  it("lets a member start a thread, reply, and delete their own reply", async () => {
    // Prepare
    const page = await authorContext.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInThroughPages(page, author);
    await page.goto(`${hubUrl()}/members/group/?id=action-7`);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Message (Markdown)').fill('Shall we adopt the ten urban indicators?');
    await page.getByRole('button', { name: 'Start the thread' }).click();
    await page.waitForURL(/\/members\/thread\/\?id=/);
    threadUrl = page.url();
    for (const text of ['A reply I will take back.', 'Rude words about the other cities.']) {
      await page.getByLabel('Message (Markdown)').fill(text);
      await page.getByRole('button', { name: 'Send the reply' }).click();
      await page.locator('.post-body', { hasText: text }).waitFor();
    }
    // Act
    const mine = page.locator('li', { hasText: 'A reply I will take back.' });
    await mine.getByRole('button', { name: /^Delete:/ }).click();
    // Assess
    await page.getByText('This post was deleted by its author.').waitFor();
    expect(await page.getByText('A reply I will take back.').count()).toBe(0);
    await page.reload();
    await page.getByText('This post was deleted by its author.').waitFor();
    await axeClean(page);
  });

  it('lets the leader hide a post with a reason, record a decision, pin and lock the thread', async () => {
    // Prepare
    const page = await leaderContext.newPage();
    await signInThroughPages(page, leader);
    await page.goto(threadUrl);
    const rude = page.locator('li', { hasText: 'Rude words about the other cities.' });
    // Act: hide with a reason
    await rude.getByRole('button', { name: /^Hide:/ }).click();
    await page.getByLabel('Reason for hiding (the author and the moderators see it)').fill('Insults other members');
    await page.getByRole('button', { name: 'Hide the post' }).click();
    // Assess: the leader still sees the words, with the mark
    await page.getByText('Hidden by a moderator: Insults other members').waitFor();
    await page.getByText('Rude words about the other cities.').waitFor();
    await page.locator('li', { hasText: 'Rude words about the other cities.' }).getByRole('button', { name: /^Unhide:/ }).waitFor();
    await axeClean(page);
    // Act: the opening post becomes a decision; the thread is pinned, then locked
    const opening = page.locator('li', { hasText: 'Shall we adopt the ten urban indicators?' });
    await opening.getByRole('button', { name: /^Record as decision:/ }).click();
    await page.locator('li', { hasText: 'Shall we adopt the ten urban indicators?' }).getByText('Decision', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.getByRole('button', { name: 'Unpin', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('button', { name: 'Unlock', exact: true }).waitFor();
    // Assess: the state is shown, and stays after a reload
    await page.reload();
    await page.locator('#flags').filter({ hasText: 'Pinned · Locked' }).waitFor();
    expect(await page.locator('#reply').isVisible()).toBe(false);
    await axeClean(page);
  });

  it('shows the decision in the group\'s decision log', async () => {
    const page = await leaderContext.newPage();
    await page.goto(`${hubUrl()}/members/group/?id=action-7`);
    await page.getByRole('link', { name: 'Decision log' }).click();
    await page.waitForURL(/\/members\/decisions\/\?group=action-7/);
    await page.getByRole('link', { name: title }).waitFor();
    await page.getByText('Shall we adopt the ten urban indicators?').waitFor();
    await page.getByRole('link', { name: 'Download as Markdown' }).waitFor();
    await axeClean(page);
  });

  it('shows another member only that a post was hidden, and no moderation buttons', async () => {
    const page = await readerContext.newPage();
    await signInThroughPages(page, reader);
    await page.goto(threadUrl);
    await page.getByText('A post was hidden by a moderator.').waitFor();
    expect(await page.getByText('Rude words about the other cities.').count()).toBe(0);
    expect(await page.getByText(/Insults other members/).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Hide|Unhide|Mute the author|Pin|Lock)\b/ }).count()).toBe(0);
    await page.locator('#flags').filter({ hasText: 'Pinned · Locked' }).waitFor();
    await axeClean(page);
  });

  it('shows the author their hidden post with the reason', async () => {
    const page = await authorContext.newPage();
    await page.goto(threadUrl);
    await page.getByText('Hidden by a moderator: Insults other members').waitFor();
    await page.getByText('Rude words about the other cities.').waitFor();
    expect(await page.getByRole('button', { name: /^Hide:/ }).count()).toBe(0);
    await axeClean(page);
  });

  it('lets the leader mute the author from their post; the author is then told and cannot post', async () => {
    // Prepare: an open thread of the leader's
    const page = await leaderContext.newPage();
    await page.goto(`${hubUrl()}/members/group/?id=action-7`);
    await page.getByLabel('Title').fill(`${title} (open)`);
    await page.getByLabel('Message (Markdown)').fill('Open for comments.');
    await page.getByRole('button', { name: 'Start the thread' }).click();
    await page.waitForURL(/\/members\/thread\/\?id=/);
    const openUrl = page.url();
    const authorPage = await authorContext.newPage();
    await authorPage.goto(openUrl);
    await authorPage.getByLabel('Message (Markdown)').fill('A comment before the mute.');
    await authorPage.getByRole('button', { name: 'Send the reply' }).click();
    await authorPage.getByText('Your reply is posted.').waitFor();
    // Act
    await page.reload();
    await page.locator('li', { hasText: 'A comment before the mute.' }).getByRole('button', { name: /^Mute the author:/ }).click();
    await page.getByLabel('Reason for the mute (the member sees it)').fill('Cooling off after insults');
    await page.getByRole('button', { name: 'Mute in this group' }).click();
    // Assess
    await page.getByText(/is muted in this group until/).waitFor();
    await axeClean(page);
    await authorPage.reload();
    await authorPage.getByText(/A moderator muted you in this group until/).waitFor();
    expect(await authorPage.locator('#reply').isVisible()).toBe(false);
    await axeClean(authorPage);
  });
});
