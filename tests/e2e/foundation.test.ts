import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { axeClean } from './journey.ts';

describe('the hub in Chromium', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(() => browser?.close());

  it('renders the home page with the Actions and no accessibility violation', async () => {
    const response = await page.goto(inject('hubUrl') + '/');
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toContain('Partnership on Inclusion of Migrants and Refugees');
    expect(await page.locator('#actions-heading + ul > li').count()).toBe(8);
    await axeClean(page);
  });

  it('reaches a healthy API through the same origin', async () => {
    await page.goto(inject('hubUrl') + '/');
    const health = await page.evaluate(async () => (await fetch('/api/health')).json());
    expect(health).toEqual({ status: 'ok', dynamodb: 'ok', ses: 'ok' });
  });

  it('answers an unknown page with the site 404 page', async () => {
    const response = await page.goto(inject('hubUrl') + '/no-such-page/');
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
  });
});
