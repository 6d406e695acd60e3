import { z } from 'zod';
import {
  audienceSchema,
  countrySchema,
  emailSchema,
  languageSchema,
  levelSchema,
  topicSchema,
} from '../partnership/vocabulary.ts';

import { contactStatuses } from '../partnership/vocabulary-lists.ts';
import { sourceCodes } from '../privacy/ledger.ts';

export { contactStatuses };
export const contactStatusSchema = z.enum(contactStatuses);

/**
 * How a contact came to be on the list, kept to show consent (GDPR art. 7): the source as the ledger
 * records it (its sentence, and since codes its code and values).
 */
export const consentSchema = z.object({
  source: z.string().min(1),
  sourceCode: z.enum(sourceCodes).optional(),
  sourceValues: z.record(z.string(), z.string()).optional(),
  at: z.iso.datetime(),
  wordingVersion: z.string().min(1),
});

/** Someone the partnership writes to: directly, or reached through networks. */
export const contactSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(120).default(''),
  organisation: z.string().trim().max(160).default(''),
  audience: audienceSchema,
  level: levelSchema.optional(),
  country: countrySchema.optional(),
  language: languageSchema.default('en'),
  topics: z.array(topicSchema).default([]),
  source: z.string().min(1),
  consent: consentSchema.optional(),
  status: contactStatusSchema,
  networks: z.array(z.string()).default([]),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Contact = z.infer<typeof contactSchema>;
