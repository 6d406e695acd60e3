import { randomBytes } from 'node:crypto';
import { hashSecret, newSecret } from '../../core/auth/secrets.ts';
import { REPLY_ADDRESS_TTL_SECONDS, REPLY_TOKEN_BYTES, replyAddress } from '../../core/forums/reply-by-email.ts';
import type { Post, Thread } from '../../core/forums/forum.ts';
import { mentionedMembers } from '../../core/forums/mentions.ts';
import {
  defaultSetting,
  digestEmail,
  immediateRecipients,
  postNotificationEmail,
  type DigestThread,
  type ForumEvent,
  type NotificationSetting,
  type Recipient,
} from '../../core/forums/notifications.ts';
import { markdownToText } from '../../core/markdown/render.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import { mailing, outboxMessage, type OutboxMessage } from '../../core/outbox/message.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { NotFoundError } from '../../core/errors.ts';
import { activeMemberships, isActive } from '../../core/groups/standing.ts';
import type { Group } from '../../core/groups/group.ts';
import type { Deps } from '../deps.ts';
import { recordConsent, recordWithdrawal } from './consent.ts';
import { sourceOf } from '../../core/privacy/ledger.ts';
import { queueMessages } from './outbox.ts';

/** What mailing members about posts touches: their settings, the ledger and the outbox. */
type NotifyPorts = Pick<Deps, 'config' | 'forums' | 'ledger' | 'notifications' | 'now' | 'outbox' | 'outboxQueue' | 'partnership'>;

/** Settings links stay valid long enough for an old email to still work. */
const LINK_TTL_SECONDS = 90 * 24 * 3600;

/** Every current member of a group with the notification setting in force (theirs or the default) and their language. */
export async function recipientsOf(deps: Pick<Deps, 'forums' | 'now' | 'partnership'>, groupId: string): Promise<Recipient[]> {
  const [memberships, preferences] = await Promise.all([deps.partnership.membersOf(groupId), deps.forums.preferencesIn(groupId)]);
  const chosen = new Map(preferences.map((p) => [p.email, p.setting]));
  const active = activeMemberships(memberships, deps.now());
  const languages = await deps.partnership.languagesOf(active.map((m) => m.email));
  return active.map((m) => ({ email: m.email, name: '', setting: chosen.get(m.email) ?? defaultSetting(m.role), language: languages.get(m.email) }));
}

/** A one-click settings link for one member and group; only its hash is stored. */
export async function settingsLinkToken(deps: Pick<Deps, 'notifications' | 'now'>, email: string, groupId: string): Promise<string> {
  const token = newSecret(24);
  await deps.notifications.saveLink(hashSecret(token), { email, groupId, expiresAt: Math.floor(deps.now().getTime() / 1000) + LINK_TTL_SECONDS });
  return token;
}

/**
 * A reply address for one recipient and thread, when replies by email are on (REPLY_DOMAIN): a new
 * random token per email, only its hash stored, so an address is neither guessable nor reusable by
 * anyone it was not sent to, and it ends with its TTL (or the person's erasure).
 */
export async function replyAddressFor(deps: Pick<Deps, 'config' | 'notifications' | 'now'>, email: string, thread: Pick<Thread, 'id' | 'groupId'>): Promise<string | undefined> {
  const domain = deps.config.REPLY_DOMAIN;
  if (!domain) return undefined;
  const token = randomBytes(REPLY_TOKEN_BYTES).toString('hex');
  const expiresAt = Math.floor(deps.now().getTime() / 1000) + REPLY_ADDRESS_TTL_SECONDS;
  await deps.notifications.saveReplyAddress(hashSecret(token), { email, threadId: thread.id, groupId: thread.groupId, expiresAt });
  return replyAddress(token, domain);
}

/**
 * Emails the members who want to hear at once about a new thread or reply: each email is recorded
 * in the outbox (one per post and member) and sent by the send worker. Runs after the post is
 * stored; a failure is logged and never fails the post. Answers how many emails were queued.
 */
export async function notifyPost(deps: NotifyPorts, input: { group: Group; thread: Thread; post: Post; event: ForumEvent }): Promise<number> {
  try {
    const members = await recipientsOf(deps, input.group.id);
    const mentioned = mentionedMembers(input.post.body, members.map((m) => m.email), input.post.authorEmail);
    const targets = await withoutSuppressed(deps, immediateRecipients(members, input.post.authorEmail, mentioned), (t) => t.recipient.email);
    const text = markdownToText(input.post.body);
    const of = mailing('forum-notification', input.post.id);
    const messages: OutboxMessage[] = [];
    const results = await Promise.allSettled(
      targets.map(async ({ recipient, mentioned: wasMentioned }) => {
        const [settingsToken, replyTo] = await Promise.all([settingsLinkToken(deps, recipient.email, input.group.id), replyAddressFor(deps, recipient.email, input.thread)]);
        const email = postNotificationEmail({
          to: recipient,
          mentioned: wasMentioned,
          event: input.event,
          groupName: input.group.name,
          threadId: input.thread.id,
          threadTitle: input.thread.title,
          authorName: input.post.authorName,
          html: input.post.html,
          text,
          links: { baseUrl: deps.config.BASE_URL, settingsToken },
          replyTo,
        });
        messages.push(outboxMessage(of, email, deps.now()));
      }),
    );
    for (const failure of results.filter((r) => r.status === 'rejected')) logMailFailure(input.post.id, failure.reason);
    return (await queueMessages(deps, messages)).written.length;
  } catch (error) {
    logMailFailure(input.post.id, error);
    return 0;
  }
}

