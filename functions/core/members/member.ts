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
  createdAt: z.iso.datetime(),
});
export type Member = z.infer<typeof memberSchema>;
