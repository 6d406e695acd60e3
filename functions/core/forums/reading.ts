import { listedThread, type Post, type Thread } from './forum.ts';

/**
 * Unread threads of a group: those active after the member last opened the group. Counted from
 * the newest threads only (the list query is bounded), so the answer may read "at least".
 */
export function unreadCount(threads: Pick<Thread, 'lastActivityAt' | 'authorEmail'>[], lastSeen: string | undefined): number {
  if (!lastSeen) return threads.length;
  return threads.filter((t) => t.lastActivityAt > lastSeen).length;
}

/** Words of a search, lower-cased and without accents, so "reunion" finds "Réunion". */
export function searchTerms(query: string): string[] {
  return [...new Set(fold(query).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2))];
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** True when the text holds every term. */
export function matches(text: string, terms: string[]): boolean {
  const folded = fold(text);
  return terms.length > 0 && terms.every((t) => folded.includes(t));
}

export interface SearchHit {
  groupId: string;
  threadId: string;
  title: string;
  postId?: string;
  excerpt: string;
  at: string;
}

/** Search hits in threads' titles and posts' bodies, newest first, one per post; hidden and deleted posts are not searched. */
export function searchHits(threads: Thread[], posts: Post[], query: string, limit: number): SearchHit[] {
  const terms = searchTerms(query);
  const hits: SearchHit[] = [
    ...threads.filter((t) => matches(t.title, terms)).map(listedThread).map((t) => ({ groupId: t.groupId, threadId: t.id, title: t.title, excerpt: t.excerpt.slice(0, 200), at: t.lastActivityAt })),
    ...posts
      .filter((p) => !p.deletedAt && !p.hidden && matches(p.body, terms))
      .map((p) => ({ groupId: p.groupId, threadId: p.threadId, title: p.threadTitle, postId: p.id, excerpt: excerptAround(p.body, terms[0]!), at: p.createdAt })),
  ];
  return hits.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}

function excerptAround(text: string, term: string): string {
  const at = Math.max(0, fold(text).indexOf(term) - 60);
  return (at > 0 ? '…' : '') + text.slice(at, at + 200).replace(/\s+/g, ' ').trim();
}
