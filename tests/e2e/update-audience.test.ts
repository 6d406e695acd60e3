import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { APIResponse, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../functions/local/hub.ts';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInContext } from './journey.ts';

const SECRETARIAT = 'secretariat-audience@example.org';
const shots = path.join(projectRoot, 'reports', 'screenshots');

/** Waits until the editor's count ("13 people would get this update: …") shows `expected`. */
async function reachShows(page: Page, expected: number) {
  const words = `${expected.toLocaleString('en')} ${expected === 1 ? 'person' : 'people'} would get this update`;
  await expect.poll(async () => (await page.locator('#reach-total').textContent()) ?? '', { timeout: 30_000 }).toMatch(new RegExp(`^${words}`));
}

describe('a new secretariat member sees who an update reaches before sending it', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  /** The secretariat's update editor, signed in, its networks loaded; `run` marks this run's texts. */
  async function openEditor() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signInContext(context, SECRETARIAT);
    const page = await context.newPage();
    await page.goto(`${hubUrl()}/console/updates/`);
    await page.locator('#compose').waitFor();
    await page.locator('input[name=networks][value=ecre]').waitFor();
    return { run: randomUUID().slice(0, 6), context, page };
  }

  it('composes an update to NGOs in three countries, watches the count grow with a country, confirms "Send to N people?", and the report plans N', { timeout: 180_000 }, async () => {
    // Prepare
    const { run, context, page } = await openEditor();

    // Act: the text, with a live preview beside it
    await page.getByLabel('Title').fill('Reception: what worked');
    await page.getByLabel('Subject', { exact: true }).fill(`Reception update ${run}`);
    await page.getByLabel('Body (Markdown)', { exact: true }).fill('## This year\n\nShelters that **worked**. <script>alert(1)</script> [More](https://example.org/more)');
    const basePreview = page.locator('#base-preview');
    await expect(basePreview.locator('strong').textContent()).resolves.toBe('worked');
    await expect(basePreview.textContent()).resolves.toContain('<script>alert(1)</script>');
    expect(await basePreview.locator('script').count()).toBe(0);
    await expect(basePreview.locator('a').getAttribute('href')).resolves.toBe('https://example.org/more');

    // Act: targets picked by name; the count follows each change
    const audiences = page.getByRole('group', { name: 'Target audiences' });
    const countries = page.getByRole('group', { name: /^Countries/ });
    await audiences.getByLabel('NGOs', { exact: true }).check();
    await countries.getByLabel('Greece').check();
    await countries.getByLabel('Spain').check();
    const ngosIn = async (countries: string[]) => {
      const answer = await context.request.post(`${hubUrl()}/api/admin/updates/audience`, { headers: { origin: hubUrl() }, data: { targets: { audiences: ['ngo'], countries }, routes: { direct: true, networks: [] } } });
      return (await answer.json()) as { recipients: number; byCountry: Record<string, number> };
    };
    const [two, dryRun] = await Promise.all([ngosIn(['GR', 'ES']), ngosIn(['GR', 'ES', 'DE'])]);
    const three = dryRun.recipients;
    expect(three).toBeGreaterThan(two.recipients);
    await reachShows(page, two.recipients);
    await countries.getByLabel('Germany').check();
    await reachShows(page, three);
    await expect(page.locator('#reach-details table', { hasText: 'By country' }).locator('tr', { hasText: 'Germany' }).locator('td').textContent()).resolves.toBe(String(dryRun.byCountry.DE));
    await expect(page.locator('#reach-details table', { hasText: 'By audience' }).textContent()).resolves.toContain('NGOs');

    // Act: a variant for Greek readers, previewed beside its editor
    const variant = page.getByRole('group', { name: /^Variant 1 / });
    await variant.getByLabel('Audience').selectOption({ label: 'NGOs' });
    await variant.getByLabel('Language').selectOption({ label: 'Greek' });
    await page.locator('#v1-body').fill('Για τις ΜΚΟ: *τα νέα μας*.');
    await expect(page.locator('#v1-preview').textContent()).resolves.toContain('For NGOs, reading Greek');
    await expect(page.locator('#v1-preview em').textContent()).resolves.toBe('τα νέα μας');

    // Act: a title too short is refused, the reason beside the field
    await page.getByLabel('Title').fill('Re');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.locator('#title-error').waitFor();
    await expect(page.getByLabel('Title').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#title-error').textContent()).resolves.toMatch(/3/);
    await axeClean(page);
    await mkdir(shots, { recursive: true });
    await page.locator('#compose').screenshot({ path: path.join(shots, 'console-update-editor-1280.png') });
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.locator('#compose').screenshot({ path: path.join(shots, 'console-update-editor-375.png') });
    await axeClean(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('Title').fill(`Reception: what worked ${run}`);
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
    expect(await page.locator('#title-error').isHidden()).toBe(true);

    // Act: "Send now" asks first, with the number a send will plan
    const row = page.locator('tr', { hasText: `Reception: what worked ${run}` });
    await row.getByRole('button', { name: 'Send now' }).click();
    const question = page.locator('#send-question');
    await question.waitFor();
    await expect(question.textContent()).resolves.toBe(`Send to ${three.toLocaleString('en')} ${three === 1 ? 'person' : 'people'}?`);
    await axeClean(page);
    await page.getByRole('button', { name: 'Yes, send it now' }).click();
    await page.getByText('Sending: the first emails go while the rest are planned.').waitFor();

    // Assess: the report plans exactly that many
    await page.locator('#report-progress', { hasText: `Sent ${three} of ${three} planned · waiting 0` }).waitFor({ timeout: 60_000 });
    const id = await row.getAttribute('data-id');
    const report = (await (await context.request.get(`${hubUrl()}/api/admin/updates/${id}/report`)).json()) as { update: { recipients: number } };
    expect(report.update.recipients).toBe(three);
  });

  it('holds an update while its French translation is still to translate, then edits the saved draft, marks it translated and sends it', { timeout: 180_000 }, async () => {
    // Prepare
    const { run, page } = await openEditor();
    const title = `Integration courses ${run}`;

    // Act: an update with a French translation of the whole text, not written yet
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Subject', { exact: true }).fill(`Integration courses ${run}`);
    await page.getByLabel('Body (Markdown)', { exact: true }).fill('Courses that worked this year.');
    await page.getByRole('group', { name: 'Target audiences' }).getByLabel('NGOs', { exact: true }).check();
    await page.getByRole('group', { name: /^Countries/ }).getByLabel('Belgium').check();
    const variant = page.getByRole('group', { name: /^Variant 1 / });
    await variant.getByLabel('Language').selectOption({ label: 'French' });
    await variant.getByLabel('Translation').selectOption('to-translate');
    await expect(page.locator('#v1-preview').textContent()).resolves.toContain('For every audience, reading French · to translate');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.getByText('The draft is saved.').waitFor();
    const row = page.locator('tr', { hasText: title });
    await row.locator('td', { hasText: 'draft · French: to translate' }).waitFor();

    // Act: send it as it stands
    await row.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('button', { name: 'Yes, send it now' }).click();
    // Assess: refused, saying what to do; still a draft
    await page.locator('#status.error', { hasText: 'Still to translate: all:fr.' }).waitFor();
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('draft · French: to translate');

    // Act: edit the saved draft: the editor opens with it, the translation is written and marked translated
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.locator('#compose-heading', { hasText: `Edit: ${title}` }).waitFor();
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe(title);
    await expect(page.getByRole('group', { name: /^Countries/ }).getByLabel('Belgium').isChecked()).resolves.toBe(true);
    await expect(variant.getByLabel('Translation').inputValue()).resolves.toBe('to-translate');
    await page.locator('#v1-subject').fill(`Cours d’intégration ${run}`);
    await page.locator('#v1-body').fill('Les cours qui ont marché cette année.');
    await variant.getByLabel('Translation').selectOption('translated');
    await axeClean(page);
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('The draft is saved.').waitFor();
    await row.locator('td', { hasText: 'draft · French: translated' }).waitFor();
    await expect(page.locator('tr', { hasText: title }).count()).resolves.toBe(1);
    await expect(page.locator('#compose-heading').textContent()).resolves.toBe('New update');

    // Assess: its preview has the French translation, and now it goes
    await row.getByRole('button', { name: 'Preview' }).click();
    await page.locator('#preview summary', { hasText: `all:fr · direct · Cours d’intégration ${run}` }).waitFor();
    await row.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('button', { name: 'Yes, send it now' }).click();
    await page.getByText('Sending: the first emails go while the rest are planned.').waitFor();
  });

  it('says how long to wait when the count was asked too often, instead of a count', async () => {
    // Prepare: a secretariat member of their own, whose minute of counts is spent through the API.
    const context = await browser.newContext();
    await signInContext(context, 'secretariat-reach-wait@example.org');
    const draft = { targets: { audiences: ['eu-institution'] }, routes: { direct: true } };
    let refused: APIResponse | undefined;
    for (let asked = 0; asked < 100 && !refused; asked++) {
      const counted = await context.request.post(`${hubUrl()}/api/admin/updates/audience`, { headers: { origin: hubUrl() }, data: draft });
      if (counted.status() === 429) refused = counted;
    }
    expect(refused?.headers()['retry-after']).toMatch(/^\d+$/);
    const page = await context.newPage();
    await page.goto(`${hubUrl()}/console/updates/`);
    await page.locator('#compose').waitFor();

    // Act: ticking an audience asks for the count.
    await page.getByLabel('EU institutions', { exact: true }).check();

    // Assess: the wait, in seconds, where the count would be.
    await expect.poll(async () => (await page.locator('#reach-total').textContent()) ?? '', { timeout: 30_000 }).toMatch(/^Not counted: asked too often\. Counting again in \d+ s\.$/);
    await context.close();
  });
});
