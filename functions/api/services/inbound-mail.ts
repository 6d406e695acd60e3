import { z } from 'zod';
import { hashSecret } from '../../core/auth/secrets.ts';
import type { Session } from '../../core/auth/session.ts';
import { DomainError } from '../../core/errors.ts';
import {
  decideReply,
  filesLeftOutText,
  refusalText,
  replyAnswerEmail,
  replyFileId,
  replyTokenIn,
  silentRefusals,
  type InboundMail,
  type Refusal,
  type ReplyAddress,
  type ReplyContext,
  type ReplyFiles,
} from '../../core/forums/reply-by-email.ts';
import { mailing, outboxMessage } from '../../core/outbox/message.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { parseInboundMail, type Envelope } from '../../adapters/mail/inbound.ts';
import { mailLanguage } from '../../core/mail/words.ts';
import { refusalWords } from '../../core/refusals.ts';
import type { Deps } from '../deps.ts';
import { reply } from './forums.ts';
import { queueMessages } from './outbox.ts';

/** What posting a reply received by mail touches. */
type ReplyPorts = Pick<Deps, 'attachments' | 'config' | 'forums' | 'ledger' | 'notifications' | 'now' | 'outbox' | 'outboxQueue' | 'partnership' | 'rateLimiter'>;

/** A mail seen is remembered this long: longer than any redelivery (SES retries for hours, SMTP clients for days). */
const SEEN_SECONDS = 14 * 24 * 3600;
/**
 * How long one delivery may take to handle a mail before another may take it over: longer than the
 * inbound-mail function's 60-second timeout, shorter than the minute Lambda waits before it retries
 * an event whose handler failed or timed out (so the retry finds the lease lapsed).
 */
export const HANDLING_LEASE_SECONDS = 90;

export type InboundOutcome =
  | { outcome: 'posted'; threadId: string; postId: string; attachments: number; attachmentsLeftOut: number; pictures: number }
  | { outcome: 'refused'; reason: Refusal | 'not-posted'; answered: boolean }
  | { outcome: 'duplicate' };

/**
 * A mail to a reply address, as SES's receipt rule (AWS) or the local SMTP listener hands it over:
 * parsed, checked by the reply rule, and posted through the same service a reply from the thread
 * page goes through (its limits, its notifications to the others), with the files the post form's
 * rules accept. A refusal, or a file left out, is answered only to the address's own recipient,
 * through the outbox; the same message delivered twice posts once and stores its files once.
 * No address or token reaches a log line.
 */
export async function receiveReplyMail(deps: ReplyPorts, raw: Buffer, envelope: Envelope): Promise<InboundOutcome> {
  const mail = await parseInboundMail(raw, envelope);
  const domain = deps.config.REPLY_DOMAIN;
  const token = domain ? replyTokenIn(mail.recipients, domain) : undefined;
  const address = token ? await deps.notifications.getReplyAddress(hashSecret(token)) : undefined;
  // Known by the address and the Message-ID: a second delivery (or a retried Lambda) finds the mark.
  const seen = hashSecret(`inbound:${token ?? '-'}:${mail.messageId}`);
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const claim = await deps.notifications.claimInbound(seen, nowSeconds + SEEN_SECONDS, nowSeconds, HANDLING_LEASE_SECONDS);
  if (claim === 'done') {
    logLine('info', 'reply by email', { outcome: 'duplicate' });
    return { outcome: 'duplicate' };
  }
  // Another delivery of the same mail is being handled: fail, so this one is retried later and then
  // finds it done (or, if that handler died, its lease lapsed).
  if (claim === 'busy') throw new Error('Another delivery of this mail is being handled; try again later.');
  try {
    const result = await handle(deps, mail, address, seen);
    await deps.notifications.finishInbound(seen);
    logLine('info', 'reply by email', {
      outcome: result.outcome,
      ...(result.outcome === 'posted'
        ? { threadId: result.threadId, postId: result.postId, attachments: result.attachments, attachmentsLeftOut: result.attachmentsLeftOut, pictures: result.pictures }
        : {}),
      ...(result.outcome === 'refused' ? { reason: result.reason, answered: result.answered } : {}),
    });
    return result;
  } catch (error) {
    // Nothing was posted: the mark goes, so the redelivery SES or the sender's server makes is handled.
    await deps.notifications.releaseInbound(seen);
    logLine('error', 'reply by email failed', describeError(error));
    throw error;
  }
}

async function contextOf(deps: Pick<Deps, 'forums' | 'partnership'>, address: ReplyAddress | undefined): Promise<ReplyContext> {
  if (!address) return { address, thread: undefined, group: undefined, membership: undefined, secretariat: false, mute: undefined };
  const [thread, group, memberships, member, mute] = await Promise.all([
    deps.forums.getThread(address.threadId),
    deps.partnership.getGroup(address.groupId),
    deps.partnership.membersOf(address.groupId),
    deps.partnership.getMember(address.email),
    deps.forums.getMute(address.groupId, address.email),
  ]);
  return {
    address,
    thread: thread && { id: thread.id, title: thread.title, locked: thread.locked, groupId: thread.groupId },
    group: group && { name: group.name, archived: Boolean(group.archived) },
    membership: memberships.find((m) => m.email === address.email),
    secretariat: member?.secretariat ?? false,
    mute,
    language: member?.language,
  };
}

