import type { SuppressionReason } from '../contacts/suppression.ts';

/** Every way the hub reaches a person; one ledger covers them all. */
export const channels = ['updates', 'forum-notifications', 'experts', 'events', 'membership'] as const;
export type Channel = (typeof channels)[number];

/** Who recorded an entry when it was the person's own act (a confirmed form, a signed-in change). */
export const BY_THE_PERSON = 'the person';

/**
 * One line of the consent ledger. A consent names the wording the person saw (the privacy notice's
 * version) and who recorded it; a withdrawal (unsubscribe, bounce, complaint, erasure, opt-out)
 * is recorded the same way, so the history reads in one place whatever the channel.
 */
export interface LedgerEntry {
  kind: 'consent' | 'withdrawal';
  channel: Channel | 'all';
  /** Why a withdrawal happened; an `opt-out` stops one channel, the others stop every channel. */
  reason?: SuppressionReason | 'opt-out';
  source: string;
  at: string;
  wordingVersion?: string;
  recordedBy: string;
}

/**
 * Whether an entry puts the person on the suppression list: every withdrawal but a channel's own
 * opt-out (turning off a group's notifications is not "mail me nothing").
 */
export function suppresses(entry: LedgerEntry): boolean {
  return entry.kind === 'withdrawal' && entry.reason !== 'opt-out';
}

/**
 * Whether an entry takes the person off the suppression list: only their own confirmed subscription
 * (double opt-in). An import, an invitation or a colleague's proposal never brings back someone who
 * asked not to be mailed.
 */
export function liftsSuppression(entry: LedgerEntry): boolean {
  return entry.kind === 'consent' && entry.recordedBy === BY_THE_PERSON && entry.channel === 'updates';
}

/**
 * Whether the hub may mail a person on one channel. Suppressed through any channel means no mail on
 * every channel, unless the person opted in again themselves on this one since (a member who
 * unsubscribed from updates and later registers for an event still gets that event's reminders).
 */
export function mayMail(channel: Channel, suppression: { at: string } | undefined, entries: readonly LedgerEntry[]): boolean {
  if (!suppression) return true;
  return entries.some((e) => e.kind === 'consent' && e.channel === channel && e.recordedBy === BY_THE_PERSON && e.at > suppression.at);
}
