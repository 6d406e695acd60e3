import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../functions/local/hub.ts';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, signInContext } from './journey.ts';

const LEADER = 'leader5@example.org';
const OTHER_MEMBER = 'member6a@example.org';
const GROUP = 'action-5';
const shots = path.join(projectRoot, 'reports', 'screenshots');

describe('agreements: a decision of one group, in every member\'s register and on the public site', () => {
  let browser: Browser;
  let leader: BrowserContext;
  let member: BrowserContext;
  const title = `Shared guardianship training ${Date.now().toString(36)}`;
  beforeAll(async () => {
    browser = await launchChromium();
    leader = await browser.newContext();
    member = await browser.newContext();
    await signInContext(leader, LEADER);
    await signInContext(member, OTHER_MEMBER);
  });
  afterAll(() => browser?.close());

  it('the leader marks a decision, another group\'s member finds it, and once public the public page lists it', { timeout: 180_000 }, async () => {
    // Prepare: a thread of Action 5 whose opening post the leader records as a decision
    const headers = { origin: hubUrl(), 'content-type': 'application/json' };
    const started = await leader.request.post(`${hubUrl()}/api/groups/${GROUP}/threads`, { headers, data: { title, body: 'Athens and Berlin pilot a **shared** guardianship training in 2027.' } });
    expect(started.status()).toBe(201);
    const { thread } = (await started.json()) as { thread: { id: string } };
    expect((await leader.request.post(`${hubUrl()}/api/threads/${thread.id}/posts/${thread.id}/decision`, { headers, data: { decision: true } })).status()).toBe(200);

    // Act 1: the leader marks it an agreement from the decision log
    const log = await leader.newPage();
    await log.goto(`${hubUrl()}/members/decisions/?group=${GROUP}`);
    const entry = log.locator('#list > li', { hasText: title });
    await entry.getByText('Mark as an agreement').first().click();
    await expect.poll(() => entry.getByLabel('Title').inputValue(), { timeout: 10_000 }).toBe(title);
    await axeClean(log);
    await entry.getByRole('button', { name: 'Mark as an agreement' }).click();
    await expect.poll(() => entry.getByRole('status').first().textContent(), { timeout: 10_000 }).toMatch(/Marked as an agreement/);

    // Assess 1: a member of Action 6 sees it in the register, its words but no link to Action 5's thread
    const register = await member.newPage();
    await register.setViewportSize({ width: 1280, height: 900 });
    await register.goto(`${hubUrl()}/members/agreements/`);
    const seen = register.locator('#list > li', { hasText: title });
    await expect.poll(() => seen.count(), { timeout: 10_000 }).toBe(1);
    expect(await seen.locator('.text strong').textContent()).toBe('shared');
    expect(await seen.textContent()).toContain('Agreed');
    expect(await seen.textContent()).toMatch(/The thread is private to Action 5/);
    expect(await seen.locator(`a[href*="${thread.id}"]`).count()).toBe(0);
    expect(await seen.getByText('Change this agreement').count()).toBe(0);
    // Searching by words and by state finds it; another state does not
    await register.getByLabel('Words').fill(title.split(' ').at(-1)!);
    await register.getByLabel('State').selectOption('agreed');
    await register.getByRole('button', { name: 'Search' }).click();
    // The downloads follow the search once its answer is shown
    await expect.poll(() => register.locator('#csv').getAttribute('href'), { timeout: 10_000 }).toMatch(/^\/api\/agreements\/register\.csv\?q=[^&]+&state=agreed$/);
    expect(await register.locator('#list > li').count()).toBe(1);
    await register.getByLabel('State').selectOption('superseded');
    await register.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => register.locator('#status').textContent(), { timeout: 10_000 }).toBe('No agreement matches.');
    await register.getByLabel('State').selectOption('');
    await register.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => register.locator('#csv').getAttribute('href'), { timeout: 10_000 }).toMatch(/^\/api\/agreements\/register\.csv\?q=[^&]+$/);
    expect(await register.locator('#list > li').count()).toBe(1);
    await axeClean(register);
    await mkdir(shots, { recursive: true });
    await register.screenshot({ path: path.join(shots, 'agreements-register-1280.png'), fullPage: true });
    await register.setViewportSize({ width: 375, height: 800 });
    expect(await register.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await register.screenshot({ path: path.join(shots, 'agreements-register-375.png'), fullPage: true });
    // The CSV download carries it, without the thread
    const csv = await member.request.get(`${hubUrl()}/api/agreements/register.csv?q=${encodeURIComponent(title)}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(new RegExp(`${title},agreed,\\d{4}-\\d{2}-\\d{2},Action 5`));

    // Not public yet: the public page does not list it
    const visitor = await browser.newContext();
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${hubUrl()}/agreements/`);
    await expect.poll(() => publicPage.locator('#agreements-status').textContent(), { timeout: 10_000 }).toMatch(/public agreement|No agreement/);
    expect(await publicPage.locator('#agreements-list > li', { hasText: title }).count()).toBe(0);

    // Act 2: the leader makes it public from the register
    const own = await leader.newPage();
    await own.goto(`${hubUrl()}/members/agreements/`);
    const mine = own.locator('#list > li', { hasText: title });
    await mine.getByText('Change this agreement').click();
    await mine.getByLabel('Show it on the public site').check();
    await axeClean(own);
    await mine.getByRole('button', { name: 'Save the change' }).click();
    await expect.poll(() => own.locator('#list > li', { hasText: title }).locator('.badge', { hasText: 'public' }).count(), { timeout: 10_000 }).toBe(1);

    // Assess 2: the public page lists it, in English and in French, and passes axe
    await publicPage.reload();
    const listed = publicPage.locator('#agreements-list > li', { hasText: title });
    await expect.poll(() => listed.count(), { timeout: 10_000 }).toBe(1);
    expect(await listed.textContent()).toMatch(/Agreed on .*2\d{3}/);
    expect(await listed.textContent()).toContain('Binds: Action 5');
    expect(await publicPage.content()).not.toContain('@example.org');
    await axeClean(publicPage);
    await publicPage.goto(`${hubUrl()}/fr/agreements/`);
    const listedFr = publicPage.locator('#agreements-list > li', { hasText: title });
    await expect.poll(() => listedFr.count(), { timeout: 10_000 }).toBe(1);
    expect(await listedFr.textContent()).toMatch(/Conclu le/);
    await axeClean(publicPage);
    // Reached from the About page
    await publicPage.goto(`${hubUrl()}/about/`);
    await publicPage.getByRole('link', { name: 'Agreements', exact: true }).click();
    await publicPage.waitForURL(/\/agreements\/$/);
    await visitor.close();

    // Without JavaScript the page says where the list comes from
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const bare = await noScript.newPage();
    await bare.goto(`${hubUrl()}/agreements/`);
    expect(await bare.locator('main').textContent()).toContain('which needs JavaScript');
    await noScript.close();
  });
});
