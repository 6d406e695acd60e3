import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';

describe('the subscribe form', () => {
  let browser: Browser;
  let page: Page;
  const hub = inject('hubUrl');
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(() => browser?.close());

  it('posts the subscription as JSON to /api/subscribe and shows the answer', async () => {
    // Prepare
    await page.goto(`${hub}/fr/subscribe/`);
    await page.locator('#email').fill('reader@example.org');
    await page.locator('#audience').selectOption('ngo');
    await page.locator('#country').selectOption('GR');
    await page.locator('input[name="topics"][value="housing"]').check();
    await page.locator('input[name="topics"][value="health"]').check();
    await page.locator('input[name="consent"]').check();
    // Act
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/subscribe') && request.method() === 'POST');
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/subscribe'));
    await page.locator('#subscribe button[type="submit"]').click();
    const request = await sent;
    const response = await answered;
    // Assess
    expect(request.headers()['content-type']).toContain('application/json');
    expect(request.postDataJSON()).toEqual({
      email: 'reader@example.org',
      audience: 'ngo',
      language: 'fr',
      country: 'GR',
      topics: ['housing', 'health'],
      consent: true,
    });
    const status = page.locator('#subscribe-status');
    await expect.poll(() => status.textContent()).not.toMatch(/^(|Envoi…)$/);
    const shown = (await status.textContent()) ?? '';
    if (response.status() === 202) {
      expect(shown).toContain('Consultez votre boîte de réception pour confirmer');
    } else {
      // Whatever the API answers, the page shows its message (or a plain one) and keeps working.
      const answer = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
      expect(shown).toBe(answer?.error?.message || "L'abonnement n'a pas pu être envoyé. Réessayez dans un instant.");
      expect(await page.locator('#subscribe button[type="submit"]').isEnabled()).toBe(true);
    }
  });

  it('leaves out the country when none is chosen and shows the consent wording', async () => {
    await page.goto(`${hub}/subscribe/`);
    expect(await page.locator('label:has(input[name="consent"])').textContent()).toContain('unsubscribe with one click');
    await page.locator('#email').fill('someone@example.org');
    await page.locator('#audience').selectOption('local-authority');
    await page.locator('input[name="consent"]').check();
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/subscribe'));
    await page.locator('#subscribe button[type="submit"]').click();
    const body = (await sent).postDataJSON() as Record<string, unknown>;
    expect(body).toEqual({ email: 'someone@example.org', audience: 'local-authority', language: 'en', topics: [], consent: true });
  });

  it('lets the browser refuse a submission without consent, so nothing is sent', async () => {
    await page.goto(`${hub}/subscribe/`);
    await page.locator('#email').fill('someone@example.org');
    await page.locator('#audience').selectOption('research');
    let posted = false;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/subscribe')) posted = true;
    });
    await page.locator('#subscribe button[type="submit"]').click();
    await page.waitForTimeout(300);
    expect(posted).toBe(false);
    expect(await page.locator('input[name="consent"]').evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true);
  });
});
