import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInContext, tokenFromInbox } from './journey.ts';

const stamp = Date.now().toString(36);

describe('the secretariat manages members and groups in the console', () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  const invitee = { email: `invitee-${stamp}@ministry.example.net`, name: `Lena Invited ${stamp}`, organisation: 'Ministry of Labour' };
  const group = { id: `housing-${stamp}`, name: `Housing taskforce ${stamp}` };

  beforeAll(async () => {
    browser = await launchChromium();
    secretariat = await browser.newContext();
    await signInContext(secretariat, 'secretariat@example.org');
  });
  afterAll(() => browser?.close());

  it('creates a group and archives another, with the groups page clean for axe', async () => {
    // Prepare
    const page = await secretariat.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${hubUrl()}/console/groups/`);
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
    await page.goto(`${hubUrl()}/console/members/?group=${group.id}`);
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
    const token = await tokenFromInbox(invitee.email, '/members/verify/', { subject: /^Invitation: / });
    const fresh = await browser.newContext();
    const theirs = await fresh.newPage();
    await theirs.goto(`${hubUrl()}/members/verify/#${token}`);
    await theirs.getByRole('button', { name: 'Accept the invitation and sign in' }).click();
    // Assess
    await theirs.waitForURL(`${hubUrl()}/members/`);
    await theirs.getByRole('link', { name: group.name }).waitFor();
    await expect.poll(() => theirs.locator('#app-who-email').textContent()).toBe(invitee.email);
    // The link was single use: a second press in another browser is refused with a clear page.
    const again = await (await browser.newContext()).newPage();
    await again.goto(`${hubUrl()}/members/verify/#${token}`);
    await again.getByRole('button', { name: 'Accept the invitation and sign in' }).click();
    await again.getByRole('alert').filter({ hasText: /already been used|not the latest/ }).waitFor();
    // The console is the secretariat's alone.
    await theirs.goto(`${hubUrl()}/console/members/`);
    await theirs.getByText('Only the secretariat can open this page.').waitFor();
    await fresh.close();
  });

  it("changes the invitee's role to observer, and the audit page lists both changes", async () => {
    // Prepare
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/members/?group=${group.id}`);
    await page.getByRole('cell', { name: invitee.email }).waitFor();
    // Act
    await page.getByLabel(`Role of ${invitee.name}`, { exact: true }).selectOption('observer');
    await page.getByRole('button', { name: `Change the role of ${invitee.name}` }).click();
    await page.getByText(`${invitee.name} is now observer in ${group.name}.`).waitFor();
    // Assess
    expect(await page.getByLabel(`Role of ${invitee.name}`, { exact: true }).inputValue()).toBe('observer');
    const audit = await secretariat.newPage();
    await audit.goto(`${hubUrl()}/console/audit/`);
    const rows = audit.getByRole('row').filter({ hasText: invitee.email });
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/secretariat@example\.org\s+role changed[\s\S]*from: member; to: observer/),
      expect.stringMatching(/secretariat@example\.org\s+invited[\s\S]*new member: (yes|no); role: member$/),
    ]);
    await axeClean(audit);
    // The same entries in French: each detail's name and value in the page's words.
    await audit.goto(`${hubUrl()}/fr/console/audit/`);
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/secretariat@example\.org\s+changement de rôle[\s\S]*de : membre; à : observateur$/),
      expect.stringMatching(/secretariat@example\.org\s+invitation[\s\S]*nouveau membre : (oui|non); rôle : membre$/),
    ]);
  });

  it('removes a member after confirming', async () => {
    const page = await secretariat.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${hubUrl()}/console/members/?group=${group.id}`);
    await page.getByRole('button', { name: `Remove ${invitee.name} from the group` }).click();
    await page.getByText(`${invitee.name} is no longer in ${group.name}.`).waitFor();
    await page.getByText('Nobody is in this group yet.').waitFor();
  });
});
