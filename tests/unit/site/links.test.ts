import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dist, filesUnder, requireBuiltSite, siteOrigin, siteRoot } from './built-site.ts';

// Served by the API, not by the built site.
const servedByApi = /^\/api(\/|$)/;

/** The file a site path is served from, or undefined: /x/ → x/index.html, /x → x, x.html or x/index.html. */
function resolve(sitePath: string): string | undefined {
  const clean = decodeURIComponent(sitePath.split(/[?#]/)[0]!);
  const candidates = clean.endsWith('/')
    ? [path.join(dist, clean, 'index.html')]
    : [path.join(dist, clean), `${path.join(dist, clean)}.html`, path.join(dist, clean, 'index.html')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

/**
 * The members' area and the console are built by their own part of the site. The nav links to them
 * already; once their pages exist in the source, the links are checked like any other.
 */
function builtByAnotherPart(sitePath: string) {
  const area = /^\/(members|console)\//.exec(sitePath)?.[1];
  return area !== undefined && !existsSync(path.join(siteRoot, 'src/pages', area));
}

function internalPath(url: string, origin: string): string | undefined {
  if (/^(mailto|tel|data|javascript):/i.test(url)) return undefined;
  if (/^https?:\/\//i.test(url)) return url.startsWith(`${origin}/`) ? url.slice(origin.length) : undefined;
  return url;
}

describe('the built site (both languages)', () => {
  beforeAll(requireBuiltSite);

  it('has no broken internal link, image, script or fragment', () => {
    // Prepare
    const pages = filesUnder(dist, '.html');
    const origin = siteOrigin();
    const broken: string[] = [];
    // Act
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      const from = `/${path.relative(dist, file)}`;
      const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      for (const [, , raw] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
        const url = raw!.replace(/&amp;/g, '&');
        if (url.startsWith('#')) {
          if (url.length > 1 && !ids.has(url.slice(1))) broken.push(`${from} → ${url} (no such id)`);
          continue;
        }
        const target = internalPath(url, origin);
        if (target === undefined || servedByApi.test(target) || builtByAnotherPart(target)) continue;
        const absolute = new URL(target, `http://site${from}`).pathname;
        if (!resolve(absolute)) broken.push(`${from} → ${url}`);
      }
    }
    // Assess
    expect(pages.length).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });

  it("mirrors in French every public page, the members' area and every page an emailed link opens", () => {
    // The console may still be English only (its language switcher then leads to the French home, see lib/mirror.ts).
    const publicSite = /^\/((actions|news|agenda|your-data|members|experts|updates|preferences|unsubscribe|relayed|subscribe)\/.*|about\/|subscribe\/|search\/|privacy\/|agreements\/)?index\.html$/;
    const english = filesUnder(dist, '.html')
      .map((file) => `/${path.relative(dist, file)}`)
      .filter((page) => publicSite.test(page));
    expect(english.length).toBeGreaterThan(40);
    const missing = english.filter((page) => !existsSync(path.join(dist, 'fr', page)));
    expect(missing).toEqual([]);
  });

  it('never points the language switcher or hreflang at a page that does not exist', () => {
    const broken: string[] = [];
    for (const file of filesUnder(dist, '.html')) {
      const html = readFileSync(file, 'utf8');
      const switcher = /<nav[^>]*class="lang-switch"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
      const switches = [...switcher.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
      const alternates = [...html.matchAll(/<link rel="alternate" hreflang="[\w-]+" href="([^"]+)"/g)].map((m) => new URL(m[1]!).pathname);
      for (const target of [...switches, ...alternates]) {
        if (!resolve(target)) broken.push(`/${path.relative(dist, file)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
