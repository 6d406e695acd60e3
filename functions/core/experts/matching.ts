import type { Language, Topic } from '../partnership/vocabulary.ts';
import type { Expert, OrganisationType } from './expert.ts';

/** Who a call for cooperation is for. Topics are required; other filters narrow when given. */
export interface CallFilters {
  topics: Topic[];
  countries?: string[] | undefined;
  types?: OrganisationType[] | undefined;
  languages?: Language[] | undefined;
}

const overlaps = <T>(wanted: readonly T[] | undefined, offered: readonly T[]) =>
  !wanted || wanted.length === 0 || wanted.some((item) => offered.includes(item));

/**
 * The experts a call goes to: confirmed, still accepting calls, matching every filter the call
 * sets (at least one shared topic; their country, type, and one shared language when given),
 * and each person once, whatever duplicates the input holds.
 */
export function matchExperts(experts: readonly Expert[], filters: CallFilters): Expert[] {
  const seen = new Set<string>();
  const matched: Expert[] = [];
  for (const expert of experts) {
    if (expert.status !== 'confirmed' || !expert.acceptsCalls) continue;
    if (!overlaps(filters.topics, expert.topics)) continue;
    if (!overlaps(filters.countries, [expert.country])) continue;
    if (!overlaps(filters.types, [expert.organisationType])) continue;
    if (!overlaps(filters.languages, expert.languages)) continue;
    const person = expert.email.toLowerCase();
    if (seen.has(person)) continue;
    seen.add(person);
    matched.push(expert);
  }
  return matched;
}

/** The language to write to an expert in: the call's own if they read it, else English. */
export function languageFor(expert: Expert, written: readonly Language[]): Language {
  return expert.languages.find((language) => written.includes(language)) ?? 'en';
}
