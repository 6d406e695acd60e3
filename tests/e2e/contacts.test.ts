import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, mailsTo, signInContext } from './journey.ts';

const SECRETARIAT = 'secretariat-contacts@example.org';

describe("the secretariat's contacts: filters, a contact's page, its networks", () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext();
    await signInContext(context, SECRETARIAT);
    page = await context.newPage();
  });
  afterAll(() => browser?.close());

  it('imports contacts with their networks, filters them by name, opens one, sees its consents and deliveries, sets its networks', { timeout: 120_000 }, async () => {
    // Prepare: two networks of this run, and contacts in Slovenia (no demo contact and no other journey lives there)
    const run = randomUUID().slice(0, 6);
    const [coast, alps] = [`coast-${run}`, `alps-${run}`];
    const headers = { origin: hubUrl() };
    for (const [id, name] of [[coast, `Coast network ${run}`], [alps, `Alpine network ${run}`]]) {
      const saved = await page.request.put(`${hubUrl()}/api/admin/networks/${id}`, { headers, data: { name, audiences: ['research'], countries: ['SI'], languages: ['it'], relayContacts: [{ name: 'Desk', email: `desk-${id}@example.org` }] } });
      expect(saved.status()).toBe(200);
    }
    const [ana, bor, cvet, bad] = ['ana', 'bor', 'cvet', 'bad'].map((n) => `${n}-${run}@example.org`) as [string, string, string, string];
    const csv = ['email,name,audience,country,language,networks', `${ana},Ana ${run},research,SI,it,${coast}`, `${bor},Bor ${run},research,SI,it,`, `${cvet},Cvet ${run},research,SI,it,${coast};${alps}`, `${bad},Bad ${run},research,SI,it,atlantis-${run}`].join('\n');

    // Act: the console's import, the networks column included; the unknown network refuses its row
    await page.goto(`${hubUrl()}/console/contacts/`);
    await page.locator('#import').waitFor();
    await page.setInputFiles('#file', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#import-form button[type=submit]');
    await page.getByText('Nothing imported: 1 row(s) rejected.').waitFor();
    const rejected = await page.locator('#rejected tbody tr').allTextContents();
    expect(rejected).toEqual([expect.stringContaining(`5networksno network with the id atlantis-${run}`)]);
    await page.getByLabel('Import the valid rows even if some are rejected').check();
    await page.click('#import-form button[type=submit]');
    await page.getByText(/^Imported 3, .* rejected 1\.$/).waitFor();

    // Prepare: an update to them, sent, so their page has a delivery
    const created = await page.request.post(`${hubUrl()}/api/admin/updates`, {
      headers,
      data: { title: `Slovenia ${run}`, subject: `Research news ${run}`, body: 'What researchers in Slovenia can do.', targets: { audiences: ['research'], countries: ['SI'] }, routes: { direct: true } },
    });
    const { id } = (await created.json()) as { id: string };
    expect((await page.request.post(`${hubUrl()}/api/admin/updates/${id}/send`, { headers })).status()).toBe(202);
    for (let tries = 0; !(await mailsTo(bor)).some((m) => m.subject.includes(run)); tries++) {
      if (tries > 150) throw new Error('the update never reached the contact');
      await new Promise((r) => setTimeout(r, 200));
    }

    // Act: the list filtered by names: research, Slovenia, Italian, subscribed, the coast network
    await page.locator('#network option', { hasText: `Coast network ${run}` }).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Audience', exact: true }).selectOption({ label: 'Research institutions' });
    await page.getByRole('combobox', { name: 'Country', exact: true }).selectOption({ label: 'Slovenia' });
    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption({ label: 'Italian' });
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption({ label: 'Subscribed' });
    await page.getByRole('combobox', { name: 'Network', exact: true }).selectOption({ label: `Coast network ${run}` });
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    // Assess
    await page.getByRole('link', { name: ana }).waitFor();
    expect((await page.locator('#contacts tr td:first-child').allTextContents()).sort()).toEqual([ana, cvet]);
    await expect(page.locator('#contacts tr', { hasText: cvet }).textContent()).resolves.toContain(`Coast network ${run}, Alpine network ${run}`);
    await axeClean(page);

    // Act: any network; the contact without one opens its page (the address goes there in this tab's storage, not the URL)
    await page.getByRole('combobox', { name: 'Network', exact: true }).selectOption({ label: 'Any network' });
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('link', { name: bor }).click();
    await page.waitForURL(`${hubUrl()}/console/contacts/contact/`);
    // Assess: status, consents, deliveries, no networks yet
    await page.locator('#details dt').first().waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(`Bor ${run} (${bor})`);
    const details = await page.locator('#details').textContent();
    expect(details).toContain('StatusSubscribed');
    expect(details).toContain('CountrySlovenia');
    expect(details).toContain('LanguageItalian');
    expect(details).toContain('NetworksNone');
    expect(await page.locator('#consents tbody tr').allTextContents()).toEqual([expect.stringMatching(new RegExp(`ConsentUpdatesimport by ${SECRETARIAT}.*By ${SECRETARIAT}$`))]);
    await expect(page.locator('#deliveries tbody tr').first().textContent()).resolves.toMatch(new RegExp(`^Slovenia ${run}.*Direct(Sent|Delivered)$`));
    await expect(page.locator('#requests-empty').isVisible()).resolves.toBe(true);
    await axeClean(page);

    // Act: reached through the Alpine network from now on
    await page.getByLabel(`Alpine network ${run}`).check();
    await page.getByRole('button', { name: 'Save the networks' }).click();
    // Assess
    await page.getByText(`Saved: reached through Alpine network ${run}.`).waitFor();
    const profile = await page.request.post(`${hubUrl()}/api/admin/contacts/profile`, { headers, data: { email: bor } });
    expect(((await profile.json()) as { contact: { networks: string[] } }).contact.networks).toEqual([alps]);
    await page.reload();
    await page.locator('#details dt').first().waitFor();
    await expect(page.getByLabel(`Alpine network ${run}`).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel(`Coast network ${run}`).isChecked()).resolves.toBe(false);
    await axeClean(page);

    // Act + Assess: export and erasure stay a click away, the address filled in and nothing run yet
    await page.getByRole('link', { name: 'Export or erase their data' }).click();
    await page.locator('#work').waitFor();
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe(bor);
    await expect(page.locator('#personal-data').isHidden()).resolves.toBe(true);

    // Act: the same contact's page in French
    await page.goto(`${hubUrl()}/fr/console/contacts/contact/`);
    await page.locator('#details dt').first().waitFor();
    // Assess: the consent's source in French, in the ledger and in the contact's consent record
    expect(await page.locator('#consents tbody tr').allTextContents()).toEqual([expect.stringMatching(new RegExp(`^.*ConsentementMises à jourimport par ${SECRETARIAT}.*Par ${SECRETARIAT}$`))]);
    expect(await page.locator('#details').textContent()).toContain(`Trace du consentementimport par ${SECRETARIAT}, `);
    await axeClean(page);
  });

  it('says beside the file which column a refused file lacks, and clears it when a mapping names the column', async () => {
    // Prepare: a file whose address column has a name of its own.
    const run = randomUUID().slice(0, 6);
    const csv = ['Courriel,name,audience', `nobody-${run}@example.org,Nobody ${run},no-such-audience`].join('\n');
    await page.goto(`${hubUrl()}/console/contacts/`);
    await page.locator('#import').waitFor();
    const file = page.locator('#file');
    await page.setInputFiles('#file', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

    // Act
    await page.click('#import-form button[type=submit]');

    // Assess: the API's sentence in the status line, the column beside the file.
    await page.getByText(/The header has no email column/).waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    const described = (await file.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe('email: missing column');
    await axeClean(page);

    // Act: the mapping names the column; the one row is refused for its audience, nothing is stored.
    await page.getByLabel(/^Header mapping/).fill('Courriel=email');
    await page.click('#import-form button[type=submit]');

    // Assess
    await page.getByText('Nothing imported: 1 row(s) rejected.').waitFor();
    expect(await file.getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#import-form .field-error').count()).toBe(0);
  });
});
