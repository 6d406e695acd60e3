import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { describe, expect, it, vi } from 'vitest';
import en from '../../site/src/i18n/en.json' with { type: 'json' };
import fr from '../../site/src/i18n/fr.json' with { type: 'json' };
import { localeName, locales } from '../../site/src/i18n/index.ts';

/**
 * Every console page rendered at its /fr/ address, before the French routes exist: Astro's container
 * renders the page file with a French URL, as the built route will. Scripts do not run here; what they
 * say comes from the page's data-messages, checked below, and tests/unit/site/console-i18n.test.ts
 * keeps English sentences out of them.
 */
const consoleDir = fileURLToPath(new URL('../../site/src/pages/[...locale]/console/', import.meta.url));
vi.mock('../../site/src/layouts/Base.astro', () => import(/* @vite-ignore */ new URL('./Layout.astro', import.meta.url).href));

const pages = readdirSync(consoleDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.astro')).sort();
const route = (file: string) => `/console/${file.replace(/\.astro$/, '/').replace(/(^|\/)index\/$/, '$1')}`;
const decode = (s: string) => s.replace(/&#34;/g, '"').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The words a person reads: text between tags and the labelling attributes, scripts and styles left out. */
function readable(html: string) {
  const body = html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '');
  const attributes = [...body.matchAll(/\s(?:title|aria-label|placeholder|alt|content|data-empty)="([^"]*)"/g)].map((m) => m[1]!);
  return new Set([...body.split(/<[^>]+>/), ...attributes].map((s) => decode(s).trim()).filter((s) => /\p{L}{2}/u.test(s)));
}
// What reads the same in both languages: words French shares with English, country names, an
// Action's number, a CSV header example. No page shows a vocabulary's code: each is named.
const same = new Set(['Contacts', 'Contact', '← Contacts', 'Description', 'Organisation', 'Actions', 'Type', 'Expert', 'Message', 'Participation', 'France', 'Liechtenstein', 'Luxembourg', 'Portugal', 'Ukraine', 'Courriel=email, Public=audience']);
// A language is named in itself wherever it is offered (a select of the emails' languages).
const endonyms = new Set(locales.map(localeName));
const alike = (s: string) => same.has(s) || endonyms.has(s) || /^Action \d+$/.test(s);

describe('console pages at their French address', () => {
  it.each(pages)('%s speaks French: its markup and the strings it hands its script', async (file) => {
    // Prepare
    const container = await AstroContainer.create();
    const { default: page } = await import(/* @vite-ignore */ pathToFileURL(path.join(consoleDir, file)).href);

    // Act
    const english = await container.renderToString(page, { request: new Request(`http://localhost${route(file)}`) });
    const french = await container.renderToString(page, { request: new Request(`http://localhost/fr${route(file)}`) });

    // Assess: French throughout, nothing left from the English page but words both languages share
    expect(french).toContain('<html lang="fr">');
    expect(english).toContain('<html lang="en">');
    const inEnglish = readable(english);
    expect([...readable(french)].filter((s) => inEnglish.has(s) && !alike(s))).toEqual([]);
    // The script's strings are the French catalogue's
    for (const [, json] of french.matchAll(/data-messages="([^"]*)"/g)) {
      for (const [key, value] of Object.entries(JSON.parse(decode(json!)) as Record<string, string>)) expect(value, key).toBe((fr as Record<string, string>)[key]);
    }
    // and the English page's the English catalogue's
    for (const [, json] of english.matchAll(/data-messages="([^"]*)"/g)) {
      for (const [key, value] of Object.entries(JSON.parse(decode(json!)) as Record<string, string>)) expect(value, key).toBe((en as Record<string, string>)[key]);
    }
  });
});
