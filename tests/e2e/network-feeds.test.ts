import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInContext } from './journey.ts';

const SECRETARIAT = 'secretariat-networks@example.org';

const titlesIn = (xml: string) => {
  const channel = (new XMLParser({ isArray: (name) => name === 'item' }).parse(xml) as { rss: { channel: { item?: { title: string }[] } } }).rss.channel;
  return (channel.item ?? []).map((i) => i.title);
};

describe("a network's feed for its newsletter tool", () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  beforeAll(async () => {
    browser = await launchChromium();
    secretariat = await browser.newContext();
    await secretariat.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hubUrl() });
    await signInContext(secretariat, SECRETARIAT);
  });
  afterAll(() => browser?.close());

  it('shows the secretariat the feed URLs on the network page; the RSS lists an update relayed through the network; rotating the key revokes the old URL', async () => {
    // Prepare: an update relayed through CEMR only, to Malta's local authorities.
    const run = randomUUID().slice(0, 6);
    const subject = `Cities & towns: housing first ${run}`;
    const headers = { origin: hubUrl() };
    const created = await secretariat.request.post(`${hubUrl()}/api/admin/updates`, {
      headers,
      data: { title: `Housing first ${run}`, subject, body: `What **cities** learnt (${run}).`, targets: { audiences: ['local-authority'], countries: ['MT'] }, routes: { direct: false, networks: ['cemr'] } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await secretariat.request.post(`${hubUrl()}/api/admin/updates/${id}/send`, { headers, data: {} })).status()).toBe(202);

    // Act: the network's page in the console.
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/networks/#cemr`);
    const rssField = page.getByLabel('RSS 2.0 feed URL', { exact: true });
    await expect.poll(() => rssField.inputValue()).toMatch(/\/api\/feeds\/networks\/cemr\/[A-Za-z0-9_-]{43}\.rss$/);
    await page.getByRole('heading', { name: 'Feeds of CEMR' }).waitFor();
    await axeClean(page);
    const rss = await rssField.inputValue();
    const json = await page.getByLabel('JSON Feed 1.1 URL', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'Copy the RSS 2.0 feed URL' }).click();
    await page.getByText('The RSS 2.0 feed URL is copied.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());

    // Assess: the URL the secretariat hands over is what a newsletter tool pulls.
    expect(copied).toBe(rss);
    expect(json).toBe(rss.replace(/\.rss$/, '.json'));
    const pulled = await fetch(rss);
    expect(pulled.status).toBe(200);
    expect(pulled.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(titlesIn(await pulled.text())).toContain(subject);
    const other = (await (await secretariat.request.get(`${hubUrl()}/api/admin/networks/ecre`)).json()) as { feeds: { rss: string } };
    expect(titlesIn(await (await fetch(other.feeds.rss)).text())).not.toContain(subject);

    // Act: rotate the key, after the confirm step.
    await page.getByRole('button', { name: 'Rotate the key…' }).click();
    await page.getByText('Rotate the feed key of CEMR?', { exact: false }).waitFor();
    await axeClean(page);
    await page.getByRole('button', { name: 'Yes, rotate the key' }).click();
    await page.getByText('New feed URLs for CEMR: the previous ones no longer work.').waitFor();
    const rotated = await rssField.inputValue();

    // Assess
    expect(rotated).not.toBe(rss);
    expect((await fetch(rss)).status).toBe(404);
    const fresh = await fetch(rotated);
    expect(fresh.status).toBe(200);
    expect(titlesIn(await fresh.text())).toContain(subject);
  });

  it("shows each field the API refuses beside that field, and clears it once the field is right", async () => {
    // Prepare: a new network that reaches no audience, with a relay address without a domain. Every
    // vocabulary is picked by its name: the audiences, the languages and the countries.
    const run = randomUUID().slice(0, 6);
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/networks/`);
    await page.getByRole('button', { name: 'Save the network' }).waitFor();
    await page.getByLabel(/^Identifier/).fill(`fields-${run}`);
    await page.getByLabel('Name', { exact: true }).fill(`Fields ${run}`);
    await page.getByLabel('English', { exact: true }).check();
    await page.getByLabel('Malta', { exact: true }).check();
    const audiences = page.getByRole('group', { name: 'Audiences served' });
    const relays = page.getByLabel(/^Relay contacts/);
    await relays.fill('Ann Relay <ann@nowhere>');
    const errorOf = async (field: typeof relays) => {
      const described = (await field.getAttribute('aria-describedby')) ?? '';
      return described ? page.locator(`[id="${described.split(' ').at(-1)}"]`).textContent() : '';
    };

    // Act
    await page.getByRole('button', { name: 'Save the network' }).click();
    await expect.poll(() => audiences.getAttribute('aria-invalid')).toBe('true');

    // Assess: each message beside its field, and the status line says the refusal.
    expect(await errorOf(audiences)).not.toBe('');
    expect(await relays.getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(relays)).toMatch(/email address/);
    await expect.poll(() => page.locator('#status').getAttribute('class')).toBe('error');
    await axeClean(page);

    // Act: an audience chosen by its name, the address not yet corrected.
    await page.getByLabel('NGOs', { exact: true }).check();
    await page.getByRole('button', { name: 'Save the network' }).click();

    // Assess
    await expect.poll(() => audiences.getAttribute('aria-invalid')).toBeNull();
    expect(await audiences.getAttribute('aria-describedby')).toBeNull();
    expect(await relays.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').count()).toBe(1);

    // Act: the address corrected.
    await relays.fill('Ann Relay <ann@relay.example.org>');
    await page.getByRole('button', { name: 'Save the network' }).click();

    // Assess: saved, and the list names what the network reaches.
    await expect.poll(() => page.locator('#status').getAttribute('class')).toBe('success');
    const row = page.locator(`#networks tr[data-id="fields-${run}"]`);
    await expect.poll(() => row.textContent()).toContain('Malta');
    expect(await row.textContent()).toContain('NGOs');
    expect(await row.textContent()).toContain('English');
  });
});
