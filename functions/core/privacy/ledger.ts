import type { SuppressionReason } from '../contacts/suppression.ts';

/** Every way the hub reaches a person; one ledger covers them all. */
export const channels = ['updates', 'forum-notifications', 'experts', 'events', 'membership'] as const;
export type Channel = (typeof channels)[number];

/** Who recorded an entry when it was the person's own act (a confirmed form, a signed-in change). */
export const BY_THE_PERSON = 'the person';
/** Who recorded an entry the secretariat made as such (an erasure it carried out, the demo's contacts). */
export const BY_THE_SECRETARIAT = 'the secretariat';
/** Who recorded a withdrawal Amazon SES reported (a permanent bounce, a complaint). */
export const BY_AMAZON_SES = 'Amazon SES';
/*
 * Any other `recordedBy` is the address of the secretariat member who recorded someone else's consent
 * (an import): the console names them, the person's own copy of their data says "the secretariat".
 */

/**
 * Where a consent or a withdrawal came from, by a stable code, each with the English sentence the
 * record keeps. Pages name the code in the reader's language (`console.vocabulary.consentSource.<code>`
 * in the site's catalogues, with the same values); the sentence stays in `source`, as the exports
 * keep it, and is all an entry recorded before codes has: pages show that one as it is.
 */
const sourceSentences = {
  'site-form': () => 'site form (double opt-in)',
  'unsubscribe-link': () => 'unsubscribe link in an email',
  import: ({ by }: { by: string }) => `import by ${by}`,
  'event-registration': ({ event, eventId }: { event: string; eventId: string }) => `registered for the event "${event}" (${eventId})`,
  'notifications-link': ({ setting, group, groupId }: { setting: string; group: string; groupId: string }) => `settings link in a notification email: ${setting} for the group "${group}" (${groupId})`,
  'members-pages': ({ setting, group, groupId }: { setting: string; group: string; groupId: string }) => `members' pages: ${setting} for the group "${group}" (${groupId})`,
  'expert-form': () => 'expert pool form',
  'expert-proposal': () => 'proposed by a member, confirmed by the expert',
  'expert-left': () => 'left the expert pool',
  'expert-no-more-calls': () => 'no more calls (one-click link in a call)',
  'ses-bounce': () => 'Amazon SES: permanent bounce',
  'ses-complaint': () => 'Amazon SES: complaint',
  'erasure-asked': () => 'erasure asked on the "Your data" page',
  'erasure-by-secretariat': () => 'erasure by the secretariat',
  'demo-seed': () => 'demo data',
} satisfies Record<string, (values: never) => string>;

export type SourceCode = keyof typeof sourceSentences;
export const sourceCodes = Object.keys(sourceSentences) as SourceCode[];

/** A source as an entry (or a contact's consent) stores it: the sentence, its code and the values it names. */
export interface RecordedSource {
  source: string;
  sourceCode?: SourceCode;
  sourceValues?: Record<string, string>;
}

/** The source of a new entry: `sourceOf('import', { by })` records "import by …", `import` and `{ by }`. */
export function sourceOf<C extends SourceCode>(code: C, ...values: Parameters<(typeof sourceSentences)[C]>): RecordedSource {
  const sentence = sourceSentences[code] as (values?: Record<string, string>) => string;
  return { source: sentence(values[0]), sourceCode: code, ...(values[0] ? { sourceValues: values[0] } : {}) };
}

/**
 * One line of the consent ledger. A consent names the wording the person saw (the privacy notice's
 * version) and who recorded it; a withdrawal (unsubscribe, bounce, complaint, erasure, opt-out)
 * is recorded the same way, so the history reads in one place whatever the channel.
 */
export interface LedgerEntry extends RecordedSource {
  kind: 'consent' | 'withdrawal';
  channel: Channel | 'all';
  /** Why a withdrawal happened; an `opt-out` stops one channel, the others stop every channel. */
  reason?: SuppressionReason | 'opt-out';
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
