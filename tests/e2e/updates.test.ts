import { simpleParser, type ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { allMail, axeClean, mailsTo, signedInPage, waitFor } from './journey.ts';
import { header } from '../helpers/inbox.ts';
import en from '../../site/src/i18n/en.json' with { type: 'json' };

const hubUrl = inject('hubUrl');

const statusOf = async (page: Page, email: string) => ((await (await page.request.post(`${hubUrl}/api/admin/contacts/record`, { headers: { origin: hubUrl }, data: { email } })).json()) as { status: string }).status;

/** The name the console gives the local-authority audience. */
const AUDIENCE_CITIES = en['audience.local-authority'];

describe('the secretariat sends a tailored update through a network', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  // Four pages, six axe scans (the editor is a long form), a send and its mail: more than the default minute on a busy machine.
  it('writes two audience variants with a relay network, sends, and every targeted contact gets one email of their variant with a working one-click unsubscribe', { timeout: 150_000 }, async () => {
    // Prepare: Malta has no demo contacts, so the journey's people are the only ones targeted there.
    const run = randomUUID().slice(0, 6);
    const ngo = `ngo-${run}@example.org`;
    const city = `city-${run}@example.org`;
    const relay = `relay-${run}@example.org`;
    const page = await signedInPage(await browser.newContext(), 'secretariat@example.org');

    // The console's home leads to every section; the relay network is written in its page.
    await page.goto(`${hubUrl}/console/`);
    await axeClean(page);
    await page.getByRole('main').getByRole('link', { name: 'Networks' }).click();
    await page.locator('#edit-section').waitFor();
    await axeClean(page);
    await page.getByLabel('Identifier').fill(`relay-${run}`);
    await page.getByLabel('Name', { exact: true }).fill(`Cities ${run}`);
    // Every vocabulary is picked by its name.
    await page.getByRole('group', { name: 'Audiences served' }).getByLabel(AUDIENCE_CITIES, { exact: true }).check();
    await page.getByRole('group', { name: 'Countries' }).getByLabel('Malta', { exact: true }).check();
    await page.getByRole('group', { name: 'Languages' }).getByLabel('English', { exact: true }).check();
    await page.getByLabel('Relay contacts').fill(`Relay Desk <${relay}>`);
    await page.getByRole('button', { name: 'Save the network' }).click();
    await page.getByText(`The network Cities ${run} is saved.`).waitFor();
    await expect(page.locator(`tr[data-id=relay-${run}]`).textContent()).resolves.toBe(`Cities ${run}${AUDIENCE_CITIES}MaltaEnglishRelay Desk <${relay}>Edit`);
    await page.getByRole('button', { name: `Edit Cities ${run}` }).click();
    await expect(page.getByLabel('Relay contacts').inputValue()).resolves.toBe(`Relay Desk <${relay}>`);
    await page.getByLabel('Intro line').fill('Cities of Malta');
    await page.getByRole('button', { name: 'Save the network' }).click();
    await page.getByText(`The network Cities ${run} is saved.`).waitFor();
    const saved = (await (await page.request.get(`${hubUrl}/api/admin/networks`)).json()) as { networks: { id: string; intro: string; countries: string[] }[] };
    expect(saved.networks.find((n) => n.id === `relay-${run}`)).toMatchObject({ intro: 'Cities of Malta', countries: ['MT'] });

    await page.goto(`${hubUrl}/console/contacts/`);
    await page.locator('#import').waitFor();
    await axeClean(page);
    await page.setInputFiles('#file', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(`E-mail,Name,Public,Country,Language\n${ngo},Nora,ngo,MT,en\n${city},Carl,local-authority,MT,en\n`) });
    await page.getByLabel('Header mapping').fill('Public=audience');
    await page.click('#import-form button[type=submit]');
    await page.getByText('Imported 2').waitFor();

    // Act: compose in the console (two audience variants, direct and relayed), then send.
    await page.goto(`${hubUrl}/console/updates/`);
    await page.locator('#compose').waitFor();
    await page.locator(`input[name=networks][value=relay-${run}]`).waitFor();
    await axeClean(page);
    await page.fill('#title', `Journey ${run}`);
    await page.fill('#subject', `Base subject ${run}`);
    await page.fill('#body', 'The base body.');
    await page.check('input[name=audiences][value=ngo]');
    await page.check('input[name=audiences][value=local-authority]');
    await page.check('input[name=countries][value=MT]');
    await page.check(`input[name=networks][value=relay-${run}]`);
    await page.selectOption('#v1-audience', 'ngo');
    await page.fill('#v1-subject', `NGO subject ${run}`);
    await page.fill('#v1-body', 'What NGOs can do this month.');
    await page.selectOption('#v2-audience', 'local-authority');
    await page.fill('#v2-subject', `Cities subject ${run}`);
    await page.fill('#v2-body', 'What cities can do this month.');
    await page.click('#update-form button[type=submit]');
    await page.getByText('The draft is saved.').waitFor();
    const row = page.locator('tr', { hasText: `Journey ${run}` });
    await row.getByRole('button', { name: 'Schedule' }).waitFor();
    // Before the preview: axe cannot run inside its sandboxed frames (no script runs there, by design).
    await axeClean(page);
    await row.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#preview details').first().waitFor();
    await expect(page.locator('#preview summary').allTextContents()).resolves.toEqual([
      `base · direct · Base subject ${run}`,
      `ngo · direct · NGO subject ${run}`,
      `local-authority · direct · Cities subject ${run}`,
      `local-authority · relay:relay-${run} · To relay to Cities ${run}: Cities subject ${run}`,
    ]);
    await page.locator('#preview summary').nth(1).click();
    await expect(page.frameLocator('#preview details[open] iframe').locator('body').textContent()).resolves.toContain('What NGOs can do this month.');
    await row.getByRole('button', { name: 'Send now' }).click();
    // A confirm step names how many people a send plans: the NGO and the city directly, the relay contact.
    await page.getByText('Send to 3 people?').waitFor();
    await page.getByRole('button', { name: 'Yes, send it now' }).click();
    await page.getByText('Sending: the first emails go while the rest are planned.').waitFor();
    // The report opens by itself and follows the send until every email has gone.
    await page.locator('#report-progress', { hasText: 'Sent 3 of 3 planned · waiting 0' }).waitFor({ timeout: 30_000 });

    // Assess: the report counts every delivery as sent, by route and audience.
    await waitFor('the report to count 3 sent', async () => {
      await row.getByRole('button', { name: 'Report' }).click();
      const summary = (await page.locator('#report-summary').textContent()) ?? '';
      return summary.startsWith('3 recipients · sent 3') ? summary : undefined;
    });
    const counts = await page.locator('#report-counts tr').allTextContents();
    expect(counts.sort()).toEqual([`sentdirectlocal-authorityMT1`, `sentdirectngoMT1`, `sentrelay:relay-${run}local-authorityMT1`]);
    await expect(page.locator('#report-relays').textContent()).resolves.toBe(`Cities ${run}: 1 relay contact(s), 0 confirmed`);

    // Assess: the emulator's store holds exactly one email per targeted person, nobody else.
    const ofThisUpdate = (await allMail()).filter((m) => m.subject.includes(run));
    expect(ofThisUpdate.flatMap((m) => m.to).sort()).toEqual([city, ngo, relay].sort());
    const parsed = async (address: string): Promise<ParsedMail> => simpleParser(ofThisUpdate.find((m) => m.to.includes(address))!.raw);
    const [ngoMail, cityMail, relayMail] = await Promise.all([parsed(ngo), parsed(city), parsed(relay)]);

    // Each their audience's variant; the relay contact the forward-ready version of theirs.
    expect(ngoMail.subject).toBe(`NGO subject ${run}`);
    expect(ngoMail.text).toContain('What NGOs can do this month.');
    expect(cityMail.subject).toBe(`Cities subject ${run}`);
    expect(cityMail.text).toContain('What cities can do this month.');
    expect(relayMail.subject).toBe(`To relay to Cities ${run}: Cities subject ${run}`);
    expect(relayMail.text).toContain('What cities can do this month.');
    expect(relayMail.text).toMatch(/I relayed it: \S+\/relayed\/#/);
    for (const mail of [ngoMail, cityMail, relayMail]) {
      expect(header(mail, 'List-Unsubscribe')).toMatch(/^<http:\/\/[^>]+\/api\/unsubscribe\/[A-Za-z0-9_.-]+>$/);
      expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.text).toMatch(/Unsubscribe: \S+\/unsubscribe\/#/);
      expect(mail.html).toContain('/unsubscribe/#');
    }

    // Assess: a GET of the one-click address or of the unsubscribe page changes nothing.
    const oneClick = /^<(.+)>$/.exec(header(cityMail, 'List-Unsubscribe')!)![1]!.replace(/^https?:\/\/[^/]+/, hubUrl);
    expect((await fetch(oneClick)).status).not.toBe(200);
    const unsubscribePage = /Unsubscribe: (\S+)/.exec(ngoMail.text ?? '')![1]!.replace(/^https?:\/\/[^/]+/, hubUrl);
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(unsubscribePage);
    await axeClean(visitor);
    expect(await statusOf(page, city)).toBe('subscribed');
    expect(await statusOf(page, ngo)).toBe('subscribed');

    // Assess: the mail provider's one-click POST (RFC 8058, no cookie, no Origin) unsubscribes.
    const providerPost = await fetch(oneClick, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(providerPost.status).toBe(200);
    expect(await statusOf(page, city)).toBe('unsubscribed');

    // Assess: so does the unsubscribe page's button, which posts the token in the body, never in the URL.
    const requested: string[] = [];
    visitor.on('request', (request) => requested.push(request.url()));
    await visitor.getByRole('button', { name: 'Unsubscribe' }).click();
    await visitor.getByText(/You are unsubscribed/).waitFor();
    expect(await statusOf(page, ngo)).toBe('unsubscribed');
    expect(requested.filter((url) => url.includes('/api/'))).toEqual([`${hubUrl}/api/unsubscribe`]);

    // Assess: nothing more arrived since (no late duplicate from a retry).
    for (const address of [ngo, city, relay]) expect((await mailsTo(address)).filter((m) => m.subject.includes(run))).toHaveLength(1);
  });

  it('schedules a draft for later in the console, and cancels it before it goes', async () => {
    // Prepare
    const run = randomUUID().slice(0, 6);
    const page = await signedInPage(await browser.newContext(), 'secretariat-updates@example.org');
    const created = await page.request.post(`${hubUrl}/api/admin/updates`, { headers: { origin: hubUrl }, data: { title: `Later ${run}`, subject: `Later ${run}`, body: 'Body.', targets: { audiences: ['research'], countries: ['MT'] }, routes: { direct: true } } });
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${hubUrl}/console/updates/`);
    const row = page.locator('tr', { hasText: `Later ${run}` });
    // Act
    await row.getByLabel(`Send time for Later ${run}`).fill('2099-05-01T09:30');
    await row.getByRole('button', { name: 'Schedule' }).click();
    await page.getByText(/^Scheduled for/).waitFor();
    const scheduled = (await (await page.request.get(`${hubUrl}/api/admin/updates/${id}`)).json()) as { status: string; scheduledAt: string };
    await row.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancelled.').waitFor();
    // Assess
    expect(scheduled.status).toBe('scheduled');
    expect(new Date(scheduled.scheduledAt).getTime()).toBe(new Date('2099-05-01T09:30').getTime());
    expect(((await (await page.request.get(`${hubUrl}/api/admin/updates/${id}`)).json()) as { status: string }).status).toBe('cancelled');
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('cancelled');
  });

  it('imports a large file in the console through a job, following it to the end', async () => {
    // Prepare: more rows than a request imports itself
    const run = randomUUID().slice(0, 6);
    const rows = Array.from({ length: 2_050 }, (_, i) => `bulk-${i}-${run}@example.org,Bulk ${i},research,CY,en`);
    const page = await signedInPage(await browser.newContext(), 'secretariat-imports@example.org');
    await page.goto(`${hubUrl}/console/contacts/`);
    await page.locator('#import').waitFor();
    // Act
    await page.setInputFiles('#file', { name: 'bulk.csv', mimeType: 'text/csv', buffer: Buffer.from(['email,name,audience,country,language', ...rows].join('\n')) });
    await page.click('#import-form button[type=submit]');
    // Assess: the page follows the job and gives its outcome
    await page.getByText('Imported 2,050, updated 0, rejected 0.').waitFor({ timeout: 60_000 });
    await axeClean(page);
  });
});
