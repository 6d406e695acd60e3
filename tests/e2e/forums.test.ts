import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, englishPage, hubUrl, linkIn, mailsTo, nextMail, SIGN_IN_SUBJECT, signInThroughPages } from './journey.ts';

describe('working-group forums in Chromium', () => {
  let browser: Browser;
  let first: BrowserContext;
  let second: BrowserContext;
  const author = 'member2a@example.org';
  const replier = 'member2b@example.org';
  const title = `Site visit to Athens ${Date.now()}`;
  let threadUrl = '';

  beforeAll(async () => {
    browser = await launchChromium();
    first = await browser.newContext();
    second = await browser.newContext();
  });
  afterAll(() => browser?.close());

  it('signs a member in with the emailed link and lists their groups', async () => {
    // Prepare
    const page = await first.newPage();
    // Act
    await signInThroughPages(page, author);
    // Assess
    await page.getByRole('link', { name: /Action 2/ }).waitFor();
    // The shell says who is signed in.
    await expect.poll(() => page.locator('#app-who-email').textContent()).toBe(author);
    await axeClean(page);
  });

  it('chooses immediate emails and starts a thread', async () => {
    const page = await first.newPage();
    await page.goto(`${hubUrl()}/members/`);
    await page.getByRole('link', { name: /Action 2/ }).click();
    await page.getByRole('heading', { level: 1, name: /Action 2/ }).waitFor();
    await axeClean(page);
    await page.getByLabel('At once, for every new post').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Message (Markdown)').fill('Proposed dates: **12 or 19 March**. <script>alert(1)</script>');
    // The preview under the field shows what members will read, by the server's own rules.
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.locator('strong').textContent()).toBe('12 or 19 March');
    expect(await preview.locator('script').count()).toBe(0);
    expect(await preview.textContent()).toContain('<script>alert(1)</script>');
    await axeClean(page);
    await page.getByRole('button', { name: 'Start the thread' }).click();
    await page.waitForURL(/\/members\/thread\/\?id=/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    threadUrl = page.url();
    expect(await page.locator('.post-body strong').textContent()).toBe('12 or 19 March');
    expect(await page.locator('.post-body script').count()).toBe(0);
    await axeClean(page);
  });

  it('lets a second member reply, and emails the first at once with a link to the thread', async () => {
    // Prepare
    const page = await second.newPage();
    await signInThroughPages(page, replier);
    const before = (await mailsTo(author)).length;
    // Act
    await page.goto(threadUrl);
    await page.getByLabel('Message (Markdown)').fill('19 March suits Barcelona.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await page.getByText('Your reply is posted.').waitFor();
    // Assess
    const mail = await nextMail(author, before, new RegExp(`Re: ${title}`));
    expect(mail.text).toContain('19 March suits Barcelona.');
    expect(linkIn(mail.text, '/members/thread/?id=')).toBe(threadUrl);
    expect(linkIn(mail.text, '/members/notifications/#')).toBeTruthy();
  });

  it('attaches a file to a reply, refuses a type outside the allowlist, and offers an edited post\'s earlier version', async () => {
    // Prepare
    const page = await second.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(threadUrl);
    await page.getByLabel('Message (Markdown)').waitFor();
    // Act: a refused type, then an allowed one
    await page.getByLabel('Message (Markdown)').fill('A page with a script.');
    await page.getByLabel(/Attach files/).setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await page.getByRole('alert').filter({ hasText: /page\.html could not be attached: Files of type \.html cannot be attached/ }).waitFor();
    await page.getByLabel('Message (Markdown)').fill('Draft programme attached.');
    await page.getByLabel(/Attach files/).setInputFiles({ name: 'programme.csv', mimeType: 'text/csv', buffer: Buffer.from('day,item\n12 March,visit\n') });
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await page.getByText('Your reply is posted.').waitFor();
    // Assess: the link downloads the same bytes
    const link = page.getByRole('link', { name: 'programme.csv' });
    const download = await page.evaluate(async (href) => {
      const answer = await fetch(href!);
      return { status: answer.status, disposition: answer.headers.get('content-disposition'), text: await answer.text() };
    }, await link.getAttribute('href'));
    expect(download).toEqual({ status: 200, disposition: "attachment; filename*=UTF-8''programme.csv", text: 'day,item\n12 March,visit\n' });
    // Act: edit, then open the earlier version
    const mine = page.locator('li', { has: page.getByRole('link', { name: 'programme.csv' }) });
    await mine.getByRole('button', { name: /^Edit:/ }).click();
    await page.getByLabel('Edit your post (Markdown)').fill('Final programme attached.');
    await page.getByRole('button', { name: 'Save the change' }).click();
    await page.locator('.post-body', { hasText: 'Final programme attached.' }).waitFor();
    await page.getByText('Earlier versions (1)').click();
    // Assess
    await page.locator('details.revisions .post-body').filter({ hasText: 'Draft programme attached.' }).waitFor();
    await axeClean(page);
  });

  it('refuses a used link with a clear page', async () => {
    // Prepare: a link used once, then a newer sign-in asked in the same browser
    const context = await browser.newContext();
    const page = await context.newPage();
    const used = await signInThroughPages(page, 'observer3@example.org');
    await page.goto(`${hubUrl()}/members/signin/`);
    await page.getByLabel('Your email address').fill('observer3@example.org');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText(/on their way/).waitFor();
    // Act
    await page.goto(used);
    await page.getByRole('button', { name: 'Sign in as observer3@example.org' }).click();
    // Assess
    await page.getByRole('alert').filter({ hasText: /not the latest one|already been used/ }).waitFor();
    await page.getByRole('link', { name: 'Ask for a new sign-in link' }).waitFor();
    await axeClean(page);
    await context.close();
  });

  it('says to type the code where it was asked when the link is opened in another browser', async () => {
    const email = 'observer4@example.org';
    const asking = await browser.newContext();
    const other = await browser.newContext();
    const before = (await mailsTo(email)).length;
    const page = await asking.newPage();
    await page.goto(`${hubUrl()}/members/signin/`);
    await page.getByLabel('Your email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const mail = await nextMail(email, before, SIGN_IN_SUBJECT);
    const elsewhere = await other.newPage();
    await elsewhere.goto(englishPage(linkIn(mail.text, '/members/verify/#')));
    await elsewhere.getByText(/Type the 6-digit code from the email in the browser where you asked/).waitFor();
    expect(await elsewhere.getByRole('button', { name: /Sign in as/ }).isVisible()).toBe(false);
    await asking.close();
    await other.close();
  });
});
