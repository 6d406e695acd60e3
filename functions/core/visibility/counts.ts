import type { PageView } from './page-views.ts';

/** A page's views on one day, with the same views by language and by country. */
export interface PageDay {
  date: string;
  path: string;
  views: number;
  byLanguage: Record<string, number>;
  byCountry: Record<string, number>;
}

/** The views one referring site sent on one day. */
export interface ReferrerDay {
  date: string;
  domain: string;
  views: number;
}

/** The daily counters a batch of views adds to: what is stored, and all that is. */
export interface DailyCounts {
  pages: PageDay[];
  referrers: ReferrerDay[];
}

const add = (bucket: Record<string, number>, key: string, n = 1) => {
  bucket[key] = (bucket[key] ?? 0) + n;
};

/** Views summed into daily counters, in a stable order (day, then page or domain), so a rerun cuts the same chunks. */
export function tally(views: Iterable<PageView>): DailyCounts {
  const pages = new Map<string, PageDay>();
  const referrers = new Map<string, ReferrerDay>();
  for (const view of views) {
    const pageKey = `${view.date} ${view.path}`;
    const page = pages.get(pageKey) ?? { date: view.date, path: view.path, views: 0, byLanguage: {}, byCountry: {} };
    page.views += 1;
    add(page.byLanguage, view.language);
    add(page.byCountry, view.country);
    pages.set(pageKey, page);
    if (view.referrer) {
      const refKey = `${view.date} ${view.referrer}`;
      const referrer = referrers.get(refKey) ?? { date: view.date, domain: view.referrer, views: 0 };
      referrer.views += 1;
      referrers.set(refKey, referrer);
    }
  }
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
  return { pages: byKey(pages), referrers: byKey(referrers) };
}

/** What the console's Visibility page shows for a period: totals, each page, each referring site, each day. */
export interface VisibilityReport {
  from: string;
  to: string;
  total: number;
  pages: { path: string; views: number; byLanguage: Record<string, number>; byCountry: Record<string, number> }[];
  referrers: { domain: string; views: number }[];
  days: { date: string; views: number }[];
  languages: Record<string, number>;
  countries: Record<string, number>;
}

/** Every day from `from` to `to`, both included (UTC dates). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * The period's report from its daily counters: pages and referrers most viewed first (then by name,
 * so equal counts keep one order), every day of the period present, a day without views at 0.
 */
export function visibilityReport(from: string, to: string, counts: DailyCounts): VisibilityReport {
  const inPeriod = (date: string) => date >= from && date <= to;
  const pages = new Map<string, VisibilityReport['pages'][number]>();
  const perDay = new Map(daysBetween(from, to).map((d) => [d, 0]));
  const languages: Record<string, number> = {};
  const countries: Record<string, number> = {};
  for (const day of counts.pages.filter((p) => inPeriod(p.date))) {
    const page = pages.get(day.path) ?? { path: day.path, views: 0, byLanguage: {}, byCountry: {} };
    page.views += day.views;
    for (const [language, n] of Object.entries(day.byLanguage)) {
      add(page.byLanguage, language, n);
      add(languages, language, n);
    }
    for (const [country, n] of Object.entries(day.byCountry)) {
      add(page.byCountry, country, n);
      add(countries, country, n);
    }
    pages.set(day.path, page);
    perDay.set(day.date, (perDay.get(day.date) ?? 0) + day.views);
  }
  const referrers = new Map<string, number>();
  for (const day of counts.referrers.filter((r) => inPeriod(r.date))) referrers.set(day.domain, (referrers.get(day.domain) ?? 0) + day.views);
  const mostFirst = <T extends { views: number }>(key: (row: T) => string) => (a: T, b: T) => b.views - a.views || (key(a) < key(b) ? -1 : 1);
  const days = [...perDay.entries()].map(([date, views]) => ({ date, views }));
  return {
    from,
    to,
    total: days.reduce((n, d) => n + d.views, 0),
    pages: [...pages.values()].sort(mostFirst((p) => p.path)),
    referrers: [...referrers.entries()].map(([domain, views]) => ({ domain, views })).sort(mostFirst((r) => r.domain)),
    days,
    languages,
    countries,
  };
}

/** The report as CSV rows (section, name, detail, views): one table a spreadsheet can pivot. */
export function visibilityRows(report: VisibilityReport): [string, string, string, number][] {
  const rows: [string, string, string, number][] = [['total', `${report.from}..${report.to}`, '', report.total]];
  for (const d of report.days) rows.push(['day', d.date, '', d.views]);
  for (const p of report.pages) {
    rows.push(['page', p.path, '', p.views]);
    for (const [language, n] of Object.entries(p.byLanguage).sort()) rows.push(['page', p.path, `language ${language}`, n]);
    for (const [country, n] of Object.entries(p.byCountry).sort()) rows.push(['page', p.path, `country ${country}`, n]);
  }
  for (const [language, n] of Object.entries(report.languages).sort()) rows.push(['language', language, '', n]);
  for (const [country, n] of Object.entries(report.countries).sort()) rows.push(['country', country, '', n]);
  for (const r of report.referrers) rows.push(['referrer', r.domain, '', r.views]);
  return rows;
}
