import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';

// A4 with the margins of the print stylesheet (@page 12mm 14mm), in CSS pixels (96 per inch).
const mm = 96 / 25.4;
const printable = { width: Math.floor((210 - 2 * 14) * mm), height: Math.floor((297 - 2 * 12) * mm) };

/** Pages in a PDF that Chromium wrote: page objects are not compressed. */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;

describe('one-pagers in print', () => {
  let browser: Browser;
  let page: Page;
  let onePagers: string[] = [];
  const hub = inject('hubUrl');
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: printable.width, height: 400 } })).newPage();
    for (const index of ['/actions/', '/fr/actions/']) {
      await page.goto(hub + index);
      onePagers.push(...(await page.locator('.cards h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!))));
    }
    onePagers = [...new Set(onePagers)];
  });
  afterAll(() => browser?.close());

  it('lists every one-pager in both languages', () => {
    expect(onePagers.filter((href) => href.startsWith('/fr/')).length).toBe(onePagers.length / 2);
    expect(onePagers.length).toBeGreaterThanOrEqual(16);
  });

  it('fits each one-pager on one A4 page when printed, without navigation or footer', async () => {
    const tooTall: string[] = [];
    await page.emulateMedia({ media: 'print' });
    for (const href of onePagers) {
      await page.goto(hub + href);
      const layout = await page.evaluate(() => ({
        height: document.body.getBoundingClientRect().height,
        nav: getComputedStyle(document.querySelector('.site-header')!).display,
        footer: getComputedStyle(document.querySelector('.site-footer')!).display,
      }));
      expect(layout.nav).toBe('none');
      expect(layout.footer).toBe('none');
      if (layout.height > printable.height) tooTall.push(`${href}: ${Math.round(layout.height)} px > ${printable.height} px`);
    }
    // Back to the default: page.pdf honours an emulated 'screen' and would print the screen layout.
    await page.emulateMedia({ media: null });
    expect(tooTall).toEqual([]);
  });

  it('prints a one-pager with page.pdf to exactly one A4 page', async () => {
    await page.goto(`${hub}/fr/actions/integration-funding/`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdfPages(pdf)).toBe(1);
  });

  it('offers each one-pager as a one-page PDF built from the same print', async () => {
    for (const href of onePagers) {
      await page.goto(hub + href);
      const link = await page.locator('a[href$=".pdf"]').getAttribute('href');
      expect(link).toBe(`${href.replace(/\/$/, '')}.pdf`);
      const response = await page.request.get(hub + link);
      expect(response.status()).toBe(200);
      const body = await response.body();
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPages(body), link!).toBe(1);
    }
  });
});
