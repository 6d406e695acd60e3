import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '../i18n/index.ts';

type Name = 'actions' | 'posts' | 'events';

/** One entry per slug in the asked locale, falling back to English; `fallback` says which fell back. */
export async function localized<C extends Name>(collection: C, locale: Locale) {
  const entries = (await getCollection(collection)) as CollectionEntry<C>[];
  const bySlug = new Map<string, { entry: CollectionEntry<C>; slug: string; fallback: boolean }>();
  for (const entry of entries) {
    const [lang, ...rest] = entry.id.split('/');
    const slug = rest.join('/');
    if (lang === locale) bySlug.set(slug, { entry, slug, fallback: false });
    else if (lang === 'en' && !bySlug.has(slug)) bySlug.set(slug, { entry, slug, fallback: locale !== 'en' });
  }
  return [...bySlug.values()];
}

export async function actionsInOrder(locale: Locale) {
  return (await localized('actions', locale)).sort((a, b) => a.entry.data.number - b.entry.data.number);
}

export async function newsNewestFirst(locale: Locale) {
  return (await localized('posts', locale)).sort((a, b) => b.entry.data.date.valueOf() - a.entry.data.date.valueOf());
}

/** Events split around `now`, comparing the events' wall-clock times in their own zones. */
export async function agenda(locale: Locale, now = new Date()) {
  const all = await localized('events', locale);
  const endsAt = (e: (typeof all)[number]) => zonedToUtc(e.entry.data.end, e.entry.data.timeZone);
  const upcoming = all.filter((e) => endsAt(e) >= now).sort((a, b) => a.entry.data.start.localeCompare(b.entry.data.start));
  const past = all.filter((e) => endsAt(e) < now).sort((a, b) => b.entry.data.start.localeCompare(a.entry.data.start));
  return { upcoming, past };
}

/** The UTC instant of a wall-clock time in an IANA zone. */
export function zonedToUtc(wallClock: string, timeZone: string): Date {
  const asUtc = new Date(`${wallClock.length === 16 ? `${wallClock}:00` : wallClock}Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(asUtc);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const zoned = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(asUtc.getTime() - (zoned - asUtc.getTime()));
}

export function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function formatEventTime(wallClock: string, timeZone: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(zonedToUtc(wallClock, timeZone));
}
