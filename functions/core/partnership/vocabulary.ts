import { z } from 'zod';

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
export const audienceSchema = z.enum(audiences);
export type Audience = z.infer<typeof audienceSchema>;

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
export const topicSchema = z.enum(topics);
export type Topic = z.infer<typeof topicSchema>;

export const levels = ['local', 'regional', 'national', 'eu', 'international'] as const;
export const levelSchema = z.enum(levels);
export type Level = z.infer<typeof levelSchema>;

/** Languages the hub writes in; content falls back to English. */
export const languages = ['en', 'fr', 'de', 'el', 'es', 'it', 'nl', 'pt', 'fi', 'da'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;

/** ISO 3166-1 alpha-2, upper case (EL is not used: Greece is GR). */
export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'expects a two-letter country code, e.g. GR');

/** Emails compare case-insensitively and without surrounding space. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('expects an email address, e.g. name@example.org'));

/**
 * A person's name as a public form takes it. It is printed in the email that form sends ("Hello …"),
 * to an address anyone may type, so it must not carry a link, an address or markup a stranger could
 * use to make the partnership's mail say something else.
 */
export const personNameSchema = z
  .string()
  .trim()
  .min(2, 'expects a name of at least 2 characters')
  .max(120, 'expects a name of at most 120 characters')
  .refine((name) => !/:\/\/|www\.|@|[<>]|[\p{Cc}]/iu.test(name), 'expects a name only: no link, address or markup');
