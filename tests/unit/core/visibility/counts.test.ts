import { describe, expect, it } from 'vitest';
import { daysBetween, tally, visibilityReport, visibilityRows } from '../../../../functions/core/visibility/counts.ts';
import type { PageView } from '../../../../functions/core/visibility/page-views.ts';

const view = (date: string, path: string, language = 'en', country = '--', referrer?: string): PageView => ({ date, path, language, country, ...(referrer ? { referrer } : {}) });

describe('daily counters', () => {
  const views = [
    view('2026-12-01', '/actions/action-1/', 'en', 'DE', 'eurocities.eu'),
    view('2026-12-01', '/actions/action-1/', 'fr', 'FR'),
    view('2026-12-02', '/actions/action-1/', 'en', 'DE', 'eurocities.eu'),
    view('2026-12-01', '/news/', 'en', '--', 'ecre.org'),
  ];

  it('sum views per page per day with their languages and countries, and per referring site per day', () => {
    expect(tally(views)).toEqual({
      pages: [
        { date: '2026-12-01', path: '/actions/action-1/', views: 2, byLanguage: { en: 1, fr: 1 }, byCountry: { DE: 1, FR: 1 } },
        { date: '2026-12-01', path: '/news/', views: 1, byLanguage: { en: 1 }, byCountry: { '--': 1 } },
        { date: '2026-12-02', path: '/actions/action-1/', views: 1, byLanguage: { en: 1 }, byCountry: { DE: 1 } },
      ],
      referrers: [
        { date: '2026-12-01', domain: 'ecre.org', views: 1 },
        { date: '2026-12-01', domain: 'eurocities.eu', views: 1 },
        { date: '2026-12-02', domain: 'eurocities.eu', views: 1 },
      ],
    });
  });

  it('come out in the same order whatever order the views came in', () => {
    expect(tally([...views].reverse())).toEqual(tally(views));
  });

  it('make a report of the period only: most viewed first, every day present', () => {
    const report = visibilityReport('2026-12-01', '2026-12-03', tally([...views, view('2026-11-30', '/news/')]));
    expect(report).toEqual({
      from: '2026-12-01',
      to: '2026-12-03',
      total: 4,
      pages: [
        { path: '/actions/action-1/', views: 3, byLanguage: { en: 2, fr: 1 }, byCountry: { DE: 2, FR: 1 } },
        { path: '/news/', views: 1, byLanguage: { en: 1 }, byCountry: { '--': 1 } },
      ],
      referrers: [
        { domain: 'eurocities.eu', views: 2 },
        { domain: 'ecre.org', views: 1 },
      ],
      days: [
        { date: '2026-12-01', views: 3 },
        { date: '2026-12-02', views: 1 },
        { date: '2026-12-03', views: 0 },
      ],
      languages: { en: 3, fr: 1 },
      countries: { DE: 2, FR: 1, '--': 1 },
    });
    expect(visibilityRows(report)).toContainEqual(['page', '/actions/action-1/', 'language fr', 1]);
    expect(visibilityRows(report)[0]).toEqual(['total', '2026-12-01..2026-12-03', '', 4]);
  });

  it('span months and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });
});
