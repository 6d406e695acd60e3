import { z } from 'zod';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { audienceSchema, countrySchema, emailSchema, languageSchema, topicSchema } from '../partnership/vocabulary.ts';
import { PRIVACY_NOTICE_VERSION } from '../privacy/notice.ts';
import { PARTNERSHIP } from '../updates/render.ts';

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
  consent: z.literal(true, { error: 'expects consent: true (the box must be ticked)' }),
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

export function confirmationEmail(input: { email: string; token: string; baseUrl: string }): OutgoingEmail {
  const url = `${input.baseUrl}/subscribe/confirm/#${input.token}`;
  return {
    to: input.email,
    subject: `Confirm your subscription to the ${PARTNERSHIP}'s updates`,
    ...renderEmail({
      heading: 'Confirm your subscription',
      paragraphs: [
        `Someone, probably you, asked to receive the ${PARTNERSHIP}'s updates at this address.`,
        'Open the page below and press "Confirm" to start receiving them. The link works for 7 days.',
      ],
      action: { label: 'Open the confirmation page', url },
      footer: { text: 'If you did not ask for this, ignore this email: nothing happens and we will not write again.' },
    }),
  };
}

/** Sent instead when the address is already subscribed: the same answer on the site, no enumeration. */
export function alreadySubscribedEmail(input: { email: string; preferencesUrl: string }): OutgoingEmail {
  return {
    to: input.email,
    subject: `You already receive the ${PARTNERSHIP}'s updates`,
    ...renderEmail({
      heading: 'You are already subscribed',
      paragraphs: ['Someone asked to subscribe this address, which already receives our updates. To change what you receive, open your preferences.'],
      action: { label: 'Open your preferences', url: input.preferencesUrl },
      footer: { text: 'If you did not ask for this, ignore this email.' },
    }),
  };
}
