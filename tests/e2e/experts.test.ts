import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, mailsTo, signInContext, tokenFromInbox } from './journey.ts';

const stamp = Date.now().toString(36);

describe('expert pool and calls for cooperation', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('takes an expert from joining to posting in the group as a contributor', async () => {
    const expertEmail = `expert-${stamp}@research.example.net`;
    const otherEmail = `other-${stamp}@ngo.example.net`;

    // Someone joins the pool from the public page and confirms.
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${hubUrl()}/experts/`);
    await axeClean(page);
    await page.getByLabel('Email address').fill(expertEmail);
    await page.getByLabel('Your name').fill('Dr. Maria Camilleri');
    await page.getByLabel('Organisation', { exact: true }).fill('Institute for Urban Research');
    await page.getByLabel('Type of organisation').selectOption('research');
    await page.getByLabel('Which group describes you best').selectOption('research');
    await page.getByLabel('Country').selectOption('MT');
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByRole('checkbox', { name: /desegregation/i }).check();
    await page.getByLabel('Short profile').fill('Studies residential segregation and school choice in small island states.');
    await page.getByRole('checkbox', { name: /I agree/ }).check();
    await page.getByRole('button', { name: 'Join the pool' }).click();
    await expect(page.locator('#join-status').textContent()).resolves.toBeDefined();
    await page.waitForSelector('#join-status.success');

    const confirmToken = await tokenFromInbox(expertEmail, '/experts/confirm/');
    await page.goto(`${hubUrl()}/experts/confirm/#${confirmToken}`);
    await axeClean(page);
    await page.getByRole('button', { name: 'Confirm my entry' }).click();
    await page.waitForSelector('#confirm-status.success');

    // A second expert with the same topic but another country must not receive the call.
    const headers = { origin: hubUrl(), 'content-type': 'application/json' };
    await visitor.request.post(`${hubUrl()}/api/experts`, {
      headers,
      data: { email: otherEmail, name: 'Andreas Georgiou', organisation: 'Refugee support centre', organisationType: 'ngo', audience: 'ngo', country: 'CY', languages: ['en'], topics: ['desegregation'], profile: 'Runs housing support for refugees in Nicosia.', consent: true },
    });
    const otherToken = await tokenFromInbox(otherEmail, '/experts/confirm/');
    await visitor.request.post(`${hubUrl()}/api/experts/confirm`, { headers, data: { token: otherToken } });

    // The leader of Action 8's group writes a call matching the first expert, sees the count, sends.
    const leader = await browser.newContext();
    await signInContext(leader, 'leader8@example.org');
    const console = await leader.newPage();
    await console.goto(`${hubUrl()}/console/calls/`);
    await console.waitForSelector('#write:not([hidden])');
    await console.getByLabel('Group you lead').selectOption('action-8');
    await console.getByLabel('Title').fill(`School desegregation in small states ${stamp}`);
    await console.getByLabel('What you ask for').fill('We collect experience with school desegregation measures in small states and islands.');
    await console.getByRole('checkbox', { name: 'desegregation' }).check();
    await console.getByLabel('Malta', { exact: true }).check();
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 16);
    await console.getByLabel('Answers until').fill(deadline);
    await console.getByRole('button', { name: 'Save the call' }).click();
    await console.waitForSelector('#detail:not([hidden])');
    await expect(console.locator('#matches').textContent()).resolves.toBe('1 expert matches this call.');
    await axeClean(console);
    await console.getByRole('button', { name: 'Send to 1 expert' }).click();
    // The send runs as a job: the page follows it, then says what it did.
    await console.locator('#calls-status.success', { hasText: 'Sent to 1 expert(s).' }).waitFor();
    await expect(console.locator('#detail-meta').textContent()).resolves.toContain('sent to 1');

    // Exactly one email to the matching expert, none to the other.
    const answerToken = await tokenFromInbox(expertEmail, '/experts/answer/');
    const calls = (m: { subject?: string }[]) => m.filter((mail) => mail.subject?.startsWith('Call for cooperation')).length;
    expect(calls(await mailsTo(expertEmail))).toBe(1);
    expect(calls(await mailsTo(otherEmail))).toBe(0);

    // The expert answers from the page the email links to.
    await page.goto(`${hubUrl()}/experts/answer/#${answerToken}`);
    await page.waitForSelector('#answer:not([hidden])');
    await axeClean(page);
    await page.getByLabel('I am interested and can contribute').check();
    await page.getByLabel('Message to the working group').fill('Happy to share the Maltese school allocation study.');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.waitForSelector('#answer-status.success');

    // The leader sees the answer and invites the expert as a contributor until a date.
    await console.reload();
    await console.waitForSelector('#choose:not([hidden])');
    await console.getByLabel('Group you lead').selectOption('action-8');
    await console.getByRole('button', { name: `School desegregation in small states ${stamp}` }).click();
    await console.waitForSelector('#answers:not([hidden])');
    await expect(console.locator('#answers tbody').textContent()).resolves.toContain('Happy to share the Maltese school allocation study.');
    const until = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await console.getByLabel(/Contributor until/).fill(until);
    await console.getByRole('button', { name: 'Invite into the group' }).click();
    await console.waitForSelector('#calls-status.success');

    // The contributor signs in and posts in the group.
    const contributor = await browser.newContext();
    await signInContext(contributor, expertEmail);
    const me = await (await contributor.request.get(`${hubUrl()}/api/me`)).json();
    expect(me.groups).toEqual([expect.objectContaining({ id: 'action-8', role: 'contributor' })]);
    const posted = await contributor.request.post(`${hubUrl()}/api/groups/action-8/threads`, {
      headers,
      data: { title: 'Notes from the Maltese study', body: 'A summary of what worked in school allocation.' },
    });
    expect(posted.status()).toBe(201);
  });
});