async function handle(deps: ReplyPorts, mail: InboundMail, address: ReplyAddress | undefined, seen: string): Promise<InboundOutcome> {
  const context = await contextOf(deps, address);
  const decision = decideReply(mail, context, deps.now());
  if (!decision.accept) {
    const answered = !silentRefusals.has(decision.reason) && (await answer(deps, address!, context, seen, refusalText(decision.reason, context), false));
    return { outcome: 'refused', reason: decision.reason, answered };
  }
  const session = await sessionOf(deps, address!);
  const { files } = decision;
  const ids = await storeFiles(deps, mail, { email: address!.email, groupId: context.thread!.groupId }, files, seen);
  try {
    const { post } = await reply(deps, session, address!.threadId, { body: decision.body, attachments: ids });
    if (files.leftOut.length > 0) await answer(deps, address!, context, seen, filesLeftOutText(files.leftOut, context.language), true);
    return { outcome: 'posted', threadId: address!.threadId, postId: post.id, attachments: ids.length, attachmentsLeftOut: files.leftOut.length, pictures: files.pictures };
  } catch (error) {
    // The post service's own refusals (its rate limit, a lock that came meanwhile) are told in its words.
    if (!(error instanceof DomainError)) throw error;
    // Its files belong to no post: their records go (and the bytes, where the storage can delete them).
    for (const id of ids) {
      await deps.forums.forgetAttachment(id);
      await deps.attachments.discard?.(id);
    }
    const answered = await answer(deps, address!, context, seen, refusalWords(mailLanguage(context.language))(error.refusal, error.values), false);
    return { outcome: 'refused', reason: 'not-posted', answered };
  }
}

/**
 * The files a reply by email keeps, stored and recorded as the sender's stored uploads in the
 * thread's group, exactly as a confirmed upload from the post form; answers their ids. Each id is
 * derived from the mail (replyFileId), and the bytes are written before the record, so a
 * redelivery after a crash overwrites the same keys and finds the records it wrote: each file is
 * stored once, whatever happened between storing and posting.
 */
async function storeFiles(deps: Pick<Deps, 'attachments' | 'forums' | 'now'>, mail: InboundMail, owner: { email: string; groupId: string }, files: ReplyFiles, seen: string): Promise<string[]> {
  const at = deps.now().toISOString();
  const ids: string[] = [];
  for (const file of files.kept) {
    const id = replyFileId(seen, file.index);
    await deps.attachments.store(id, { bytes: mail.attachments[file.index]!.content, contentType: file.contentType });
    if (!(await deps.forums.getAttachment(id))) {
      const { filename, contentType, size } = file;
      await deps.forums.saveAttachment({ id, groupId: owner.groupId, filename, contentType, size, uploadedBy: owner.email, uploadedAt: at, storedAt: at });
    }
    ids.push(id);
  }
  return ids;
}

/** The recipient as the post service knows a member: their name and their groups, read now. */
async function sessionOf(deps: Pick<Deps, 'now' | 'partnership'>, address: ReplyAddress): Promise<Session> {
  const [member, memberships] = await Promise.all([deps.partnership.getMember(address.email), deps.partnership.groupsOf(address.email)]);
  const now = deps.now();
  return {
    idHash: 'reply-by-email',
    email: address.email,
    name: member?.name ?? '',
    secretariat: member?.secretariat ?? false,
    groups: memberships.map((m) => ({ groupId: m.groupId, role: m.role, until: m.until })),
    contributorUntil: member?.contributorUntil,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + 60,
  };
}

/** Tells the address's own recipient what became of their mail, through the outbox like other mail. */
async function answer(deps: Pick<Deps, 'config' | 'now' | 'outbox' | 'outboxQueue'>, address: ReplyAddress, context: ReplyContext, seen: string, problem: string | readonly string[], posted: boolean) {
  const email = replyAnswerEmail({
    to: address.email,
    threadTitle: context.thread?.title ?? 'a forum thread',
    threadId: context.thread?.id,
    baseUrl: deps.config.BASE_URL,
    problem,
    posted,
    language: context.language,
  });
  const { written } = await queueMessages(deps, [outboxMessage(mailing('reply-answer', seen), email, deps.now())]);
  return written.length > 0;
}

const verdict = z.object({ status: z.string() }).optional();
/** What the Lambda action of SES's receipt rule passes on: the mail's id and envelope, and SES's verdicts. */
const sesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/), source: z.string() }),
          receipt: z.object({
            recipients: z.array(z.string()),
            spfVerdict: verdict,
            dkimVerdict: verdict,
            dmarcVerdict: verdict,
            virusVerdict: verdict,
          }),
        }),
      }),
    )
    .min(1),
});

/**
 * The inbound-mail Lambda's entry (SES receipt rule: S3 action, then this function). The rule's S3
 * action has stored the raw message under the prefix and SES's message id; it is read from there.
 * A message SES found a virus in is dropped; one whose SPF and DKIM both failed (or whose DMARC
 * failed) cannot be believed to come from its From, and the rule refuses it as from a stranger.
 */
export async function receiveSesReplies(deps: ReplyPorts & Pick<Deps, 'inboundMail'>, event: unknown) {
  const parsed = sesReceiptEvent.safeParse(event);
  if (!parsed.success) {
    logLine('error', 'reply by email: not an SES receipt event', { issues: parsed.error.issues.length });
    return { results: [] };
  }
  const read = deps.inboundMail;
  const results: InboundOutcome[] = [];
  for (const { ses } of parsed.data.Records) {
    const { spfVerdict, dkimVerdict, dmarcVerdict, virusVerdict } = ses.receipt;
    if (virusVerdict?.status === 'FAIL') {
      logLine('warn', 'reply by email', { outcome: 'refused', reason: 'virus', answered: false });
      continue;
    }
    const authenticationFailed = (spfVerdict?.status === 'FAIL' && dkimVerdict?.status === 'FAIL') || dmarcVerdict?.status === 'FAIL';
    const raw = await read(ses.mail.messageId);
    results.push(await receiveReplyMail(deps, raw, { mailFrom: ses.mail.source, recipients: ses.receipt.recipients, authenticationFailed }));
  }
  return { results };
}
