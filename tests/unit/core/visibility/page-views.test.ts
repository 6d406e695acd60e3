import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPerson, logHeader, logLineOf, pageOf, pageViewOf, parseRequestLog, referringDomain, type PageView } from '../../../../functions/core/visibility/page-views.ts';

const sample = (name: string) => readFileSync(path.join(import.meta.dirname, 'logs', name), 'utf8');
const HOST = 'partnership.example.org';
const viewsOf = (text: string) => parseRequestLog(text).map((r) => pageViewOf(r, HOST)).filter((v): v is PageView => v !== undefined);

describe('CloudFront standard logs (legacy format, with the fields a view never keeps)', () => {
  const views = viewsOf(sample('cloudfront-legacy.w3c'));

  it('counts the pages people read and nothing else: no asset, crawler, link previewer, mail scanner, HEAD, 404, private page or API call', () => {
    expect(views).toEqual([
      { date: '2026-11-30', path: '/actions/action-3/', language: 'en', country: '--', referrer: 'eurocities.eu' },
      { date: '2026-11-30', path: '/actions/action-3/', language: 'fr', country: '--' },
      { date: '2026-11-30', path: '/news/2026-11-housing-toolkit/', language: 'en', country: '--' },
      { date: '2026-11-30', path: '/actions/action-3/', language: 'en', country: '--', referrer: 'ecre.org' },
    ]);
  });

  it('keeps no address, no user agent and no time of day from lines that carry them', () => {
    const kept = JSON.stringify(views);
    expect(kept).not.toMatch(/198\.51\.100|203\.0\.113|2001:db8|Mozilla|Chrome|Firefox|08:14/);
  });
});

describe('CloudFront standard logs v2 (the fields chosen for the hub, with the viewer country)', () => {
  it('reads the country, the language from the path and the referring domain; a line without a user agent is not a reader; a cut line is skipped', () => {
    expect(viewsOf(sample('cloudfront-v2.w3c'))).toEqual([
      { date: '2026-12-01', path: '/', language: 'en', country: 'DE', referrer: 'google.com' },
      { date: '2026-12-01', path: '/', language: 'fr', country: 'FR', referrer: 'google.fr' },
      { date: '2026-12-01', path: '/news/', language: 'fr', country: 'FR' },
      { date: '2026-12-01', path: '/actions/action-1/', language: 'en', country: 'IT', referrer: 'urbact.eu' },
      { date: '2026-12-02', path: '/actions/action-1/', language: 'en', country: '--' },
    ]);
  });

  it('reads no line before the #Fields line names the columns', () => {
    expect(parseRequestLog('2026-12-01\t07:00:01\tGET\t/\t200\n')).toEqual([]);
  });
});

describe('the pieces of a view', () => {
  it('names a page without its language prefix, for any language of the vocabulary', () => {
    expect(pageOf('/fr/actions/action-2/')).toEqual({ path: '/actions/action-2/', language: 'fr' });
    expect(pageOf('/de/news')).toEqual({ path: '/news/', language: 'de' });
    expect(pageOf('/news/index.html')).toEqual({ path: '/news/', language: 'en' });
    expect(pageOf('/about.html')).toEqual({ path: '/about/', language: 'en' });
    // Two letters that are no language of the partnership are part of the path.
    expect(pageOf('/zz/x/')).toEqual({ path: '/zz/x/', language: 'en' });
    expect(pageOf('/rss.xml')).toBeUndefined();
    expect(pageOf('/fr/members/groups/')).toBeUndefined();
    expect(pageOf('/your-data/confirm/')).toBeUndefined();
    expect(pageOf('/%E0%A4%A/')).toBeUndefined();
    expect(pageOf('/a/../../etc/')).toBeUndefined();
  });

  it('keeps only the domain of another site that sent the reader', () => {
    expect(referringDomain('https://www.Eurocities.eu/news?member=alice@example.org', HOST)).toBe('eurocities.eu');
    expect(referringDomain('https://partnership.example.org/fr/', HOST)).toBeUndefined();
    expect(referringDomain('android-app://com.google.android.gm/', HOST)).toBeUndefined();
    expect(referringDomain('not a url', HOST)).toBeUndefined();
    expect(referringDomain('-', HOST)).toBeUndefined();
  });

  it('tells browsers from crawlers, previewers and mail scanners', () => {
    expect(isPerson('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(true);
    for (const agent of ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'facebookexternalhit/1.1', 'Microsoft Office Protocol Discovery', 'Mozilla/5.0 (compatible; ms-office; MSOffice 16)', '', undefined]) {
      expect(isPerson(agent), String(agent)).toBe(false);
    }
  });

  it('counts a 304 (a reader coming back) but no POST, no redirect and no other type than HTML', () => {
    const base = { date: '2026-12-01', method: 'GET', path: '/agenda/', status: 200, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' };
    expect(pageViewOf({ ...base, status: 304 }, HOST)).toBeDefined();
    expect(pageViewOf({ ...base, status: 301 }, HOST)).toBeUndefined();
    expect(pageViewOf({ ...base, method: 'POST' }, HOST)).toBeUndefined();
    expect(pageViewOf({ ...base, contentType: 'application/json' }, HOST)).toBeUndefined();
    expect(pageViewOf({ ...base, contentType: 'text/html; charset=utf-8' }, HOST)).toBeDefined();
    expect(pageViewOf({ ...base, country: 'de' }, HOST)?.country).toBe('DE');
    expect(pageViewOf({ ...base, country: 'Germany' }, HOST)?.country).toBe('--');
  });
});

describe("the local hub's request log", () => {
  it('is read back by the same parser as CloudFront’s, tabs and line ends in a field kept out of the columns', () => {
    const line = logLineOf({ date: '2026-12-02', time: '10:00:00', method: 'GET', path: '/actions/action-1/', status: 200, referrer: 'https://eurocities.eu/a\tb', userAgent: 'Mozilla/5.0 (X11)\nFirefox/133.0', country: 'be', contentType: 'text/html; charset=utf-8' });
    const [request] = parseRequestLog(logHeader + line + '\n');
    expect(request).toEqual({ date: '2026-12-02', method: 'GET', path: '/actions/action-1/', status: 200, referrer: 'https://eurocities.eu/a\tb', userAgent: 'Mozilla/5.0 (X11)\nFirefox/133.0', country: 'BE', contentType: 'text/html; charset=utf-8' });
    expect(line.split('\t')).toHaveLength(9);
    expect(logLineOf({ date: '2026-12-02', time: '10:00:00', method: 'GET', path: '/', status: 200, country: 'not a code' }).split('\t')[7]).toBe('-');
  });
});
