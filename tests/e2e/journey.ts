import { AxeBuilder } from '@axe-core/playwright';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { mailLanguages, mailWords, type MailWord } from '../../functions/core/mail/words.ts';
import type { RawEmail } from '../../functions/local/engines/ses.ts';

/** What every browser journey needs: the hub's address, its inbox, sign-in (by API or through the pages) and axe. */
export const hubUrl = () => inject('hubUrl');

/** Every email the hub sent so far, to anyone, oldest first, as the local inbox keeps them. */
export async function allMail(): Promise<RawEmail[]> {
  return ((await (await fetch(`${inject('inboxUrl')}/raw`)).json()) as { emails: RawEmail[] }).emails;
}

/** The emails the hub sent to an address so far, oldest first. */
export async function mailsTo(address: string): Promise<RawEmail[]> {
  return (await allMail()).filter((e) => e.to.includes(address));
}

/** Polls `read` until it gives a value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The newest email to `address` beyond the first `already` whose subject matches (or contains a string), parsed, once it came. */
export async function nextMail(address: string, already: number, subject: RegExp | string): Promise<ParsedMail> {
  const matches = (s: string) => (typeof subject === 'string' ? s.includes(subject) : subject.test(s));
  const found = await waitFor(`an email to ${address} about ${String(subject)}`, async () => (await mailsTo(address)).slice(already).findLast((e) => matches(e.subject)));
  return simpleParser(found.raw);
}

/** The first link in `text` whose address holds `path`, moved onto this hub's origin. */
export function linkIn(text: string | undefined, path: string): string {
  const found = new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, '\\$&')}[^\\s]*`).exec(text ?? '')?.[0];
  if (!found) throw new Error(`no ${path} link in: ${text}`);
  return found.replace(/^https?:\/\/[^/]+/, hubUrl());
}

/** The link of the `index`-th email to `address` (oldest first) that holds a link matching `path`, moved onto this hub's origin. */
export async function nthLinkTo(address: string, path: RegExp, index: number): Promise<string> {
  return waitFor(`email ${index + 1} to ${address} with a link to ${path}`, async () => {
    const texts = await Promise.all((await mailsTo(address)).map(async (m) => (await simpleParser(m.raw)).text ?? ''));
    const links = texts.map((text) => new RegExp(`(https?://\\S+${path.source}[A-Za-z0-9_-]+)`).exec(text)?.[1]).filter((l): l is string => Boolean(l));
    return links[index]?.replace(/^https?:\/\/[^/]+/, hubUrl());
  });
}

/** The `#token` of the newest link to `path` in the emails to `address` beyond the first `after`, of those whose subject matches. */
export async function tokenFromInbox(address: string, path: string, { subject = /./, after = 0 }: { subject?: RegExp; after?: number } = {}): Promise<string> {
  return waitFor(`a ${path} link in the emails to ${address}`, async () => {
    for (const raw of (await mailsTo(address)).slice(after).filter((e) => subject.test(e.subject)).reverse()) {
      const token = new RegExp(`${path.replace(/[/?]/g, '\\$&')}#([A-Za-z0-9_-]+)`).exec((await simpleParser(raw.raw)).text ?? '')?.[1];
      if (token) return token;
    }
    return undefined;
  });
}

/**
 * A subject from the emails' catalogue, in any of its languages (a demo member may read French),
 * each `{placeholder}` matching anything.
 */
export function subjectIn(key: MailWord): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(${mailLanguages.map((l) => escape(mailWords(l)(key)).replace(/\\\{\w+\\\}/g, '.*')).join('|')})$`);
}
export const SIGN_IN_SUBJECT = subjectIn('signIn.subject');

/**
 * An emailed link opens the page in the reader's language (a demo member may read French); the
 * journeys read the English pages, so they open its English twin. tests/e2e/languages.test.ts walks
 * the French ones.
 */
export const englishPage = (link: string) => link.replace(/^(https?:\/\/[^/]+)\/[a-z]{2}\//, '$1/');

/** Signs a person in within a browser context, through the API calls the sign-in pages make, with the emailed link. */
export async function signInContext(context: BrowserContext, email: string) {
  const before = (await mailsTo(email)).length;
  const headers = { origin: hubUrl(), 'content-type': 'application/json' };
  expect((await context.request.post(`${hubUrl()}/api/auth/login`, { headers, data: { email } })).status()).toBe(202);
  const token = await tokenFromInbox(email, '/members/verify/', { subject: SIGN_IN_SUBJECT, after: before });
  expect((await context.request.post(`${hubUrl()}/api/auth/verify`, { headers, data: { token } })).status()).toBe(200);
}

/** Signs in through the pages as a person does: the email form, then the emailed link's button, in `page`. Answers the link. */
export async function signInThroughPages(page: Page, email: string): Promise<string> {
  const before = (await mailsTo(email)).length;
  await page.goto(`${hubUrl()}/members/signin/`);
  await page.getByLabel('Your email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  // The answer (and its pending cookie) comes after the email, no sooner than SIGN_IN_ANSWER_MS:
  // the page must say it was sent before the link is opened.
  await page.getByText(/a link and a code are on their way/).waitFor();
  const link = englishPage(linkIn((await nextMail(email, before, SIGN_IN_SUBJECT)).text, '/members/verify/#'));
  await page.goto(link);
  await page.getByRole('button', { name: `Sign in as ${email}` }).click();
  await page.waitForURL(`${hubUrl()}/members/`);
  return link;
}

/** A new page in `context`, signed in through the pages. */
export async function signedInPage(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await signInThroughPages(page, email);
  return page;
}

/** No WCAG 2.1 A or AA violation on the page as it stands. */
export async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}
