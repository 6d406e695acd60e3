import type { PaginateFunction } from 'astro';
import type { Locale } from '../i18n/index.ts';
import { actionTopics, actionsInOrder, agenda, allTags, newsNewestFirst, statuses } from './content.ts';

// getStaticPaths of every page, once for both languages: the /fr/ tree mirrors the English one.

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

export async function newsPaths(locale: Locale, paginate: PaginateFunction) {
  return paginate(await newsNewestFirst(locale), { pageSize: newsPageSize });
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
