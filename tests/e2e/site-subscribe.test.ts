import { simpleParser, type ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { RawEmail } from '../../functions/local/engines/ses.ts';
import { launchChromium } from '../helpers/browser.ts';

/** Waits for the first email to `address` in the local inbox, and parses it. */
async function confirmationMail(address: string): Promise<ParsedMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { emails } = (await (await fetch(`${inject('inboxUrl')}/raw`)).json()) as { emails: RawEmail[] };
    const mail = emails.find((e) => e.to.includes(address));
    if (mail) return simpleParser(mail.raw);
    if (Date.now() > deadline) throw new Error(`no email to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the subscribe form', () => {
  let browser: Browser;
  let page: Page;
  const hub = inject('hubUrl');
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(() => browser?.close());

  it('posts the subscription as JSON to /api/subscribe, shows the answer, and the emailed link confirms it', async () => {
    // Prepare
    const reader = `reader-${Date.now().toString(36)}@example.org`;
    await page.goto(`${hub}/fr/subscribe/`);
    await page.locator('#email').fill(reader);
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
    // Assess: the request, the answer, and what the page says
    expect(request.headers()['content-type']).toContain('application/json');
    expect(request.postDataJSON()).toEqual({
      email: reader,
      audience: 'ngo',
      language: 'fr',
      country: 'GR',
      topics: ['housing', 'health'],
      consent: true,
    });
    expect(response.status()).toBe(202);
    expect(await response.json()).toEqual({ message: 'Almost done: we sent you an email. Open the link in it to confirm your subscription.' });
    const status = page.locator('#subscribe-status');
    await expect.poll(() => status.textContent()).toBe(
      "Merci. Consultez votre boîte de réception pour confirmer : l'abonnement commence quand vous appuyez sur le bouton du message que nous venons d'envoyer.",
    );
    // Assess: the confirmation email arrives, and its page's button starts the subscription
    const mail = await confirmationMail(reader);
    // A French subscriber's confirmation is in French, and opens the French page
    expect(mail.subject).toBe('Confirmez votre abonnement aux informations du Partenariat pour l’inclusion des migrants et des réfugiés');
    expect(mail.text).toContain('Ouvrir la page de confirmation');
    const link = /(\S+)\/fr\/subscribe\/confirm\/#[A-Za-z0-9_-]+/.exec(mail.text ?? '');
    expect(link?.[1], mail.text).toBe(hub);
    const confirm = await (await browser.newContext()).newPage();
    await confirm.goto(link![0]);
    expect(await confirm.locator('html').getAttribute('lang')).toBe('fr');
    await confirm.getByRole('button', { name: 'Confirmer' }).click();
    await confirm.getByText('Votre abonnement est confirmé. Bienvenue !').waitFor();
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
