import type { DeliveryStatus } from '../deliveries/delivery.ts';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { localPath, mailWords } from '../mail/words.ts';

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

/** The brake's figures from an update's report: what was sent, its permanent bounces, its complaints. */
export function brakeFigures(report: { counts: readonly { status: DeliveryStatus; count: number }[]; permanentBounces: number }): BrakeFigures {
  const complaints = report.counts.filter((c) => c.status === 'complained').reduce((n, c) => n + c.count, 0);
  return { sent: sentSoFar(report.counts), permanentBounces: report.permanentBounces, complaints };
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

/**
 * The note each secretariat member gets when the brake pauses a send, in their language: which
 * update, why, the figures, where to decide: the console's page in their language.
 */
export function pauseNoticeEmail(input: { to: string; language?: string | undefined; update: { id: string; title: string }; reason: BrakeReason; figures: BrakeFigures; baseUrl: string }): OutgoingEmail {
  const { figures } = input;
  const w = mailWords(input.language);
  // The share as people read it: 5.5 %, 0.15 % (5,5 % in French).
  const share = (part: number, whole: number) => `${w.number(whole === 0 ? 0 : Number(((part / whole) * 100).toPrecision(3)))} %`;
  const [limit, count] = input.reason === 'permanent-bounces' ? [BRAKE_MAX_PERMANENT_BOUNCE_RATE, figures.permanentBounces] : [BRAKE_MAX_COMPLAINT_RATE, figures.complaints];
  const title = { title: input.update.title };
  return {
    to: input.to,
    subject: w('brake.subject', title).slice(0, 250),
    ...renderEmail({
      heading: w('brake.heading', title),
      paragraphs: [
        w(`brake.${input.reason}`, { limit: share(limit, 1), count: w.number(count), sent: w.number(figures.sent), share: share(count, figures.sent) }),
        w('brake.soFar', { sent: w.number(figures.sent), bounces: w.number(figures.permanentBounces), complaints: w.number(figures.complaints) }),
        w('brake.hold'),
      ],
      action: { label: w('brake.action'), url: `${input.baseUrl}${localPath(w.language, '/console/updates/')}#${input.update.id}` },
      footer: { text: w('brake.footer') },
      language: w.language,
    }),
  };
}
