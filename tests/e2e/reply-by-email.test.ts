import nodemailer from 'nodemailer';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, mailsTo, nextMail, signInContext } from './journey.ts';

describe('reply by email, in Chromium', () => {
  const author = 'member1b@example.org';
  const leader = 'leader1@example.org';
  const title = `Study visit to Lisbon ${Date.now()}`;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    await signInContext(context, author);
  });
  afterAll(() => browser?.close());

  it("posts a leader's answer to a notification, sent over SMTP to its Reply-To, with its file, in the thread page", async () => {
    // Prepare: the author starts a thread; the leader is notified at once, with a reply address.
    const before = (await mailsTo(leader)).length;
    const started = await context.request.post(`${hubUrl()}/api/groups/action-1/threads`, {
      headers: { origin: hubUrl(), 'content-type': 'application/json' },
      data: { title, body: 'Who can host the group in April?' },
    });
    expect(started.status()).toBe(201);
    const { thread } = (await started.json()) as { thread: { id: string } };
    const notification = await nextMail(leader, before, new RegExp(`New thread: ${title}`));
    const replyTo = notification.replyTo?.value[0]?.address;
    const programme = Buffer.from('%PDF-1.4 Study visit to Lisbon: programme for 14 April');
    expect(replyTo).toMatch(/^reply\+[0-9a-f]{40}@reply\.localhost$/);
    // Act: a script answers, as a mail client would, quoting the notification below.
    const smtp = new URL(inject('smtpUrl'));
    const transport = nodemailer.createTransport({ host: smtp.hostname, port: Number(smtp.port), secure: false, ignoreTLS: true });
    const sent = await transport.sendMail({
      from: leader,
      to: replyTo,
      subject: `Re: ${notification.subject}`,
      inReplyTo: notification.messageId,
      text: `Lisbon can host us on 14 April.\n\nOn ${new Date().toUTCString()}, Partnership Hub wrote:\n> ${notification.text?.split('\n').join('\n> ')}`,
      attachments: [{ filename: 'lisbon-programme.pdf', content: programme, contentType: 'application/pdf' }],
    });
    transport.close();
    // Assess: the thread page shows the leader's words, without the quoted notification.
    expect(sent.response).toContain('Posted in the thread');
    const page = await context.newPage();
    await page.goto(`${hubUrl()}/members/thread/?id=${encodeURIComponent(thread.id)}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const answer = page.locator('.post-body', { hasText: 'Lisbon can host us on 14 April.' });
    await answer.waitFor();
    expect(await page.locator('.post-body').count()).toBe(2);
    expect(await answer.textContent()).not.toContain('Partnership Hub wrote');
    // The file sent with the mail is listed under the answer like an upload, and downloads as sent.
    const file = page.getByRole('link', { name: 'lisbon-programme.pdf' });
    await file.waitFor();
    const download = await context.request.get(`${hubUrl()}${await file.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body())).toEqual(programme);
    await axeClean(page);
    // On a phone the post and its file fit the width.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
