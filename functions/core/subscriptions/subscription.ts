import { z } from 'zod';
import { renderEmail } from '../mail/layout.ts';
import { localPath, mailWords } from '../mail/words.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { audienceSchema, countrySchema, emailSchema, languageSchema, topicSchema } from '../partnership/vocabulary.ts';
import { PRIVACY_NOTICE_VERSION } from '../privacy/notice.ts';

/** The wording a subscription consents to: the privacy notice the form links to. */
export const CONSENT_WORDING_VERSION = PRIVACY_NOTICE_VERSION;
/** A confirmation link works this long. */
export const CONFIRMATION_TTL_SECONDS = 7 * 24 * 3600;

export const subscribeSchema = z.object({
  email: emailSchema,
  audience: audienceSchema,
  language: languageSchema.default('en'),
  country: countrySchema.optional(),
  topics: z.array(topicSchema).max(20).default([]),
  consent: z.literal(true, { error: 'field.consent' }),
});
export type SubscribeInput = z.output<typeof subscribeSchema>;

export const preferencesSchema = z.object({
  audience: audienceSchema,
  language: languageSchema,
  country: countrySchema.optional(),
  topics: z.array(topicSchema).max(20).default([]),
});
export type Preferences = z.output<typeof preferencesSchema>;

/** What waits, under the hash of its token, for the person to confirm. */
export interface SubscriptionRequest extends Omit<SubscribeInput, 'consent'> {
  requestedAt: string;
  wordingVersion: string;
  expiresAt: number;
}

/** In the language the person asked their updates in, with the confirmation page in it too. */
export function confirmationEmail(input: { email: string; token: string; baseUrl: string; language?: string }): OutgoingEmail {
  const w = mailWords(input.language);
  const url = `${input.baseUrl}${localPath(input.language, '/subscribe/confirm/')}#${input.token}`;
  return {
    to: input.email,
    subject: w('subscribe.subject'),
    ...renderEmail({
      heading: w('subscribe.heading'),
      paragraphs: [w('subscribe.asked'), w('subscribe.press')],
      action: { label: w('subscribe.action'), url },
      footer: { text: w('subscribe.ignore') },
      language: w.language,
    }),
  };
}

/** Sent instead when the address is already subscribed: the same answer on the site, no enumeration. */
export function alreadySubscribedEmail(input: { email: string; preferencesUrl: string; language?: string }): OutgoingEmail {
  const w = mailWords(input.language);
  return {
    to: input.email,
    subject: w('already.subject'),
    ...renderEmail({
      heading: w('already.heading'),
      paragraphs: [w('already.text')],
      action: { label: w('already.action'), url: input.preferencesUrl },
      footer: { text: w('already.ignore') },
      language: w.language,
    }),
  };
}
