import { z } from 'zod';

import { audiences, languages, levels, topics, type Audience, type Language, type Level, type Topic } from './vocabulary-lists.ts';

export { audiences, languages, levels, topics, type Audience, type Language, type Level, type Topic };
export const audienceSchema = z.enum(audiences);
export const topicSchema = z.enum(topics);
export const levelSchema = z.enum(levels);
export const languageSchema = z.enum(languages);

/** ISO 3166-1 alpha-2, upper case (EL is not used: Greece is GR). */
export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'field.country');

/** Emails compare case-insensitively and without surrounding space. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('field.email'));

/**
 * A person's name as a public form takes it. It is printed in the email that form sends ("Hello …"),
 * to an address anyone may type, so it must not carry a link, an address or markup a stranger could
 * use to make the partnership's mail say something else.
 */
export const personNameSchema = z
  .string()
  .trim()
  .min(2, 'field.nameMin')
  .max(120, 'field.nameMax')
  .refine((name) => !/:\/\/|www\.|@|[<>]|[\p{Cc}]/iu.test(name), 'field.nameOnly');
