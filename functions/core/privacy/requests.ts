import { z } from 'zod';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { emailSchema } from '../partnership/vocabulary.ts';
import { localPath, mailWords } from '../mail/words.ts';
import { answerDeadline } from './notice.ts';

export const privacyRequestKinds = ['export', 'erase'] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];

export const privacyRequestSchema = z.object({
  email: emailSchema,
  kind: z.enum(privacyRequestKinds, { error: 'field.privacyKind' }),
  language: z.enum(['en', 'fr'], { error: 'field.language' }).default('en'),
});
export type PrivacyRequestInput = z.output<typeof privacyRequestSchema>;

/**
 * One request about personal data, as the requests log keeps it. The address goes once the person
 * is erased; the kind, the times and the state stay, to show the request was answered in time.
 */
export interface PrivacyRequest {
  id: string;
  kind: PrivacyRequestKind;
  state: 'awaiting-confirmation' | 'completed';
  email: string | null;
  receivedAt: string;
  deadline: string;
  /** Until when the emailed link confirms it; an unconfirmed request past it has lapsed. */
  linkExpiresAt?: string;
  completedAt?: string;
  via: 'self-service' | 'secretariat';
  handledBy?: string;
  language: 'en' | 'fr';
}

export function newPrivacyRequest(input: { id: string; kind: PrivacyRequestKind; email: string; via: PrivacyRequest['via']; language?: 'en' | 'fr'; now: Date; linkExpiresAt?: Date; handledBy?: string }): PrivacyRequest {
  return {
    id: input.id,
    kind: input.kind,
    state: input.via === 'secretariat' ? 'completed' : 'awaiting-confirmation',
    email: input.email,
    receivedAt: input.now.toISOString(),
    deadline: answerDeadline(input.now).toISOString(),
    ...(input.linkExpiresAt ? { linkExpiresAt: input.linkExpiresAt.toISOString() } : {}),
    ...(input.via === 'secretariat' ? { completedAt: input.now.toISOString() } : {}),
    via: input.via,
    ...(input.handledBy ? { handledBy: input.handledBy } : {}),
    language: input.language ?? 'en',
  };
}

/**
 * The log's view of a request: a link nobody confirmed in time has `expired` (nothing is owed then);
 * an open request past its one-month deadline is `overdue`.
 */
export function requestLogView(request: PrivacyRequest, now: Date) {
  const lapsed = request.state === 'awaiting-confirmation' && request.linkExpiresAt !== undefined && Date.parse(request.linkExpiresAt) <= now.getTime();
  const state = lapsed ? ('expired' as const) : request.state;
  return {
    id: request.id,
    kind: request.kind,
    state,
    email: request.email,
    receivedAt: request.receivedAt,
    deadline: request.deadline,
    ...(request.completedAt ? { completedAt: request.completedAt } : {}),
    overdue: state === 'awaiting-confirmation' && Date.parse(request.deadline) < now.getTime(),
    via: request.via,
    ...(request.handledBy ? { handledBy: request.handledBy } : {}),
  };
}

/** The link that confirms a request, in the language of the page it was asked from: the token sits in the fragment, so opening the page changes nothing. */
export function privacyLinkEmail(input: { email: string; kind: PrivacyRequestKind; language: 'en' | 'fr'; token: string; baseUrl: string; validHours: number }): OutgoingEmail {
  const w = mailWords(input.language);
  return {
    to: input.email,
    subject: w(`privacy.${input.kind}.subject`),
    ...renderEmail({
      heading: w(`privacy.${input.kind}.heading`),
      paragraphs: [w(`privacy.${input.kind}.ask`), w(`privacy.${input.kind}.press`), w('privacy.valid', { hours: w.number(input.validHours) })],
      action: { label: w('privacy.action'), url: `${input.baseUrl}${localPath(w.language, '/your-data/confirm/')}#${input.token}` },
      footer: { text: w('privacy.ignore') },
      language: w.language,
    }),
  };
}
