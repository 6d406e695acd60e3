import { z } from 'zod';
import { countrySchema, emailSchema, languageSchema } from '../partnership/vocabulary.ts';

/** A person who signs in: a member of working groups, or the secretariat (global role). */
export const memberSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(120),
  organisation: z.string().trim().max(160).default(''),
  country: countrySchema.optional(),
  language: languageSchema.default('en'),
  secretariat: z.boolean().default(false),
  /**
   * Set when the person was added only for time-limited work (a leader's contributor): the latest
   * end of their contributions. Once it and every membership have ended they no longer sign in, even
   * after TTL has removed the memberships. Cleared when the secretariat gives them a lasting place.
   */
  contributorUntil: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
});
export type Member = z.infer<typeof memberSchema>;
