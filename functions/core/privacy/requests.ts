import { z } from 'zod';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { emailSchema } from '../partnership/vocabulary.ts';
import { PARTNERSHIP } from '../updates/render.ts';
import { answerDeadline } from './notice.ts';

export const privacyRequestKinds = ['export', 'erase'] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];

export const privacyRequestSchema = z.object({
  email: emailSchema,
  kind: z.enum(privacyRequestKinds, { error: 'expects "export" (a copy of your data) or "erase" (erasure)' }),
  language: z.enum(['en', 'fr'], { error: 'expects "en" or "fr"' }).default('en'),
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

const wording = {
  en: {
    export: { subject: `Your copy of the data the ${PARTNERSHIP} holds`, heading: 'Your copy of your data', ask: 'Someone, probably you, asked for a copy of the personal data the hub holds about this address.', press: 'Open the page below and press the button to see everything we hold, and download it as a file.', label: 'Open the page' },
    erase: { subject: `Erasing your data from the ${PARTNERSHIP}'s hub`, heading: 'Erasing your data', ask: 'Someone, probably you, asked to erase the personal data the hub holds about this address.', press: 'Open the page below and press the button to erase it. Your forum posts stay, signed "former member"; we keep only a one-way hash of the address so that we never mail it again.', label: 'Open the page' },
    valid: (hours: number) => `The link works for ${hours} hours and only once.`,
    ignore: 'If you did not ask for this, ignore this email: nothing happens.',
  },
  fr: {
    export: { subject: `Copie de vos données détenues par le ${PARTNERSHIP}`, heading: 'Copie de vos données', ask: 'Quelqu’un, probablement vous, a demandé une copie des données personnelles que le hub détient sur cette adresse.', press: 'Ouvrez la page ci-dessous et appuyez sur le bouton pour voir tout ce que nous détenons et le télécharger.', label: 'Ouvrir la page' },
    erase: { subject: `Effacement de vos données du hub du ${PARTNERSHIP}`, heading: 'Effacement de vos données', ask: 'Quelqu’un, probablement vous, a demandé l’effacement des données personnelles que le hub détient sur cette adresse.', press: 'Ouvrez la page ci-dessous et appuyez sur le bouton pour les effacer. Vos messages des forums restent, signés « ancien membre » ; nous ne gardons qu’une empreinte à sens unique de l’adresse pour ne plus jamais l’écrire.', label: 'Ouvrir la page' },
    valid: (hours: number) => `Le lien est valable ${hours} heures, une seule fois.`,
    ignore: 'Si vous n’avez rien demandé, ignorez ce message : rien ne se passera.',
  },
} as const;

/** The link that confirms a request: the token sits in the fragment, so opening the page changes nothing. */
export function privacyLinkEmail(input: { email: string; kind: PrivacyRequestKind; language: 'en' | 'fr'; token: string; baseUrl: string; validHours: number }): OutgoingEmail {
  const words = wording[input.language];
  const url = `${input.baseUrl}${input.language === 'fr' ? '/fr' : ''}/your-data/confirm/#${input.token}`;
  return {
    to: input.email,
    subject: words[input.kind].subject,
    ...renderEmail({
      heading: words[input.kind].heading,
      paragraphs: [words[input.kind].ask, words[input.kind].press, words.valid(input.validHours)],
      action: { label: words[input.kind].label, url },
      footer: { text: words.ignore },
    }),
  };
}
