import { AxeBuilder } from '@axe-core/playwright';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RawEmail } from '../../functions/local/engines/ses.ts';
import { launchChromium } from '../helpers/browser.ts';

const hub = () => inject('hubUrl');
const stamp = Date.now().toString(36);

async function mailsTo(address: string) {
  const { emails } = (await (await fetch(`${inject('inboxUrl')}/raw`)).json()) as { emails: RawEmail[] };
  return emails.filter((e) => e.to.includes(address));
}

/** Waits for a mail to `address` whose subject matches, and returns the `#token` of its link to `path`. */
async function tokenFromInbox(address: string, path: string, subject: RegExp, after = 0): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (const raw of (await mailsTo(address)).slice(after).filter((e) => subject.test(e.subject)).reverse()) {
      const token = new RegExp(`${path}#([A-Za-z0-9_-]+)`).exec((await simpleParser(raw.raw)).text ?? '')?.[1];
      if (token) return token;
    }
    if (Date.now() > deadline) throw new Error(`no ${path} link in the mails to ${address}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs a person in within a browser context, through the same API calls the sign-in pages make. */
async function signIn(context: BrowserContext, email: string) {
  const before = (await mailsTo(email)).length;
  const headers = { origin: hub(), 'content-type': 'application/json' };
  expect((await context.request.post(`${hub()}/api/auth/login`, { headers, data: { email } })).status()).toBe(202);
  const token = await tokenFromInbox(email, '/members/verify/', /^Sign in to the Partnership Hub$/, before);
  expect((await context.request.post(`${hub()}/api/auth/verify`, { headers, data: { token } })).status()).toBe(200);
}

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
}

describe('the secretariat manages members and groups in the console', () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  const invitee = { email: `invitee-${stamp}@ministry.example.net`, name: `Lena Invited ${stamp}`, organisation: 'Ministry of Labour' };
  const group = { id: `housing-${stamp}`, name: `Housing taskforce ${stamp}` };

  beforeAll(async () => {
    browser = await launchChromium();
    secretariat = await browser.newContext();
    await signIn(secretariat, 'secretariat@example.org');
  });
  afterAll(() => browser?.close());

  it('creates a group and archives another, with the groups page clean for axe', async () => {
    // Prepare
    const page = await secretariat.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${hub()}/console/groups/`);
    await page.getByRole('link', { name: 'Members of Action 6', exact: false }).waitFor();
    await axeClean(page);
    // Act
    await page.getByLabel('Name', { exact: true }).fill(group.name);
    expect(await page.getByLabel(/^Id/).inputValue()).toBe(`housing-taskforce-${stamp}`);
    await page.getByLabel(/^Id/).fill(group.id);
    await page.getByRole('button', { name: 'Create the group' }).click();
    await page.getByText(`${group.name} is created.`).waitFor();
    const spare = `spare-${stamp}`;
    await page.getByLabel('Name', { exact: true }).fill(`Spare group ${stamp}`);
    await page.getByLabel(/^Id/).fill(spare);
    await page.getByRole('button', { name: 'Create the group' }).click();
    await page.getByText(`Spare group ${stamp} is created.`).waitFor();
    await page.getByRole('button', { name: `Archive Spare group ${stamp}` }).click();
    // Assess
    await page.getByText(`Spare group ${stamp} is archived.`).waitFor();
    expect(await page.getByRole('button', { name: `Archive Spare group ${stamp}` }).count()).toBe(0);
    expect(await page.getByRole('row', { name: new RegExp(`Spare group ${stamp}.*archived`) }).count()).toBe(1);
    const duplicate = await page.evaluate(async (id) => (await fetch('/api/admin/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, name: 'Again' }) })).status, group.id);
    expect(duplicate).toBe(409);
    await axeClean(page);
  });

  it('invites a new member, who signs in from the emailed link in a fresh browser and sees the group', async () => {
    // Prepare
    const page = await secretariat.newPage();
    await page.goto(`${hub()}/console/members/?group=${group.id}`);
    await page.getByRole('heading', { level: 2, name: `Members of ${group.name}` }).waitFor();
    await page.getByText('Nobody is in this group yet.').waitFor();
    await axeClean(page);
    // Act: the invitation
    await page.getByLabel('Email address').fill(invitee.email);
    await page.getByLabel('Name', { exact: true }).fill(invitee.name);
    await page.getByLabel('Organisation (optional)').fill(invitee.organisation);
    await page.getByLabel('Role in the group').selectOption('member');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText(`${invitee.email} is invited to ${group.name}`).waitFor();
    await page.getByRole('cell', { name: invitee.email }).waitFor();
    await axeClean(page);
    // Act: the invitee, in a browser that never asked to sign in
    const token = await tokenFromInbox(invitee.email, '/members/verify/', /^Invitation: /);
    const fresh = await browser.newContext();
    const theirs = await fresh.newPage();
    await theirs.goto(`${hub()}/members/verify/#${token}`);
    await theirs.getByRole('button', { name: 'Accept the invitation and sign in' }).click();
    // Assess
    await theirs.waitForURL(`${hub()}/members/`);
    await theirs.getByRole('link', { name: group.name }).waitFor();
    expect(await theirs.getByText(`(${invitee.email})`).count()).toBe(1);
    // The link was single use: a second press in another browser is refused with a clear page.
    const again = await (await browser.newContext()).newPage();
    await again.goto(`${hub()}/members/verify/#${token}`);
    await again.getByRole('button', { name: 'Accept the invitation and sign in' }).click();
    await again.getByRole('alert').filter({ hasText: /already been used|not the latest/ }).waitFor();
    // The console is the secretariat's alone.
    await theirs.goto(`${hub()}/console/members/`);
    await theirs.getByText('Only the secretariat can open this page.').waitFor();
    await fresh.close();
  });

  it("changes the invitee's role to observer, and the audit page lists both changes", async () => {
    // Prepare
    const page = await secretariat.newPage();
    await page.goto(`${hub()}/console/members/?group=${group.id}`);
    await page.getByRole('cell', { name: invitee.email }).waitFor();
    // Act
    await page.getByLabel(`Role of ${invitee.name}`, { exact: true }).selectOption('observer');
    await page.getByRole('button', { name: `Change the role of ${invitee.name}` }).click();
    await page.getByText(`${invitee.name} is now observer in ${group.name}.`).waitFor();
    // Assess
    expect(await page.getByLabel(`Role of ${invitee.name}`, { exact: true }).inputValue()).toBe('observer');
    const audit = await secretariat.newPage();
    await audit.goto(`${hub()}/console/audit/`);
    const rows = audit.getByRole('row').filter({ hasText: invitee.email });
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/secretariat@example\.org\s+role changed[\s\S]*from: member; to: observer/),
      expect.stringMatching(/secretariat@example\.org\s+invited[\s\S]*role: member/),
    ]);
    await axeClean(audit);
  });

  it('removes a member after confirming', async () => {
    const page = await secretariat.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${hub()}/console/members/?group=${group.id}`);
    await page.getByRole('button', { name: `Remove ${invitee.name} from the group` }).click();
    await page.getByText(`${invitee.name} is no longer in ${group.name}.`).waitFor();
    await page.getByText('Nobody is in this group yet.').waitFor();
  });
});
