import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../../site/src/i18n/en.json' with { type: 'json' };
import { buildSiteInto, copySiteInto, dist as realDist, projectRoot, requireBuiltSite } from './built-site.ts';

// Adding a language is one catalogue file and a content folder: this build adds "xx", a pseudo-locale
// whose every string is wrapped in ⟦…⟧, to a copy of the site, and changes no code.
const work = mkdtempSync(path.join(tmpdir(), 'hub-pseudo-locale-'));
const pseudo = (text: string) => `⟦${text}⟧`;
let dist = '';
const page = (route: string) => readFileSync(path.join(dist, route, 'index.html'), 'utf8');
const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];

describe('a language added as a catalogue and a content folder (pseudo-locale xx)', () => {
  beforeAll(() => {
    requireBuiltSite();
    // Prepare: the catalogue, every value wrapped with its placeholders kept, and one Action in xx.
    const site = copySiteInto(work);
    writeFileSync(path.join(site, 'src/i18n/xx.json'), JSON.stringify(Object.fromEntries(Object.entries(en).map(([key, text]) => [key, pseudo(text)])), null, 2));
    const content = path.join(work, 'content');
    cpSync(path.join(projectRoot, 'content'), content, { recursive: true });
    cpSync(path.join(content, 'actions/en/desegregation.md'), path.join(content, 'actions/xx/desegregation.md'));
    const entry = path.join(content, 'actions/xx/desegregation.md');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('title: "Desegregation policies"', `title: "${pseudo('Desegregation policies')}"`));
    // Act
    const build = buildSiteInto(work, { HUB_CONTENT_DIR: content, HUB_PDFS: 'off' }, site);
    expect(build.status, build.output).toBe(0);
    dist = build.dist;
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds the public pages in xx from the catalogue, lang="xx"', () => {
    for (const route of ['xx', 'xx/about', 'xx/actions', 'xx/agenda']) {
      const html = page(route);
      expect(html, route).toContain('<html lang="xx">');
      expect(html, route).toContain(`<title>`);
      expect(html, route).toContain(pseudo(en['site.name']));
    }
    expect(page('xx/about')).toContain(`<h1>${pseudo(en['about.title'])}</h1>`);
  });

  it('builds the members\' area in xx, its links staying in xx', () => {
    const home = page('xx/members');
    expect(home).toContain('<html lang="xx">');
    expect(home).toContain(pseudo(en['members.home.title']));
    expect(home).toContain('href="/xx/members/events/"');
    const thread = page('xx/members/thread');
    expect(thread).toContain('<html lang="xx">');
    expect(thread).toContain(pseudo(en['members.thread.title']));
    expect(page('xx/members/signin')).toContain(pseudo(en['members.signin.title']));
  });

  it('takes an entry from the xx content folder, and falls back to English, marked, for the others', () => {
    expect(page('xx/actions/desegregation')).toContain(pseudo('Desegregation policies'));
    const untranslated = page('xx/actions/unaccompanied-minors');
    expect(untranslated).toMatch(/<article[^>]*lang="en"/);
    expect(untranslated).toContain('Protection of unaccompanied minors');
  });

  it('offers xx in the language switch, hreflang and sitemap of the English page, whose content is unchanged', () => {
    const about = page('about');
    expect(about).toContain('<html lang="en">');
    expect(about).toMatch(/<nav[^>]*class="lang-switch"[\s\S]*href="\/xx\/about\/" hreflang="xx" lang="xx">⟦English⟧<\/a>/);
    expect(about).toContain('<link rel="alternate" hreflang="xx" href="http://localhost:8080/xx/about/">');
    expect(about).toContain('<link rel="alternate" hreflang="fr" href="http://localhost:8080/fr/about/">');
    for (const route of ['about', 'members', 'members/thread', 'fr/about', 'fr/members']) {
      expect(main(page(route)), route).toBe(main(readFileSync(path.join(realDist, route, 'index.html'), 'utf8')));
    }
    expect(readFileSync(path.join(dist, 'sitemap-0.xml'), 'utf8')).toContain('http://localhost:8080/xx/about/');
  });
});
