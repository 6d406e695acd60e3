import type { OutgoingEmail } from '../../core/mail/message.ts';
import { BY_THE_PERSON, type Channel, type LedgerEntry, type RecordedSource } from '../../core/privacy/ledger.ts';
import { PRIVACY_NOTICE_VERSION } from '../../core/privacy/notice.ts';
import type { SuppressionReason } from '../../core/contacts/suppression.ts';
import type { Deps } from '../deps.ts';

/**
 * The one consent and suppression ledger, as every path of the hub uses it: consents name the
 * privacy notice the person saw, withdrawals name why, and both say who recorded them.
 */
export function recordConsent(deps: Pick<Deps, 'ledger' | 'now'>, email: string, channel: Channel, how: RecordedSource & { by?: string; wordingVersion?: string }) {
  const { by, wordingVersion, ...source } = how;
  const entry: LedgerEntry = {
    kind: 'consent',
    channel,
    ...source,
    at: deps.now().toISOString(),
    wordingVersion: wordingVersion ?? PRIVACY_NOTICE_VERSION,
    recordedBy: by ?? BY_THE_PERSON,
  };
  return deps.ledger.record(email, entry);
}

export function recordWithdrawal(deps: Pick<Deps, 'ledger' | 'now'>, email: string, channel: Channel | 'all', reason: SuppressionReason | 'opt-out', how: RecordedSource & { by?: string }) {
  const { by, ...source } = how;
  return deps.ledger.record(email, { kind: 'withdrawal', channel, reason, ...source, at: deps.now().toISOString(), recordedBy: by ?? BY_THE_PERSON });
}

/**
 * Mail the person did not ask for this very minute (notifications, digests, reminders, calls,
 * invitations) goes out only if the ledger does not suppress them; answers whether it went.
 * Mail that answers the person's own act (a sign-in link, a confirmation) does not come here.
 */
export async function sendUnlessSuppressed(deps: Pick<Deps, 'ledger' | 'mailer'>, channel: Channel, email: OutgoingEmail): Promise<boolean> {
  if (!(await deps.ledger.mayMail(email.to, channel))) return false;
  await deps.mailer.send(email);
  return true;
}
