import type { PaginateFunction } from 'astro';
import { prefixedLocales, type Locale } from '../i18n/index.ts';
import { actionTopics, actionsInOrder, agenda, allTags, newsNewestFirst, statuses } from './content.ts';

// getStaticPaths of every page, once for every language: the pages under [locale]/ (/fr/, …) mirror
// the English ones, each path once per prefixed locale (perLocale).

export const newsPageSize = 5;

export async function onePagerPaths(locale: Locale) {
  return (await actionsInOrder(locale)).map((action) => ({ params: { slug: action.slug }, props: { action } }));
}

export async function topicPaths() {
  return (await actionTopics()).map((topic) => ({ params: { topic }, props: { topic } }));
}

export function statusPaths() {
  return statuses.map((status) => ({ params: { status }, props: { status } }));
}

export async function newsPaths(locale: Locale, paginate: PaginateFunction, params: { locale?: string } = {}) {
  return paginate(await newsNewestFirst(locale), { pageSize: newsPageSize, params });
}

export async function postPaths(locale: Locale) {
  return (await newsNewestFirst(locale)).map((post) => ({ params: { slug: post.slug }, props: { post } }));
}

export async function tagPaths() {
  return (await allTags()).map((tag) => ({ params: { tag }, props: { tag } }));
}

export async function eventPaths(locale: Locale) {
  const { upcoming, past } = await agenda(locale);
  return [...upcoming, ...past].map((event) => ({ params: { slug: event.slug }, props: { event } }));
}

type Path = { params: Record<string, string | number | undefined>; props: object };

/** A page's paths once per prefixed locale (/fr/…, …), the locale in its params and props. */
export async function perLocale<P extends Path>(paths: (locale: Locale) => P[] | Promise<P[]>) {
  const each = await Promise.all(
    prefixedLocales.map(async (locale) => (await paths(locale)).map((path) => ({ params: { ...path.params, locale }, props: { ...path.props, locale } as P['props'] & { locale: Locale } }))),
  );
  return each.flat();
}
