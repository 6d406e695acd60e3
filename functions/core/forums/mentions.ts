/**
 * Mentions name a member by the local part of their address: `@leader1` for leader1@example.org.
 * Addresses are unique where display names are not, and members see each other's addresses in
 * the forum, so the handle is unambiguous and needs no registry of nicknames.
 */
const mention = /(?<![\w@.+-])@([a-z0-9](?:[a-z0-9._+-]*[a-z0-9])?)(?![\w@-]|\.[a-z0-9])/gi;

/** The handles a body mentions, lower-cased, once each (code spans and blocks excluded). */
export function mentionedHandles(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  return [...new Set([...prose.matchAll(mention)].map((m) => m[1]!.toLowerCase()))];
}

export const handleOf = (email: string) => email.slice(0, email.indexOf('@')).toLowerCase();

/** The members of the group a body mentions, never the author. */
export function mentionedMembers(markdown: string, groupMembers: string[], author: string): string[] {
  const handles = new Set(mentionedHandles(markdown));
  return groupMembers.filter((email) => email !== author && handles.has(handleOf(email)));
}
