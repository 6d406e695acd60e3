import { AxeBuilder } from '@axe-core/playwright';
import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { RawEmail } from '../../functions/local/engines/ses.ts';

/** What every browser journey needs: the hub's address, its inbox, a signed-in context and axe. */
export const hubUrl = () => inject('hubUrl');

/** The emails the hub sent to an address so far, oldest first, as the local inbox keeps them. */
export async function mailsTo(address: string): Promise<RawEmail[]> {
  const { emails } = (await (await fetch(`${inject('inboxUrl')}/raw`)).json()) as { emails: RawEmail[] };
  return emails.filter((e) => e.to.includes(address));
}

/** Waits for a new email to `address` (beyond the `already` it had) whose subject matches, and parses it. */
export async function nextMail(address: string, already: number, subject: RegExp) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await mailsTo(address)).slice(already).filter((e) => subject.test(e.subject));
    if (found.length) return simpleParser(found.at(-1)!.raw);
    if (Date.now() > deadline) throw new Error(`no email to ${address} matching ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Signs a person in within a browser context, through the API calls the sign-in pages make, with the emailed link. */
export async function signInContext(context: BrowserContext, email: string) {
  const before = (await mailsTo(email)).length;
  const headers = { origin: hubUrl(), 'content-type': 'application/json' };
  expect((await context.request.post(`${hubUrl()}/api/auth/login`, { headers, data: { email } })).status()).toBe(202);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = (await mailsTo(email)).slice(before).find((e) => /^Sign in to the Partnership Hub$/.test(e.subject));
    const token = mail && /\/members\/verify\/#([A-Za-z0-9_-]+)/.exec((await simpleParser(mail.raw)).text ?? '')?.[1];
    if (token) {
      expect((await context.request.post(`${hubUrl()}/api/auth/verify`, { headers, data: { token } })).status()).toBe(200);
      return;
    }
    if (Date.now() > deadline) throw new Error(`no sign-in link for ${email}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** No WCAG 2.1 A or AA violation on the page as it stands. */
export async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}
