import { createHash } from 'node:crypto';
import EmailReplyParser from 'email-reply-parser';
import { can } from '../auth/session.ts';
import type { GroupRole } from '../groups/group.ts';
import { isActive } from '../groups/standing.ts';
import { DomainError, PayloadTooLargeError } from '../errors.ts';
import { renderEmail } from '../mail/layout.ts';
import { mailWords } from '../mail/words.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { attachmentFilenameSchema, attachmentTypes, checkAttachment, MAX_ATTACHMENTS_PER_POST } from './attachments.ts';
import { muteInForce } from './moderation.ts';
import { threadUrl } from './notifications.ts';

/**
 * Reply by email. Each forum notification names, in its `Reply-To`, an address of its own:
 * `reply+<token>@<REPLY_DOMAIN>`. The token is random (160 bits, hex so no mail system's case
 * folding breaks it), stored only as its hash with the thread and the recipient it was made for,
 * and expires with the settings links. A mail to it becomes that recipient's reply in the thread
 * when the rule below accepts it.
 */
export const REPLY_TOKEN_BYTES = 20;
const REPLY_LOCAL_PART = /^reply\+([0-9a-f]{40})$/;

/** How long a reply address stays valid: as long as the settings link in the same email. */
export const REPLY_ADDRESS_TTL_SECONDS = 90 * 24 * 3600;

/** An inbound mail larger than this is refused before anything else is read from it. */
export const MAX_INBOUND_BYTES = 10 * 1024 * 1024;
/** A reply is a forum post: the same bound as the post form's body. */
export const MAX_REPLY_CHARS = 20_000;

export const replyAddress = (token: string, domain: string) => `reply+${token}@${domain}`;

/** The token of the first recipient that is a reply address of this domain, if any. */
export function replyTokenIn(recipients: readonly string[], domain: string): string | undefined {
  for (const recipient of recipients) {
    const at = recipient.lastIndexOf('@');
    if (at < 0 || recipient.slice(at + 1).toLowerCase() !== domain.toLowerCase()) continue;
    const match = REPLY_LOCAL_PART.exec(recipient.slice(0, at).toLowerCase());
    if (match) return match[1];
  }
  return undefined;
}

/** What the hub keeps of a reply address: whose it is and where it answers. */
export interface ReplyAddress {
  email: string;
  threadId: string;
  groupId: string;
  /** Epoch seconds (TTL). */
  expiresAt: number;
}

/** An inbound mail as the rule sees it, parsed from MIME by the adapter. */
export interface InboundMail {
  /** The Message-ID (without angle brackets), the key a second delivery of the same mail is known by. */
  messageId: string;
  /** The address in `From` (lower-cased), or undefined when it has none that parses. */
  from: string | undefined;
  /** The envelope sender (`MAIL FROM`, `Return-Path`); empty for a bounce. */
  returnPath: string | undefined;
  /** Envelope and header recipients. */
  recipients: string[];
  /** Header names lower-cased, values as one line. */
  headers: Record<string, string>;
  /** The top-level content type, e.g. multipart/report for a delivery status notification. */
  contentType: string;
  /** The plain text of the mail (or the text of its HTML when it had no plain part). */
  text: string;
  /** The mail's parts that are not its text: files, and pictures its HTML shows. */
  attachments: InboundFile[];
  /** The whole message's size in bytes. */
  size: number;
  /** SES's verdicts on AWS: true when both SPF and DKIM failed (the From cannot be believed). */
  authenticationFailed?: boolean;
}

/** A part of an inbound mail that is not its text, as MIME names it, with its bytes. */
export interface InboundFile {
  /** The name the sender's client gave it; undefined when it gave none. */
  filename: string | undefined;
  /** The type MIME declares; checked against the name's extension like an upload's. */
  contentType: string;
  content: Uint8Array;
  /** `Content-Disposition: inline` (a client's default for pictures in the text, logos, pasted images). */
  inline: boolean;
  /** Its `Content-ID` is shown by the mail's HTML (`<img src="cid:…">`). */
  shownByCid: boolean;
}

/**
 * A picture that is part of how the mail looks, not a file the member sent: an inline part the
 * mail's HTML shows by its Content-ID (a signature's logo, a social-media icon, an image pasted
 * into the text). Such parts are never posted, and the sender is not told about them. A file the
 * client attached (`attachment`, or inline but shown by nothing) is a file, and is checked.
 */
export const isPictureInMail = (file: Pick<InboundFile, 'inline' | 'shownByCid'>) => file.inline && file.shownByCid;

/** Why a file of a reply by email was left out; the answer says it in the member's language. */
export type LeftOutReason = 'type' | 'mismatch' | 'empty' | 'too-large' | 'no-name' | 'bad-name' | 'too-many';

