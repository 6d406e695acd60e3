import { pageLocale } from '../i18n/default.ts';

/**
 * What a page's client script needs to speak the page's language: its strings (`messagesOf`), counts,
 * numbers, dates and paths. No catalogue is imported here, so none reaches the browser: the page
 * hands its strings over in `data-messages` (`pageMessages`, site/src/lib/page-messages.ts).
 */
export { pageLocale, pathIn } from '../i18n/default.ts';

/** The page's translation function, as `messagesOf` gives it. */
export type Messages = (key: string, values?: Record<string, string | number>) => string;

/** The page's UI strings, rendered by Astro from site/src/i18n into `data-messages`. */
export function messagesOf(root: HTMLElement): Messages {
  const messages = JSON.parse(root.dataset.messages ?? '{}') as Record<string, string>;
  return (key, values = {}) => (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The regional form the hub writes dates in for the page's language: British English, France's French. */
export const dateLocale = (locale = pageLocale()) => (locale === 'fr' ? 'fr-FR' : locale === 'en' ? 'en-GB' : locale);

/** A number as the page's language writes it: 12,431 in English, 12 431 in French. */
export const formatNumber = (n: number, locale = pageLocale()) => new Intl.NumberFormat(locale).format(n);

/** A file's size as the page's language writes it: 1 kB or 2.4 MB in English, 1 ko or 2,4 Mo in French. */
export const formatSize = (bytes: number, locale = pageLocale()) =>
  bytes < 1024 * 1024
    ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)))
    : new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1024 / 1024);

/** An instant as the page's language writes it, date and time. */
export const formatDateTime = (at: string | number | Date, locale = pageLocale()) => new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

/**
 * A counted phrase: `key.one` or `key.other` as the language's plural rules choose for `n`, with
 * `{n}` written in the language's digits ("1 personne", "0 personne", "12 431 personnes").
 */
export function plural(t: Messages, key: string, n: number, values: Record<string, string | number> = {}, locale = pageLocale()): string {
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { ...values, n: formatNumber(n, locale) });
}

