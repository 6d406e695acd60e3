import { z } from 'zod';
import { audienceSchema, countrySchema, emailSchema, languageSchema } from '../partnership/vocabulary.ts';

/** A multiplier: an organisation that relays updates to an audience it already reaches. */
export const networkSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'field.networkId'),
  name: z.string().trim().min(2).max(120),
  audiences: z.array(audienceSchema).min(1),
  /** Empty means Europe-wide. */
  countries: z.array(countrySchema).default([]),
  languages: z.array(languageSchema).min(1),
  relayContacts: z.array(z.object({ name: z.string().trim().min(1), email: emailSchema })).min(1),
  intro: z.string().trim().max(300).default(''),
});
export type Network = z.infer<typeof networkSchema>;

/** The audience a network's relay contacts are written to: the first it serves among the targets, else its first. */
export function relayAudience(network: Pick<Network, 'audiences'>, targeted: readonly Network['audiences'][number][]): Network['audiences'][number] {
  return network.audiences.find((a) => targeted.includes(a)) ?? network.audiences[0]!;
}
