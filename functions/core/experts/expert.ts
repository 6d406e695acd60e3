import { z } from 'zod';
import { PRIVACY_NOTICE_VERSION } from '../privacy/notice.ts';
import { audienceSchema, countrySchema, emailSchema, languageSchema, personNameSchema, topicSchema } from '../partnership/vocabulary.ts';

/** Kinds of organisation that offer expertise to the partnership from outside its core group. */
export const organisationTypes = [
  'local-authority',
  'regional-authority',
  'national-authority',
  'ngo',
  'migrant-organisation',
  'research',
  'private-sector',
  'teacher-association',
  'city-network',
  'other',
] as const;
export const organisationTypeSchema = z.enum(organisationTypes);
export type OrganisationType = z.infer<typeof organisationTypeSchema>;

/** Version of the consent wording shown on the join form; kept with each entry. */
export const EXPERT_CONSENT_VERSION = PRIVACY_NOTICE_VERSION;

/** What a person gives when joining the pool (or what a member proposes on their behalf). */
export const expertApplicationSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  organisation: z.string().trim().min(2, 'field.organisation').max(160),
  organisationType: organisationTypeSchema,
  audience: audienceSchema,
  country: countrySchema,
  languages: z.array(languageSchema).min(1, 'field.oneLanguage').max(10),
  topics: z.array(topicSchema).min(1, 'field.oneExpertise').max(10),
  profile: z.string().trim().min(20, 'field.profile').max(800),
});
export type ExpertApplication = z.infer<typeof expertApplicationSchema>;

export const expertStatuses = ['pending', 'confirmed', 'left'] as const;

/** An entry of the expert pool as stored. */
export interface Expert extends ExpertApplication {
  id: string;
  status: (typeof expertStatuses)[number];
  /** Whether they still want calls; leaving the pool also stops them. */
  acceptsCalls: boolean;
  consent?: { source: string; at: string; wordingVersion: string };
  proposedBy?: string;
  calledCount: number;
  answeredCount: number;
  createdAt: string;
  updatedAt: string;
}

/** What an expert may change about their own entry. */
export const expertChangesSchema = expertApplicationSchema
  .omit({ email: true })
  .partial()
  .extend({ acceptsCalls: z.boolean().optional() });
export type ExpertChanges = z.infer<typeof expertChangesSchema>;
