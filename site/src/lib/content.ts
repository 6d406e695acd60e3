import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '../i18n/index.ts';
import { topics as vocabulary } from '../../../functions/core/partnership/vocabulary.ts';
import { zonedToUtc } from '../../../functions/core/agenda/time.ts';

type Name = 'actions' | 'posts' | 'events';

/** An entry as a page shows it: the slug is the same in every language. */
export type Localized<C extends Name> = { entry: CollectionEntry<C>; slug: string; fallback: boolean };

export const statuses = ['planned', 'in-progress', 'completed'] as const;
export type Status = (typeof statuses)[number];
export type Topic = CollectionEntry<'actions'>['data']['topics'][number];

/** One entry per slug in the asked locale, falling back to English; `fallback` says which fell back. */
export async function localized<C extends Name>(collection: C, locale: Locale) {
  const entries = (await getCollection(collection)) as CollectionEntry<C>[];
  const bySlug = new Map<string, Localized<C>>();
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

/**
 * Topics that an Action covers in any language, in the order of the vocabulary: the filter pages
 * exist in both languages, so the language switcher never leads to a missing page.
 */
export async function actionTopics(): Promise<Topic[]> {
  const used = new Set((await getCollection('actions')).flatMap((a) => a.data.topics));
  return vocabulary.filter((topic): topic is Topic => used.has(topic as Topic));
}

export async function actionsByNumber(locale: Locale) {
  return new Map((await actionsInOrder(locale)).map((action) => [action.entry.data.number, action]));
}

/** The Actions a post or an event names, in number order, skipping numbers that do not exist. */
export async function relatedActions(numbers: number[], locale: Locale) {
  const byNumber = await actionsByNumber(locale);
  return [...new Set(numbers)].sort((a, b) => a - b).flatMap((n) => byNumber.get(n) ?? []);
}

export async function newsNewestFirst(locale: Locale) {
  return (await localized('posts', locale)).sort((a, b) => b.entry.data.date.valueOf() - a.entry.data.date.valueOf());
}

/** Tags of every post in every language, so /news/tag/x/ and /fr/news/tag/x/ both exist. */
export async function allTags() {
  return [...new Set((await getCollection('posts')).flatMap((p) => p.data.tags))].sort();
}

/** Tags are kebab-case identifiers; readers see words. */
export function tagLabel(tag: string) {
  return tag.replace(/-/g, ' ');
}

/** Events split around `now`, comparing the events' wall-clock times in their own zones. */
export async function agenda(locale: Locale, now = new Date()) {
  const all = await localized('events', locale);
  const endsAt = (e: (typeof all)[number]) => zonedToUtc(e.entry.data.end, e.entry.data.timeZone);
  const upcoming = all.filter((e) => endsAt(e) >= now).sort((a, b) => a.entry.data.start.localeCompare(b.entry.data.start));
  const past = all.filter((e) => endsAt(e) < now).sort((a, b) => b.entry.data.start.localeCompare(a.entry.data.start));
  return { upcoming, past };
}

// One rule for wall-clock times in a zone, shared with the agenda API (summer-time gaps included).
export { zonedToUtc };

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
