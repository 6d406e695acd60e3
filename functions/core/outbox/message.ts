import { recipientKeyOf } from '../deliveries/delivery.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import type { Channel } from '../privacy/ledger.ts';
import { expiresAfter } from '../privacy/retention.ts';

/**
 * The outbox: every bulk email other than an update's (forum notifications and digests, calls for
 * cooperation, event reminders and seat promotions) is recorded here, rendered, before anything is
 * sent, one message per (mailing, recipient). The request or job that writes it only records and
 * enqueues; the send worker claims each message with a conditional update, sends it at the SES
 * pace shared with updates, and marks it. A re-run records nobody twice, a duplicate queue message
 * sends nobody twice, and a worker that dies mid-send leaves a lease for the sweeper.
 *
 * `queued → sending → sent | failed`, each move conditional on the expected status (and claim).
 */
export const outboxStatuses = ['queued', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * What a mailing is, in the partnership's words; each kind asks the ledger on its own channel. A
 * kind on no channel (`null`) answers mail the person sent this very minute, like a sign-in link
 * answers their request: it goes whatever their notification settings and the ledger say.
 */
export const mailingChannels = {
  'forum-notification': 'forum-notifications',
  digest: 'forum-notifications',
  call: 'experts',
  'reminder-7d': 'events',
  'reminder-1d': 'events',
  'report-invitation': 'events',
  promotion: 'events',
  'outside-request': 'events',
  // The answer to a reply by email that was not posted (or posted without some of its files): the
  // sender must learn it, even with the group's notifications off.
  'reply-answer': null,
} as const satisfies Record<string, Channel | null>;
export type MailingKind = keyof typeof mailingChannels;

/**
 * A mailing's id: its kind and what makes it one (a post, a day and a group, a call, an event),
 * so running the same mailing again names the same messages. Ids are not secrets and hold no
 * address: they go into keys, queue messages and log lines.
 */
export const MAILING_ID = /^[a-z0-9-]{2,30}(?::[A-Za-z0-9_.-]{1,100}){1,3}$/;

export interface Mailing {
  id: string;
  kind: MailingKind;
}

export function mailing(kind: MailingKind, ...parts: [string, ...string[]]): Mailing {
  const id = [kind, ...parts].join(':');
  // The parts are ids the hub made (posts, groups, calls, events): a miss here is a bug, not input.
  if (!MAILING_ID.test(id)) throw new Error(`Not a valid mailing id: ${id}`);
  return { id, kind };
}

/** A message's address on the queue: the mailing and a hash of the recipient, never the address. */
export interface OutboxKey {
  mailingId: string;
  recipientKey: string;
}

export interface OutboxMessage extends OutboxKey {
  mailing: MailingKind;
  /**
   * The email as it will go, rendered when recorded. Gone once the message is sent or failed: it
   * holds the address and the recipient's own links (settings, answer, entry page), which nothing
   * needs after the send.
   */
  rendered?: OutgoingEmail;
  status: OutboxStatus;
  attempts: number;
  queuedAt: string;
  /** TTL (epoch seconds): OUTBOX_RETENTION_DAYS after `queuedAt`. */
  expiresAt: number;
  leaseUntil?: string;
  claimId?: string;
  messageId?: string;
  sentAt?: string;
  reason?: string;
  updatedAt?: string;
}

/**
 * How long an outbox message is kept after it was recorded. Long enough to be sent through an SES
 * outage and to be looked at afterwards; a re-run's "once" rests on the callers' own records past
 * that (a call's sent mark, a registration's mailings), since each mailing runs within days.
 */
export const OUTBOX_RETENTION_DAYS = 7;

/** Why a message was not sent, on the record. */
export const OUTBOX_REASONS = {
  withdrawn: 'The recipient asked not to be mailed after this email was queued.',
} as const;

export const keyOf = (m: OutboxKey): OutboxKey => ({ mailingId: m.mailingId, recipientKey: m.recipientKey });

/** The ledger channel a mailing asks at send time; undefined for an answer to the person's own mail. */
export function channelOf(kind: MailingKind): Channel | undefined {
  return mailingChannels[kind] ?? undefined;
}

/** A rendered email of a mailing, ready to record: queued, keyed by the mailing and the recipient's hash. */
export function outboxMessage(of: Mailing, rendered: OutgoingEmail, now: Date): OutboxMessage {
  return {
    mailingId: of.id,
    recipientKey: recipientKeyOf(rendered.to),
    mailing: of.kind,
    rendered,
    status: 'queued',
    attempts: 0,
    queuedAt: now.toISOString(),
    expiresAt: expiresAfter(now, OUTBOX_RETENTION_DAYS, 'days'),
  };
}

/** What a person's copy of their data says about a message: the kind, its fate and when, nothing of its keys. */
export function exportableMessage(m: OutboxMessage) {
  return {
    kind: 'email',
    mailing: m.mailing,
    status: m.status,
    queuedAt: m.queuedAt,
    ...(m.rendered ? { subject: m.rendered.subject } : {}),
    ...(m.sentAt ? { sentAt: m.sentAt } : {}),
    ...(m.reason ? { reason: m.reason } : {}),
  };
}
