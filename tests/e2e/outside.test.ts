import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInContext } from './journey.ts';

const SECRETARIAT = 'secretariat-outside@example.org';
const MEMBER = 'member8a@example.org';

describe('outside meetings in Chromium', () => {
  let browser: Browser;
  let secretariat: BrowserContext;
  let member: BrowserContext;
  const body = `OECD Champion Mayors ${Date.now()}`;
  const development = `Mayors compared how their cities welcome newcomers ${Date.now()}.`;
  const workingOn = 'A report on inclusive growth in cities, due next spring.';

  beforeAll(async () => {
    browser = await launchChromium();
    [secretariat, member] = [await browser.newContext(), await browser.newContext()];
    await signInContext(secretariat, SECRETARIAT);
    await signInContext(member, MEMBER);
  });
  afterAll(() => browser?.close());

  it('a member reports an outside meeting from the form; a wrong field is named and nothing is sent', { timeout: 60_000 }, async () => {
    // Prepare
    const page = await member.newPage();
    await page.goto(`${hubUrl()}/members/`);
    await page.getByRole('link', { name: 'Report an outside meeting' }).click();
    await page.waitForURL(`${hubUrl()}/members/outside/`);
    await page.locator('#outside-form').waitFor();
    // Act: a link that is not one, then corrected
    await page.getByLabel(/^Outside body/).fill(body);
    await page.getByLabel('Kind of body').selectOption('international-organisation');
    await page.getByLabel('Meeting', { exact: true }).fill('Champion Mayors summit');
    await page.getByLabel('Date', { exact: true }).fill(new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('Place (optional)').fill('Paris');
    await page.getByLabel('What happened? What was decided or learnt?').fill(development);
    await page.getByLabel('Action 4', { exact: true }).check();
    await page.getByLabel(/^What is this body working on/).fill(workingOn);
    await page.getByLabel(/^Links/).fill('not-a-link');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.locator('#outside-form .field-error', { hasText: /expects http\(s\) links/ }).waitFor();
    // The refused field is marked, its message beside it; the status line says the refusal without the API's field names.
    await expect(page.locator('#status').textContent()).resolves.not.toMatch(/links\.0/);
    await expect(page.locator('#status').getAttribute('role')).resolves.toBe('alert');
    const links = page.getByLabel(/^Links/);
    await expect(links.getAttribute('aria-invalid')).resolves.toBe('true');
    const beside = page.locator(`#${(await links.getAttribute('aria-describedby'))?.split(' ').at(-1)}`);
    await expect(beside.textContent()).resolves.toMatch(/expects http\(s\) links/);
    await links.fill('https://example.org/champion-mayors');
    await page.getByRole('button', { name: 'Send the report' }).click();
    // Assess
    await page.getByText("Thank you: your report is in the secretariat's review queue.").waitFor();
    await expect(page.locator('#outside-form .field-error').count()).resolves.toBe(0);
    await expect(links.getAttribute('aria-invalid')).resolves.toBeNull();
    await axeClean(page);
  });

  it('the secretariat accepts it from the review queue, and it shows in the brief', { timeout: 60_000 }, async () => {
    // Prepare
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/reports/`);
    const card = page.locator('article.review', { hasText: body });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(`Outside meeting with ${body} (International organisation)`);
    // Act
    await card.getByLabel('Note (optional)').fill('For the plenary.');
    await card.getByRole('button', { name: 'Accept' }).click();
    await page.getByText('Accepted into the brief.').waitFor();
    await page.goto(`${hubUrl()}/console/brief/`);
    // Assess
    const brief = page.locator('#brief');
    await brief.getByText(development).waitFor();
    await expect(brief.textContent()).resolves.toContain(`Outside meeting with ${body}`);
    await expect(brief.textContent()).resolves.toContain(workingOn);
  });

  it('the member sees it in the connections overview, beside the demo\'s connections, with the gaps', { timeout: 60_000 }, async () => {
    // Prepare / Act
    const page = await member.newPage();
    await page.goto(`${hubUrl()}/members/connections/`);
    const section = page.locator('section.connection', { hasText: body });
    await section.waitFor();
    // Assess
    await expect(section.textContent()).resolves.toContain(workingOn);
    await expect(section.locator('td').allTextContents()).resolves.toEqual(expect.arrayContaining(['Champion Mayors summit (Paris)', expect.stringContaining('Member 8A')]));
    await expect(page.locator('section.connection h2').allTextContents()).resolves.toEqual(expect.arrayContaining(['EUROCITIES Working Group on Migration and Integration']));
    await expect(page.locator('#gap-list').textContent()).resolves.toContain('No connection with any: NGO network.');
    const csv = await page.request.get(`${hubUrl()}/api/connections.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(body);
    await axeClean(page);
  });

  it('the secretariat sets the regular request from the console', { timeout: 30_000 }, async () => {
    const page = await secretariat.newPage();
    await page.goto(`${hubUrl()}/console/reports/`);
    await page.locator('#request').waitFor({ state: 'visible' });
    await page.getByLabel('How often').selectOption('weeks');
    await page.getByLabel('Number of weeks').fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved\. Current period: w2-\d{4}-\d{2}-\d{2}\.$/).waitFor();
    await page.reload();
    await page.locator('#request').waitFor({ state: 'visible' });
    await expect(page.getByLabel('Number of weeks').inputValue()).resolves.toBe('2');
    // Off again, so other journeys' hub is not asked.
    await page.getByLabel('How often').selectOption('off');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Current period: Off.').waitFor();
  });
});
