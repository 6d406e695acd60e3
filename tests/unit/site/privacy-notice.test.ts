import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION } from '../../../functions/core/privacy/notice.ts';
import { defaultRetention } from '../../../functions/core/privacy/retention.ts';
import { periodInWords } from '../../../site/src/lib/periods.ts';
import { dist, filesUnder, read, requireBuiltSite } from './built-site.ts';

const text = (html: string) => html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;|&#160;/g, ' ').replace(/\s+/g, ' ');

// French puts a no-break space between number and unit; the test reads words, not spacing.
const spaced = (words: string) => words.replace(/\s/g, ' ');

describe('retention periods in words', () => {
  it('says whole years when the days make them, and the unit otherwise', () => {
    expect(periodInWords(1825, 'days', 'en')).toBe('5 years');
    expect(periodInWords(395, 'days', 'en')).toBe('395 days');
    expect(periodInWords(15, 'minutes', 'en')).toBe('15 minutes');
    expect(periodInWords(1, 'hours', 'en')).toBe('1 hour');
    expect(spaced(periodInWords(1095, 'days', 'fr'))).toBe('3 ans');
    expect(spaced(periodInWords(30, 'days', 'fr'))).toBe('30 jours');
  });
});

describe('the privacy notice as built', () => {
  beforeAll(requireBuiltSite);

  it.each([
    ['en', 'privacy/index.html'],
    ['fr', 'fr/privacy/index.html'],
  ] as const)('(%s) names its version and the hub’s own retention periods', (locale, file) => {
    const page = text(read(file));
    expect(page).toContain(PRIVACY_NOTICE_VERSION);
    for (const [amount, unit] of [
      [defaultRetention.signInMinutes, 'minutes'],
      [defaultRetention.sessionDays, 'days'],
      [defaultRetention.deliveryDays, 'days'],
      [defaultRetention.auditDays, 'days'],
      [defaultRetention.privacyRequestDays, 'days'],
      [defaultRetention.privacyLinkHours, 'hours'],
    ] as const) {
      expect(page).toContain(spaced(periodInWords(amount, unit, locale)));
    }
    expect(read(file)).toContain(`href="${locale === 'fr' ? '/fr' : ''}/your-data/"`);
  });

  it('is linked from the footer of every public page, in the page’s language', () => {
    const pages = filesUnder(dist, '.html').filter((file) => !/\/(404|console|members)/.test(path.relative(dist, file)) && !file.endsWith('404.html'));
    const missing = pages.filter((file) => {
      const french = path.relative(dist, file).startsWith('fr/');
      const footer = /<footer[\s\S]*<\/footer>/.exec(readFileSync(file, 'utf8'))?.[0] ?? '';
      return !footer.includes(`href="${french ? '/fr' : ''}/privacy/"`);
    });
    expect(pages.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it.each(['subscribe/index.html', 'fr/subscribe/index.html', 'experts/index.html', 'fr/experts/index.html'])(
    'is linked, with its version, beside the consent of %s',
    (file) => {
      const html = read(file);
      const consent = html.indexOf('name="consent"');
      const notice = html.indexOf(`/privacy/"`, consent);
      expect(consent).toBeGreaterThan(0);
      expect(notice).toBeGreaterThan(consent);
      expect(text(html.slice(notice))).toContain(PRIVACY_NOTICE_VERSION);
    },
  );
});