/** The ledger's word on each recipient: someone suppressed through any channel hears nothing here. */
async function withoutSuppressed<T>(deps: Pick<Deps, 'ledger'>, targets: readonly T[], emailOf: (target: T) => string): Promise<T[]> {
  const allowed = await Promise.all(targets.map((t) => deps.ledger.mayMail(emailOf(t), 'forum-notifications')));
  return targets.filter((_, i) => allowed[i]);
}

function logMailFailure(postId: string, error: unknown) {
  // SES's rejection names the recipient: the error text is scrubbed before it is logged.
  logLine('error', 'forum notification not sent', { postId, ...describeError(error) });
}

/** What a settings link is about, for the page that asks before changing anything. */
export async function inspectSettingsLink(deps: Pick<Deps, 'forums' | 'notifications' | 'now' | 'partnership'>, token: string) {
  const link = await deps.notifications.getLink(hashSecret(token));
  if (!link || link.expiresAt * 1000 <= deps.now().getTime()) {
    throw new NotFoundError('notifications.linkExpired');
  }
  const [group, membership, preferences] = await Promise.all([
    deps.partnership.getGroup(link.groupId),
    deps.partnership.membersOf(link.groupId).then((all) => all.find((m) => m.email === link.email)),
    deps.forums.preferencesOf(link.email),
  ]);
  if (!group || !membership || !isActive(membership, deps.now())) throw new NotFoundError('notifications.noLongerMember');
  const chosen = preferences.find((p) => p.groupId === link.groupId)?.setting;
  return { email: link.email, groupId: group.id, groupName: group.name, setting: chosen ?? defaultSetting(membership.role) };
}

export async function applySettingsLink(deps: Pick<Deps, 'forums' | 'ledger' | 'notifications' | 'now' | 'partnership'>, token: string, setting: NotificationSetting) {
  const current = await inspectSettingsLink(deps, token);
  await deps.forums.setPreference(current.email, current.groupId, { setting });
  await recordNotificationChoice(deps, current.email, { id: current.groupId, name: current.groupName }, setting, 'notifications-link');
  return { ...current, setting };
}

/**
 * The daily digest: for each group, members set to `digest` get what others wrote in the last
 * day, one email recorded in the outbox per (day, group, member) and sent by the send worker. The
 * outbox's key is the day's mark: a second run of the same day records nobody again, and one that
 * died halfway records only those it had not reached.
 */
export async function sendDigests(deps: NotifyPorts): Promise<{ groups: number; queued: number; skipped: number; failed: number }> {
  const now = deps.now();
  const since = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
  const day = now.toISOString().slice(0, 10);
  const totals = { groups: 0, queued: 0, skipped: 0, failed: 0 };
  const groups = (await deps.partnership.listGroups()).filter((g) => !g.archived);
  for (const group of groups) {
    const threads = await deps.forums.threadsActiveSince(group.id, since);
    if (threads.length === 0) continue;
    totals.groups++;
    const sinceId = `${new Date(since).getTime().toString(36).padStart(9, '0')}`;
    // A post a moderator hid is left out: the digest would quote it.
    const posts = (await deps.forums.recentPostsOf(group.id, 500, sinceId)).filter((p) => !p.deletedAt && !p.hidden);
    const readers = await withoutSuppressed(deps, (await recipientsOf(deps, group.id)).filter((r) => r.setting === 'digest'), (r) => r.email);
    const of = mailing('digest', day, group.id);
    const messages: OutboxMessage[] = [];
    for (const reader of readers) {
      const digest: DigestThread[] = threads
        .map((t) => ({
          threadId: t.id,
          title: t.title,
          newPosts: posts
            .filter((p) => p.threadId === t.id && p.authorEmail !== reader.email)
            .sort((a, b) => a.id.localeCompare(b.id))
            .map((p) => ({ authorName: p.authorName, text: markdownToText(p.body), createdAt: p.createdAt })),
        }))
        .filter((t) => t.newPosts.length > 0);
      if (digest.length === 0) continue;
      // Recorded by an earlier run of the day: no new settings link for an email that will not be written.
      if (await deps.outbox.has({ mailingId: of.id, recipientKey: recipientKeyOf(reader.email) })) {
        totals.skipped++;
        continue;
      }
      try {
        const settingsToken = await settingsLinkToken(deps, reader.email, group.id);
        messages.push(outboxMessage(of, digestEmail({ to: reader, groupName: group.name, threads: digest, links: { baseUrl: deps.config.BASE_URL, settingsToken } }), now));
      } catch (error) {
        totals.failed++;
        logLine('error', 'digest not queued', { groupId: group.id, ...describeError(error) });
      }
    }
    const { written, existing } = await queueMessages(deps, messages);
    totals.queued += written.length;
    totals.skipped += existing.length;
  }
  return totals;
}

/**
 * A member's own notification choice goes into the ledger, naming the group as its members know it:
 * "off" is an opt-out of this channel; choosing to hear again is their own consent, which also lifts
 * an earlier withdrawal.
 */
export function recordNotificationChoice(deps: Pick<Deps, 'ledger' | 'now'>, email: string, group: Pick<Group, 'id' | 'name'>, setting: NotificationSetting, where: 'notifications-link' | 'members-pages') {
  const source = sourceOf(where, { setting, group: group.name, groupId: group.id });
  return setting === 'off'
    ? recordWithdrawal(deps, email, 'forum-notifications', 'opt-out', source)
    : recordConsent(deps, email, 'forum-notifications', source);
}
