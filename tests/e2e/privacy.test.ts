import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { audiences } from '../../functions/core/partnership/vocabulary-lists.ts';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, mailsTo, nthLinkTo, signedInPage, waitFor } from './journey.ts';

const hubUrl = inject('hubUrl');

/** The API calls a page makes, so a test can show that opening it changed nothing. */
function apiCallsOf(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) calls.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return calls;
}

const sectionOrder = [
  'Subscription and contact record',
  'Member account',
  'Group memberships',
  'Notification settings',
  'Sign-in sessions',
  'Forum threads started',
  'Forum posts written',
  'Attachments uploaded',
  'Event registrations',
  'Developments reports',
  'Expert pool entry',
  'Answers to calls for cooperation',
  'Emails sent',
  'Consents and withdrawals',
  'Requests about personal data',
];

describe('a subscriber uses their rights over their data', () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  let admin: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    // One sign-in for the file: every journey signs the secretariat in, within one rate-limit window.
    secretariat = await browser.newContext({ acceptDownloads: true });
    admin = await signedInPage(secretariat, 'secretariat-privacy@example.org');
  });
  afterAll(() => browser?.close());

  it('gets a complete copy, then is erased everywhere: the secretariat’s import reports them suppressed and an update to their audience does not reach them', async () => {
    // Prepare: a subscriber in Luxembourg (no demo contact lives there), by the site's form and the emailed button.
    const run = randomUUID().slice(0, 6);
    const subscriber = `reader-${run}@example.org`;
    const colleague = `colleague-${run}@example.org`;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hubUrl}/subscribe/`);
    await page.locator('#email').fill(subscriber);
    await page.locator('#audience').selectOption('research');
    await page.locator('#country').selectOption('LU');
    await page.locator('input[name="consent"]').check();
    await page.locator('#subscribe button[type="submit"]').click();
    await page.getByText('Check your inbox to confirm').waitFor();
    await page.goto(await nthLinkTo(subscriber, /\/subscribe\/confirm\/#/, 0));
    await page.locator('#act').click();
    await page.locator('#status.success').waitFor();

    // Act: ask for a copy on "Your data".
    await page.goto(`${hubUrl}/subscribe/`);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Your data' }).click();
    await page.waitForURL(`${hubUrl}/your-data/`);
    await axeClean(page);
    await page.getByLabel('Your email address').fill(subscriber);
    await page.getByLabel('A copy of my data').check();
    await page.getByRole('button', { name: 'Email me the link' }).click();
    await page.getByText('an email with a link is on its way').waitFor();
    const exportLink = await nthLinkTo(subscriber, /\/your-data\/confirm\/#/, 0);

    // Assess: a mail scanner's GET of the link, and opening the page, change nothing; the button acts.
    expect((await fetch(exportLink)).status).toBe(200);
    const reader = await (await browser.newContext({ acceptDownloads: true })).newPage();
    const calls = apiCallsOf(reader);
    await reader.goto(exportLink);
    await reader.waitForLoadState('networkidle');
    expect(calls).toEqual([]);
    await axeClean(reader);
    await reader.getByRole('button', { name: 'Carry out my request' }).click();
    await reader.locator('#personal-data-heading').waitFor();
    expect(calls).toEqual(['POST /api/privacy/confirm']);
    await expect(reader.locator('#personal-data-heading').textContent()).resolves.toBe(`Data held on ${subscriber}`);
    await expect(reader.locator('.personal-data-section h3').allTextContents()).resolves.toEqual(sectionOrder);
    const contactSection = reader.locator('section[data-section=contact]');
    await expect(contactSection.locator('dt', { hasText: /^Email$/ }).locator('xpath=following-sibling::dd').first().textContent()).resolves.toBe(subscriber);
    await expect(reader.locator('section[data-section=consents] li').count()).resolves.toBeGreaterThan(0);
    await expect(reader.locator('section[data-section=posts]').textContent()).resolves.toContain('Nothing held.');
    await axeClean(reader);

    // Assess: the JSON download is the same copy.
    const [download] = await Promise.all([reader.waitForEvent('download'), reader.getByRole('link', { name: 'Download as JSON' }).click()]);
    const copy = JSON.parse(await readFile((await download.path())!, 'utf8')) as { email: string; sections: Record<string, Record<string, unknown>[]> };
    expect(copy.email).toBe(subscriber);
    expect(copy.sections.contact?.[0]?.email).toBe(subscriber);
    expect(Object.keys(copy.sections)).toHaveLength(sectionOrder.length);

    // Assess: the link works once.
    await reader.reload();
    await reader.getByRole('button', { name: 'Carry out my request' }).click();
    await reader.getByText('This link has been used already, or it has expired.').waitFor();
    await expect(reader.locator('#confirm-status a').getAttribute('href')).resolves.toBe('/your-data/');

    // Act: ask for erasure, in French this time, and confirm from the emailed link.
    await page.goto(`${hubUrl}/fr/your-data/`);
    // By keyboard alone: into the choices, the arrow picks erasure, then on to the button.
    await page.getByLabel('Votre adresse électronique').fill(subscriber);
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('Effacer mes données').isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("M'envoyer le lien");
    await page.keyboard.press('Enter');
    await page.getByText('un courriel avec un lien est en route').waitFor();
    const eraseLink = await nthLinkTo(subscriber, /\/fr\/your-data\/confirm\/#/, 0);
    await reader.goto(eraseLink);
    await reader.getByRole('button', { name: 'Exécuter ma demande' }).press('Enter');
    await reader.locator('#erasure-heading').waitFor();

    // Assess: the page says what went and what stays.
    await expect(reader.locator('#erasure-summary li[data-section=contact]').textContent()).resolves.toMatch(/^Abonnement et fiche de contact : \d+$/);
    await expect(reader.locator('#personal-data .note').textContent()).resolves.toContain('Seule une empreinte irréversible de votre adresse est gardée');
    await axeClean(reader);

    // Assess: the erased address asking again gets the same answer, and no email.
    const mailsBefore = (await mailsTo(subscriber)).length;
    await page.goto(`${hubUrl}/your-data/`);
    await page.getByLabel('Your email address').fill(subscriber);
    await page.getByLabel('A copy of my data').check();
    await page.getByRole('button', { name: 'Email me the link' }).click();
    await page.getByText('an email with a link is on its way').waitFor();

    // Assess: the secretariat's log keeps both requests, completed, without the address.
    await admin.goto(`${hubUrl}/console/`);
    await admin.getByRole('main').getByRole('link', { name: 'Personal data' }).click();
    await admin.locator('#requests tbody tr').first().waitFor();
    await axeClean(admin);
    const logRows = await admin.locator('#requests tbody tr').allTextContents();
    expect(logRows.some((row) => row.includes(subscriber))).toBe(false);
    expect(logRows.filter((row) => /Export.*Completed.*erased person/.test(row))).not.toHaveLength(0);
    expect(logRows.filter((row) => /Erasure.*Completed.*erased person/.test(row))).not.toHaveLength(0);

    // Act: the secretariat imports a CSV naming the erased address beside a colleague of theirs.
    await admin.goto(`${hubUrl}/console/contacts/`);
    await admin.locator('#import').waitFor();
    const csv = `email,name,audience,country,language\n${subscriber},Reader,research,LU,en\n${colleague},Colleague,research,LU,en\n`;
    await admin.setInputFiles('#file', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.click('#import-form button[type=submit]');

    // Assess: the row is reported suppressed, and nothing is stored until the valid rows are accepted.
    await admin.getByText('Nothing imported: 1 row(s) rejected.').waitFor();
    const rejected = await admin.locator('#rejected tbody tr').allTextContents();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toContain('2email');
    expect(rejected[0]).toContain(`${subscriber} is suppressed`);
    await admin.getByLabel('Import the valid rows even if some are rejected').check();
    await admin.click('#import-form button[type=submit]');
    await admin.getByText(/^Imported 1, .* rejected 1\.$/).waitFor();
    expect((await admin.request.post(`${hubUrl}/api/admin/contacts/record`, { headers: { origin: hubUrl }, data: { email: subscriber } })).status()).toBe(404);

    // Act: an update to their audience and country.
    const created = await admin.request.post(`${hubUrl}/api/admin/updates`, {
      headers: { origin: hubUrl },
      data: { title: `Privacy ${run}`, subject: `Research news ${run}`, body: 'What researchers can do this month.', targets: { audiences: ['research'], countries: ['LU'] }, routes: { direct: true } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const sent = await admin.request.post(`${hubUrl}/api/admin/updates/${id}/send`, { headers: { origin: hubUrl } });
    expect(sent.status()).toBe(202);

    // Assess: the colleague gets it; once nothing is in flight, the erased address has had nothing new at all.
    await waitFor('the update to reach the colleague', async () => ((await mailsTo(colleague)).some((m) => m.subject.includes(run)) ? true : undefined), 30_000);
    const report = await waitFor('the update to be planned and every delivery of it to leave', async () => {
      const report = (await (await admin.request.get(`${hubUrl}/api/admin/updates/${id}/report`)).json()) as { update: { status: string; recipients: number }; totals: { byStatus: Record<string, number> } };
      return report.update.status === 'sent' && report.totals.byStatus.queued === 0 && report.totals.byStatus.sending === 0 ? report : undefined;
    }, 30_000);
    expect(report.update.recipients).toBeGreaterThanOrEqual(1);
    expect(await mailsTo(subscriber)).toHaveLength(mailsBefore);
  });

  it('reads a bounced contact’s copy in French: every coded entry of the ledger in French words', async () => {
    // Prepare: a demo contact whose address bounced: the secretariat recorded their consent, Amazon SES the bounce.
    let bounced: string | undefined;
    for (const audience of audiences) {
      const page = (await (await admin.request.get(`${hubUrl}/api/admin/contacts?audience=${audience}&status=bounced`)).json()) as { contacts: { email: string }[] };
      bounced ??= page.contacts[0]?.email;
    }
    expect(bounced).toBeDefined();

    // Act: ask for a copy on the French "Your data" page and carry it out from the emailed link.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hubUrl}/fr/your-data/`);
    await page.getByLabel('Votre adresse électronique').fill(bounced!);
    await page.getByLabel('Une copie de mes données').check();
    await page.getByRole('button', { name: "M'envoyer le lien" }).click();
    await page.getByText('un courriel avec un lien est en route').waitFor();
    await page.goto(await nthLinkTo(bounced!, /\/fr\/your-data\/confirm\/#/, 0));
    await page.getByRole('button', { name: 'Exécuter ma demande' }).click();
    await page.locator('#personal-data-heading').waitFor();

    // Assess: each entry's fields and values in French: its kind, channel, reason, source and who recorded it.
    // Each field reads "term (language of the term)": value.
    const entries = await page.locator('section[data-section=consents] dl.personal-data-item').evaluateAll((lists) =>
      lists.map((list) => Object.fromEntries(Array.from(list.children, (row) => [`${row.querySelector('dt')!.textContent} (${row.querySelector('dt')!.lang || 'fr'})`, row.querySelector('dd')!.textContent]))),
    );
    expect(entries).toHaveLength(2);
    const [consent, bounce] = [entries.find((e) => e['Entrée (fr)'] === 'Consentement')!, entries.find((e) => e['Entrée (fr)'] === 'Retrait')!];
    expect(consent).toMatchObject({ 'Entrée (fr)': 'Consentement', 'Canal (fr)': 'Mises à jour', 'Origine (fr)': 'données de démonstration', 'Enregistré par (fr)': 'Par le secrétariat' });
    expect(bounce).toMatchObject({ 'Entrée (fr)': 'Retrait', 'Canal (fr)': 'Tous les canaux', 'Motif (fr)': 'adresse en échec', 'Origine (fr)': 'Amazon SES : échec définitif', 'Enregistré par (fr)': 'Par Amazon SES' });
    expect(entries.flatMap(Object.keys).filter((term) => term.endsWith('(en)'))).toEqual([]);
    await axeClean(page);
  });

  it('lets the secretariat export and erase a person from the console, with a confirm step, logged and audited', async () => {
    // Prepare: a contact the secretariat imported.
    const run = randomUUID().slice(0, 6);
    const person = `expert-${run}@example.org`;
    const imported = await admin.request.post(`${hubUrl}/api/admin/contacts/import`, {
      headers: { origin: hubUrl, 'content-type': 'text/csv' },
      data: `email,name,audience,country,language\n${person},Person ${run},research,LU,en\n`,
    });
    expect(imported.status()).toBe(200);
    // The contacts list leads to the contact's page, and that to the person's data, their address filled in and nothing run yet.
    await admin.goto(`${hubUrl}/console/contacts/`);
    await admin.locator('#audience').selectOption('research');
    await admin.locator('#country').selectOption('LU');
    await admin.getByRole('button', { name: 'Show', exact: true }).click();
    await admin.getByRole('link', { name: person }).click();
    await admin.getByRole('link', { name: 'Export or erase their data' }).click();
    await admin.locator('#work').waitFor();
    await expect(admin.getByLabel('Email address').inputValue()).resolves.toBe(person);
    await expect(admin.locator('#personal-data').isHidden()).resolves.toBe(true);
    await admin.goto(`${hubUrl}/console/privacy/`);
    await admin.locator('#work').waitFor();

    // Act + Assess: an address the hub does not know.
    await admin.getByLabel('Email address').fill(`nobody-${run}@example.org`);
    await admin.getByRole('button', { name: 'Export their data' }).click();
    await admin.getByText(`The hub holds nothing on nobody-${run}@example.org.`).waitFor();

    // Act + Assess: the export, shown the way the person sees theirs.
    await admin.getByLabel('Email address').fill(person);
    await admin.getByRole('button', { name: 'Export their data' }).click();
    await expect(admin.locator('#personal-data-heading').textContent()).resolves.toBe(`Data held on ${person}`);
    await expect(admin.locator('section[data-section=contact]').textContent()).resolves.toContain(`Person ${run}`);
    // The import's consent reads as the secretariat's, as the person reads it, without the member's address.
    const consents = (await admin.locator('section[data-section=consents]').textContent())!;
    expect(consents).toContain('import by the secretariat');
    expect(consents).toContain('Recorded byBy the secretariat');
    expect(consents).not.toContain('secretariat-privacy@example.org');
    await admin.getByRole('link', { name: 'Download as JSON' }).waitFor();
    await axeClean(admin);

    // Act + Assess: erasure asks first; cancelling erases nothing.
    await admin.getByRole('button', { name: 'Erase their data' }).click();
    await expect(admin.locator('#erase-question').textContent()).resolves.toContain(`Erase everything the hub holds on ${person}?`);
    await expect(admin.evaluate(() => document.activeElement?.id)).resolves.toBe('erase-question');
    await axeClean(admin);
    await admin.getByRole('button', { name: 'Cancel' }).click();
    await admin.getByText('Nothing was erased.').waitFor();
    expect((await admin.request.post(`${hubUrl}/api/admin/contacts/record`, { headers: { origin: hubUrl }, data: { email: person } })).status()).toBe(200);

    await admin.getByRole('button', { name: 'Erase their data' }).click();
    await admin.getByRole('button', { name: 'Yes, erase their data' }).click();
    await admin.getByText(`The data held on ${person} is erased.`).waitFor();
    await expect(admin.locator('#erasure-summary li[data-section=contact]').textContent()).resolves.toBe('Subscription and contact record: 1');
    expect((await admin.request.post(`${hubUrl}/api/admin/contacts/record`, { headers: { origin: hubUrl }, data: { email: person } })).status()).toBe(404);

    // Assess: both are in the requests log, by the secretariat, the address gone; and in the audit log, anonymised.
    const byUs = (await admin.locator('#requests tbody tr').allTextContents()).filter((row) => row.includes('Secretariat · secretariat-privacy@example.org'));
    expect(byUs.some((row) => row.includes(person))).toBe(false);
    expect(byUs.filter((row) => /^.*ExportCompleted/.test(row)).length).toBeGreaterThanOrEqual(1);
    expect(byUs.filter((row) => /^.*ErasureCompleted/.test(row)).length).toBeGreaterThanOrEqual(1);
    await admin.goto(`${hubUrl}/console/audit/`);
    await admin.locator('#audit tbody tr').first().waitFor();
    const audit = await admin.locator('#audit tbody tr').allTextContents();
    expect(audit.some((row) => row.includes('personal data erased'))).toBe(true);
    // The export's entry stays, but after the erasure it no longer names the person.
    expect(audit.some((row) => row.includes('personal data exported') && row.includes('former member'))).toBe(true);
    expect(audit.some((row) => row.includes(person))).toBe(false);
  });
});