/** What becomes of a reply's files: kept ones by their place in the mail, the others with why. */
export interface ReplyFiles {
  kept: { index: number; filename: string; contentType: string; size: number }[];
  leftOut: { filename: string; reason: LeftOutReason }[];
  /** Pictures of the mail itself (see isPictureInMail), neither posted nor reported. */
  pictures: number;
}

/**
 * The files of a reply by email under the post form's rules: each checked like an upload (the
 * allowlist, where the extension decides the type; not empty; at most 10 MB), at most
 * MAX_ATTACHMENTS_PER_POST kept in the mail's order; each one left out is named with why.
 */
function leftOutReasonOf(error: DomainError): LeftOutReason {
  if (error instanceof PayloadTooLargeError) return 'too-large';
  const field = (error.details as { field?: string } | undefined)?.field;
  return field === 'file' ? 'empty' : field === 'content-type' ? 'mismatch' : 'type';
}

export function sortReplyFiles(files: readonly InboundFile[]): ReplyFiles {
  const sorted: ReplyFiles = { kept: [], leftOut: [], pictures: 0 };
  files.forEach((file, index) => {
    if (isPictureInMail(file)) {
      sorted.pictures++;
      return;
    }
    const name = attachmentFilenameSchema.safeParse(file.filename ?? '');
    const shown = (file.filename ?? '').trim() || 'A file without a name';
    if (!name.success) {
      sorted.leftOut.push({ filename: shown, reason: file.filename?.trim() ? 'bad-name' : 'no-name' });
      return;
    }
    const size = file.content.byteLength;
    try {
      const { contentType } = checkAttachment(name.data, file.contentType, size);
      if (sorted.kept.length >= MAX_ATTACHMENTS_PER_POST) {
        sorted.leftOut.push({ filename: name.data, reason: 'too-many' });
        return;
      }
      sorted.kept.push({ index, filename: name.data, contentType, size });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      sorted.leftOut.push({ filename: name.data, reason: leftOutReasonOf(error) });
    }
  });
  return sorted;
}

/**
 * The id a file of a reply by email is stored under: derived from the mail's mark (its reply
 * address and Message-ID, hashed) and the file's place in it, so a redelivery after a crash writes
 * the same keys again instead of new ones. The shape of an upload's id (22 URL-safe characters).
 */
export const replyFileId = (mark: string, index: number) => createHash('sha256').update(`reply-file:${mark}:${index}`).digest('base64url').slice(0, 22);

/** Why a reply was not posted. `tell` says whether answering the sender is safe. */
export type Refusal =
  | 'auto-reply'
  | 'unknown-address'
  | 'wrong-sender'
  | 'expired'
  | 'too-large'
  | 'thread-gone'
  | 'locked'
  | 'archived'
  | 'not-a-member'
  | 'observer'
  | 'muted'
  | 'empty';

/**
 * Whom a refusal may be told to. Auto-replies and mail from anyone but the address's own recipient
 * are dropped without an answer: answering them would write to strangers (backscatter) or start a
 * loop between two robots.
 */
export const silentRefusals: ReadonlySet<Refusal> = new Set(['auto-reply', 'unknown-address', 'wrong-sender']);

/** What the store knows about the address's thread and recipient, read by the service. */
export interface ReplyContext {
  address: ReplyAddress | undefined;
  thread: { id: string; title: string; locked: boolean; groupId: string } | undefined;
  group: { name: string; archived: boolean } | undefined;
  /** The recipient's membership of the thread's group, if they have one (active or not). */
  membership: { role: GroupRole; until?: string | undefined } | undefined;
  secretariat: boolean;
  mute: { until: string } | undefined;
  /** The recipient's language (their member record's), for the answer's words. */
  language?: string | undefined;
}

export type ReplyDecision = { accept: true; body: string; files: ReplyFiles } | { accept: false; reason: Refusal };

const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-failed-recipients'];
const ROBOT_SENDERS = /^(mailer-daemon|postmaster|no-?reply|bounces?)(?:[+@]|$)/i;

/**
 * Whether the mail was written by a machine: RFC 3834's `Auto-Submitted`, `Precedence` bulk, junk
 * or list, the vendor headers of out-of-office replies, a bounce (empty return path, the mail
 * system's own sender, a delivery status report).
 */
export function isAutomatic(mail: Pick<InboundMail, 'headers' | 'returnPath' | 'from' | 'contentType'>): boolean {
  const h = mail.headers;
  const autoSubmitted = h['auto-submitted']?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(h.precedence?.trim() ?? '')) return true;
  if (AUTO_REPLY_HEADERS.some((name) => name in h)) return true;
  const returnPath = mail.returnPath?.trim().replace(/^<|>$/g, '');
  if (returnPath !== undefined && returnPath === '') return true;
  if (returnPath && ROBOT_SENDERS.test(returnPath)) return true;
  if (mail.from && ROBOT_SENDERS.test(mail.from)) return true;
  if (/^multipart\/report\b/i.test(mail.contentType) || /^message\/(delivery-status|disposition-notification)\b/i.test(mail.contentType)) return true;
  return false;
}

