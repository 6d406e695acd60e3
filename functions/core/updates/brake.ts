import type { DeliveryStatus } from '../deliveries/delivery.ts';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';

/**
 * Below this many sent, a handful of bad addresses would be a large share: the rates mean nothing
 * yet, and a small send must not stop on its second bounce.
 */
export const BRAKE_MIN_SENT = 200;
/** SES reviews an account whose bounce rate reaches 5 % (and may pause it at 10 %): stop before. */
export const BRAKE_MAX_PERMANENT_BOUNCE_RATE = 0.05;
/** SES reviews an account whose complaint rate reaches 0.1 % (and may pause it at 0.5 %): stop before. */
export const BRAKE_MAX_COMPLAINT_RATE = 0.001;

export interface BrakeFigures {
  /** Deliveries SES accepted: sent, then delivered, bounced or complained. */
  sent: number;
  permanentBounces: number;
  complaints: number;
}

export type BrakeReason = 'permanent-bounces' | 'complaints';

export type BrakeDecision = { pause: false } | { pause: true; reason: BrakeReason; figures: BrakeFigures };

/** The statuses of a delivery SES accepted: what the rates are shares of. */
const accepted: readonly DeliveryStatus[] = ['sent', 'delivered', 'bounced', 'complained'];

/** What went out so far, from the report's counts by status. */
export function sentSoFar(counts: readonly { status: DeliveryStatus; count: number }[]): number {
  return counts.filter((c) => accepted.includes(c.status)).reduce((n, c) => n + c.count, 0);
}

/**
 * Whether an update's send pauses by itself: permanent bounces over 5 % or complaints over 0.1 % of
 * what was sent, once at least 200 were sent. A send the secretariat resumed after a pause is not
 * paused again: they resumed it with these figures in front of them.
 */
export function brakeDecision(figures: BrakeFigures, options: { resumedBefore: boolean }): BrakeDecision {
  if (options.resumedBefore || figures.sent < BRAKE_MIN_SENT) return { pause: false };
  if (figures.permanentBounces > figures.sent * BRAKE_MAX_PERMANENT_BOUNCE_RATE) return { pause: true, reason: 'permanent-bounces', figures };
  if (figures.complaints > figures.sent * BRAKE_MAX_COMPLAINT_RATE) return { pause: true, reason: 'complaints', figures };
  return { pause: false };
}

/** The share as people read it: 5.5 %, 0.15 %. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${Number(((part / whole) * 100).toPrecision(3))} %`;
}

/** The note each secretariat member gets when the brake pauses a send: which update, why, the figures, where to decide. */
export function pauseNoticeEmail(input: { to: string; update: { id: string; title: string }; reason: BrakeReason; figures: BrakeFigures; baseUrl: string }): OutgoingEmail {
  const { figures } = input;
  const why =
    input.reason === 'permanent-bounces'
      ? `Permanent bounces passed ${percent(BRAKE_MAX_PERMANENT_BOUNCE_RATE, 1)} of what was sent: ${figures.permanentBounces} of ${figures.sent} (${percent(figures.permanentBounces, figures.sent)}).`
      : `Complaints passed ${percent(BRAKE_MAX_COMPLAINT_RATE, 1)} of what was sent: ${figures.complaints} of ${figures.sent} (${percent(figures.complaints, figures.sent)}).`;
  return {
    to: input.to,
    subject: `Sending paused: ${input.update.title}`.slice(0, 250),
    ...renderEmail({
      heading: `The send of "${input.update.title}" is paused`,
      paragraphs: [
        why,
        `So far: ${figures.sent} sent, ${figures.permanentBounces} permanent bounce(s), ${figures.complaints} complaint(s).`,
        'Nothing more goes out until someone on the secretariat resumes or cancels the send. Emails not yet sent stay queued. Rates this high put the hub’s sending account at risk: check the list the update went to before resuming.',
      ],
      action: { label: 'Open the update in the console', url: `${input.baseUrl}/console/updates/#${input.update.id}` },
      footer: { text: 'You get this as a member of the secretariat; it is sent once per pause.' },
    }),
  };
}
