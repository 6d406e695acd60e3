import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../site/src/i18n/en.json' with { type: 'json' };
import fr from '../../site/src/i18n/fr.json' with { type: 'json' };
import { launchChromium } from '../helpers/browser.ts';
import { axeClean, hubUrl, mailsTo, nextMail } from './journey.ts';

// The members' area in French, reached as a French member does, and the browser's language offered
// (never forced) on anonymous pages.
describe('a French member in the members\' area', () => {
  let browser: Browser;
  const member = 'member8b@example.org';
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('is sent from /fr/members/ to the French sign-in, signs in with the emailed code and stays in French through home, group and thread', async () => {
    // Prepare: not signed in, a French members' page sends to the French sign-in page.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hubUrl()}/fr/members/group/?id=action-8`);
    await page.waitForURL(/\/fr\/members\/signin\/\?next=/);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('heading', { level: 1, name: fr['members.signin.title'] }).waitFor();
    await axeClean(page);
    // Act: the sign-in form in French, with a `next` that leaves the site (ignored), then the code.
    await page.goto(`${hubUrl()}/fr/members/signin/?next=${encodeURIComponent('//elsewhere.example/members/')}`);
    const before = (await mailsTo(member)).length;
    await page.getByLabel(fr['members.signin.email']).fill(member);
    await page.getByRole('button', { name: fr['members.signin.send'] }).click();
    await page.getByText(/un lien et un code sont en route/).waitFor();
    const code = /code instead: (\d{6})/.exec((await nextMail(member, before, /^Sign in to the Partnership Hub$/)).text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    // A wrong code is refused in French above the form, though the browser asks for English.
    await page.getByLabel(fr['members.signin.code']).fill(code === '000000' ? '000001' : '000000');
    await page.getByRole('button', { name: fr['members.signin.submit'] }).click();
    await page.getByText('Ce code n’est pas le bon. Vérifiez le dernier courriel et réessayez.').waitFor();
    await page.getByLabel(fr['members.signin.code']).fill(code!);
    await page.getByRole('button', { name: fr['members.signin.submit'] }).click();
    // Assess: the French home, its navigation in French and in /fr/.
    await page.waitForURL(`${hubUrl()}/fr/members/`);
    await page.getByRole('heading', { level: 1, name: fr['members.home.title'] }).waitFor();
    const nav = page.getByRole('navigation', { name: fr['shell.members'] });
    expect(await nav.getByRole('link', { name: fr['shell.members.groups'] }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: fr['shell.members.events'] }).getAttribute('href')).toBe('/fr/members/events/');
    expect(await page.getByRole('button', { name: fr['shell.signOut'], exact: true }).isVisible()).toBe(true);
    await page.locator('#groups a').first().waitFor();
    await axeClean(page);
    // The group, in French, and a thread started from its French form.
    await page.locator('#groups a[href^="/fr/members/group/?id=action-8"]').click();
    await page.waitForURL(/\/fr\/members\/group\/\?id=action-8$/);
    await page.getByRole('heading', { level: 2, name: fr['members.group.threads'] }).waitFor();
    expect(await page.getByRole('link', { name: fr['members.back'] }).getAttribute('href')).toBe('/fr/members/');
    await page.getByRole('heading', { level: 2, name: fr['members.group.new'] }).waitFor();
    await axeClean(page);
    // A title of blanks around two letters passes the browser's length check; the API's refusal
    // says beside the field, in French, what it expects.
    await page.getByLabel(fr['members.group.threadTitle']).fill('   ab   ');
    await page.getByLabel(fr['members.body']).fill('Un premier message, en français.');
    await page.getByRole('button', { name: fr['members.group.start'] }).click();
    const titleRefused = page.locator('#title-refused');
    await titleRefused.waitFor();
    expect(await titleRefused.textContent()).toBe('attend au moins 3 caractères');
    expect(await page.getByLabel(fr['members.group.threadTitle']).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#status').textContent()).toBe('La demande n’est pas valide : voyez le détail de chaque champ.');
    const title = `Logement des mineurs ${Date.now().toString(36)}`;
    await page.getByLabel(fr['members.group.threadTitle']).fill(title);
    await page.getByLabel(fr['members.body']).fill('Un premier message, en français.');
    await page.getByRole('button', { name: fr['members.group.start'] }).click();
    await page.waitForURL(/\/fr\/members\/thread\/\?id=/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('heading', { level: 2, name: fr['members.thread.reply'] }).waitFor();
    expect(await page.getByRole('button', { name: fr['members.thread.send'] }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: fr['shell.members.groups'] }).getAttribute('aria-current')).toBe('true');
    expect(await page.locator('#back').getAttribute('href')).toBe('/fr/members/group/?id=action-8');
    await axeClean(page);
  });
});

describe("the browser's language on anonymous pages", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  const offerIn = (page: Page, locale: string) => page.locator(`.lang-offer[data-offer="${locale}"]`);
  const inBrowserLanguage = (context: Promise<BrowserContext>) => context.then((c) => c.newPage());

  it('offers the French page to a French browser on an English page, and forgets the offer once declined', async () => {
    // Prepare
    const page = await inBrowserLanguage(browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 700 } }));
    // Act
    await page.goto(`${hubUrl()}/about/`);
    // Assess: offered, in French, not switched, nothing scrolls sideways
    expect(new URL(page.url()).pathname).toBe('/about/');
    const offer = offerIn(page, 'fr');
    await offer.waitFor();
    expect(await offer.getByRole('link', { name: fr['lang.offer'] }).getAttribute('href')).toBe('/fr/about/');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await axeClean(page);
    // Declining is remembered: no offer on the next page either.
    await offer.getByRole('button', { name: fr['lang.dismiss'] }).click();
    expect(await offer.isHidden()).toBe(true);
    await page.goto(`${hubUrl()}/agenda/`);
    expect(await offerIn(page, 'fr').isHidden()).toBe(true);
  });

  it('remembers the language chosen through the offer, and offers nothing on a page in the browser\'s language', async () => {
    const page = await inBrowserLanguage(browser.newContext({ locale: 'fr-FR' }));
    await page.goto(`${hubUrl()}/fr/news/`);
    expect(await page.locator('.lang-offer:not([hidden])').count()).toBe(0);
    await page.goto(`${hubUrl()}/news/`);
    await offerIn(page, 'fr').getByRole('link').click();
    await page.waitForURL(`${hubUrl()}/fr/news/`);
    await page.goto(`${hubUrl()}/agenda/`);
    expect(await offerIn(page, 'fr').isHidden()).toBe(true);
  });

  it('offers English to an English browser on a French page, and nothing to it on an English page or where no twin exists', async () => {
    const page = await inBrowserLanguage(browser.newContext({ locale: 'en-GB' }));
    await page.goto(`${hubUrl()}/about/`);
    expect(await page.locator('.lang-offer:not([hidden])').count()).toBe(0);
    await page.goto(`${hubUrl()}/fr/about/`);
    const offer = offerIn(page, 'en');
    await offer.waitFor();
    expect(await offer.getByRole('link', { name: en['lang.offer'] }).getAttribute('href')).toBe('/about/');
    await page.goto(`${hubUrl()}/no-such-page/`);
    expect(await page.locator('.lang-offer').count()).toBe(0);
  });
});