/** The reply without the quoted mail it answers and without the signature below it. */
export function visibleReply(text: string): string {
  const visible = new EmailReplyParser().read(text.replace(/\r\n?/g, '\n')).getVisibleText();
  return visible.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * The rule: given a parsed inbound mail and what the store knows of its reply address, either the
 * text to post as the recipient's reply, or why not. Refusals are checked from the cheapest and
 * least revealing up: nothing about the thread is considered before the sender is known to be the
 * address's own recipient.
 */
export function decideReply(mail: InboundMail, context: ReplyContext, now: Date): ReplyDecision {
  const refuse = (reason: Refusal): ReplyDecision => ({ accept: false, reason });
  if (isAutomatic(mail)) return refuse('auto-reply');
  const { address } = context;
  if (!address) return refuse('unknown-address');
  if (mail.authenticationFailed || !mail.from || mail.from !== address.email.toLowerCase()) return refuse('wrong-sender');
  if (address.expiresAt * 1000 <= now.getTime()) return refuse('expired');
  if (mail.size > MAX_INBOUND_BYTES) return refuse('too-large');
  const { thread, group, membership } = context;
  if (!thread || !group || thread.id !== address.threadId) return refuse('thread-gone');
  if (group.archived) return refuse('archived');
  if (thread.locked) return refuse('locked');
  const role = membership && isActive(membership, now) ? membership.role : undefined;
  if (!role && !context.secretariat) return refuse('not-a-member');
  if (!can.post(role, context.secretariat)) return refuse('observer');
  if (!context.secretariat && muteInForce(context.mute, now)) return refuse('muted');
  const body = visibleReply(mail.text);
  if (body === '') return refuse('empty');
  if (body.length > MAX_REPLY_CHARS) return refuse('too-large');
  return { accept: true, body, files: sortReplyFiles(mail.attachments) };
}

/** What the sender is told, in words: in their own language (the member's preference). */
export function refusalText(reason: Refusal, context: Pick<ReplyContext, 'mute' | 'language'>): string {
  const w = mailWords(context.language);
  switch (reason) {
    case 'too-large':
      return w('reply.too-large', { characters: w.number(MAX_REPLY_CHARS) });
    case 'muted':
      return w('reply.muted', { until: context.mute ? w.date(context.mute.until, true) : w('reply.muted.later') });
    case 'expired':
    case 'thread-gone':
    case 'locked':
    case 'archived':
    case 'not-a-member':
    case 'observer':
    case 'empty':
      return w(`reply.${reason}`);
    default:
      return w('reply.other');
  }
}

/** The answer to a reply that was not posted, or whose files were left out; only ever to the address's own recipient, in their language. */
export function replyAnswerEmail(input: {
  to: string;
  threadTitle: string;
  threadId: string | undefined;
  baseUrl: string;
  /** Why it was not posted; or, for a posted reply, each file left out and why. */
  problem: string | readonly string[];
  posted: boolean;
  language?: string | undefined;
}): OutgoingEmail {
  const w = mailWords(input.language);
  const title = { title: input.threadTitle };
  const body = renderEmail({
    heading: input.posted ? w('reply.heading.posted', title) : w('reply.heading.refused', title),
    paragraphs: typeof input.problem === 'string' ? [input.problem] : [...input.problem],
    ...(input.threadId ? { action: { label: w('link.thread'), url: threadUrl(input.baseUrl, input.threadId, w.language) } } : {}),
    footer: { text: w('reply.footer') },
    language: w.language,
  });
  const subject = (input.posted ? w('reply.subject.posted', title) : w('reply.subject.refused', title)).replace(/[\r\n]+/g, ' ').slice(0, 250);
  // The answer says it is automatic, so the member's own auto-responder does not answer it back.
  return { to: input.to, subject, ...body, autoSubmitted: true, headers: { 'X-Auto-Response-Suppress': 'All' } };
}

/** What a member who sent files that were left out is told: one line a file, then what to do. */
export function filesLeftOutText(leftOut: ReplyFiles['leftOut'], language?: string): string[] {
  const w = mailWords(language);
  return [
    w.count('reply.files.leftOut', leftOut.length),
    ...leftOut.map((file) => `${file.filename}: ${w(`reply.files.${file.reason}`, { extension: file.filename.toLowerCase().split('.').at(-1) ?? '', max: String(MAX_ATTACHMENTS_PER_POST) })}`),
    w('reply.files.rules', { types: Object.keys(attachmentTypes).join(', '), max: String(MAX_ATTACHMENTS_PER_POST) }),
  ];
}
