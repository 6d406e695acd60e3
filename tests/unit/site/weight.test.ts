import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dist, filesUnder, requireBuiltSite } from './built-site.ts';

const html = () => filesUnder(dist, '.html').map((file) => ({ file, page: `/${path.relative(dist, path.dirname(file))}/`.replace('//', '/'), text: readFileSync(file, 'utf8') }));
const onePager = /^\/(fr\/)?actions\/[^/]+\/$/;
// Content pages are what the partnership publishes: they work without JavaScript. Search needs
// it, and so do the subscribe and "Your data" forms (they post JSON), and the public agreements (read from the API, which changes between builds). Application pages (the members'
// area, the console, and the pages links in emails open, whose buttons post) are not content and may script.
// The one script every content page may carry is the offer of the browser's language (docs/public-site.md,
// "Languages"): small, deferred, and the page is whole without it.
const languageOffer = '<script src="/lang-offer.js" defer></script>';
const content = /^\/(fr\/)?(actions\/.*|news\/.*|agenda\/.*|about\/|agreements\/|search\/|subscribe\/|privacy\/|your-data\/)?$/;
const scripted = /^\/(fr\/)?(search|subscribe|your-data|agreements)\/$/;

describe('page weight and scripts', () => {
  beforeAll(requireBuiltSite);

  it('keeps every one-pager under 50 KB of HTML and CSS', () => {
    const pages = html().filter(({ page }) => onePager.test(page));
    expect(pages.length).toBeGreaterThanOrEqual(16);
    for (const { page, text } of pages) {
      const stylesheets = [...text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => statSync(path.join(dist, m[1]!)).size);
      const bytes = Buffer.byteLength(text) + stylesheets.reduce((a, b) => a + b, 0);
      expect(bytes, page).toBeLessThan(50 * 1024);
    }
  });

  it("ships no client JavaScript on content pages but the small offer of the browser's language", () => {
    const withScripts = html()
      .filter(({ text }) => /<script(?![^>]*type="application\/ld\+json")/.test(text.replace(languageOffer, '')))
      .map(({ page }) => page);
    expect(withScripts.filter((page) => content.test(page) && !scripted.test(page))).toEqual([]);
    expect(withScripts.filter((page) => scripted.test(page)).length).toBe(8);
    expect(html().filter(({ page, text }) => content.test(page) && text.includes(languageOffer)).length).toBeGreaterThan(40);
    expect(statSync(path.join(dist, 'lang-offer.js')).size).toBeLessThan(2048);
  });

  it("inlines no script, since the site's Content-Security-Policy runs scripts from the site's own files only", () => {
    // Assess: an inline script (any <script> without src, but JSON-LD, which is data) would be refused by script-src 'self'.
    const inline = html()
      .filter(({ text }) => /<script(?![^>]*\bsrc=)(?![^>]*type="application\/ld\+json")[^>]*>/.test(text))
      .map(({ page }) => page);
    expect(inline).toEqual([]);
    expect(readFileSync(path.join(dist, '..', '..', 'infra', 'site.ts'), 'utf8')).toMatch(/"script-src 'self'/);
  });

  it('links a one-pager to its PDF only when the build printed it', () => {
    for (const { page, text } of html().filter(({ page }) => onePager.test(page))) {
      const pdf = `${page.replace(/\/$/, '')}.pdf`;
      const linked = text.includes(`href="${pdf}"`);
      expect(linked, page).toBe(existsSync(path.join(dist, pdf)));
    }
  });
});
