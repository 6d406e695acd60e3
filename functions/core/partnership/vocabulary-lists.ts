/**
 * The partnership's vocabularies as plain lists, without zod: what a page's script needs to show them
 * (site/src/lib/vocabulary-names.ts) without carrying the schemas. `vocabulary.ts` builds the schemas
 * from these lists and exports both.
 */

/** Target groups the partnership speaks to; every contact, variant and network names some. */
export const audiences = [
  'local-authority',
  'national-authority',
  'eu-institution',
  'city-network',
  'ngo',
  'migrant-organisation',
  'research',
  'private-sector',
] as const;
export type Audience = (typeof audiences)[number];

/** Topics shared by one-pagers, contacts and experts. */
export const topics = [
  'housing',
  'employment',
  'health',
  'education',
  'legal-support',
  'unaccompanied-minors',
  'funding',
  'indicators',
  'desegregation',
  'participation',
] as const;
export type Topic = (typeof topics)[number];

export const levels = ['local', 'regional', 'national', 'eu', 'international'] as const;
export type Level = (typeof levels)[number];

/** Languages the hub writes in; content falls back to English. */
export const languages = ['en', 'fr', 'de', 'el', 'es', 'it', 'nl', 'pt', 'fi', 'da'] as const;
export type Language = (typeof languages)[number];

/** Where a contact stands with the partnership's mail (core/contacts/contact.ts has the rules). */
export const contactStatuses = ['pending', 'subscribed', 'unsubscribed', 'bounced', 'complained'] as const;
