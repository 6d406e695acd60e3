import { roleIn, type Session } from '../../core/auth/session.ts';
import { ConflictError, ForbiddenError, InvalidFieldError, MutedError } from '../../core/errors.ts';
import { moderateAccess } from '../../core/forums/access.ts';
import { publicPost, type Post, type Thread } from '../../core/forums/forum.ts';
import { muteEnd, muteInForce, refusalToModerate, type ModerationAct, type Mute, type Standing } from '../../core/forums/moderation.ts';
import { activeMemberships } from '../../core/groups/standing.ts';
import type { ModerationAction } from '../../core/members/audit.ts';
import { mailing } from '../../core/outbox/message.ts';
import { FORMER_MEMBER } from '../../core/privacy/personal-data.ts';
import type { Deps } from '../deps.ts';
import { recordAuditAs } from './membership.ts';
import { visibleGroup, visiblePost } from './forums.ts';
import { refreshSessions } from './sign-in.ts';

/** What recording an audit entry touches. */
type AuditPorts = Pick<Deps, 'audit' | 'config' | 'now'>;
/** What muting a member or lifting a mute touches. */
type MutePorts = Pick<Deps, 'audit' | 'auth' | 'config' | 'forums' | 'now' | 'partnership'>;

/** Someone in a group as moderation sees them: their standing, and the name the audit log gives them. */
async function personIn(deps: Pick<Deps, 'now' | 'partnership'>, groupId: string, email: string): Promise<Standing & { name: string; member: boolean }> {
  // An erased author has no address left: a former member, in no group.
  if (!email) return { secretariat: false, role: undefined, name: FORMER_MEMBER, member: false };
  const [person, memberships] = await Promise.all([deps.partnership.getMember(email), deps.partnership.membersOf(groupId)]);
  const membership = activeMemberships(memberships, deps.now()).find((m) => m.email === email);
  return { secretariat: person?.secretariat ?? false, role: membership?.role, name: person?.name ?? FORMER_MEMBER, member: membership !== undefined };
}

/** The moderator's standing in the group, after the gate every moderation route shares (403 for members and observers). */
function moderator(deps: Pick<Deps, 'now'>, session: Session, groupId: string): Standing {
  moderateAccess(session, groupId, deps.now());
  return { secretariat: session.secretariat, role: roleIn(session, groupId, deps.now()) };
}

function mayActOn(actor: Standing, target: Standing, act: ModerationAct) {
  const refusal = refusalToModerate(actor, target, act);
  if (refusal) throw new ForbiddenError(refusal);
}

/** How the audit log names a moderator's standing (the secretariat may also lead a group). */
const byWhom = (actor: Standing) => (actor.secretariat ? 'secretariat' : 'leader');

function audit(deps: AuditPorts, session: Session, action: ModerationAction, groupId: string, details: Record<string, string>, subject?: string) {
  return recordAuditAs(deps, session.name, { action, groupId, ...(subject === undefined ? {} : { subject }), details });
}

/**
 * Notifications of the post still waiting in the outbox are closed unsent: an email must not
 * carry words a moderator hid. One a worker already claimed goes out (it is seconds from SES).
 */
async function withdrawNotifications(deps: Pick<Deps, 'now' | 'outbox'>, post: Post) {
  const keys = await deps.outbox.keysOf(mailing('forum-notification', post.id).id);
  for (const key of keys) await deps.outbox.withdraw(key, 'The post was hidden by a moderator before this email was sent.', deps.now());
}

export async function hidePost(deps: Pick<Deps, 'agreements' | 'audit' | 'config' | 'forums' | 'now' | 'outbox' | 'partnership'>, session: Session, threadId: string, postId: string, reason: string) {
  const post = await visiblePost(deps, session, threadId, postId);
  const actor = moderator(deps, session, post.groupId);
  if (post.deletedAt) throw new ConflictError('moderation.postDeleted');
  if (post.hidden) throw new ConflictError('moderation.alreadyHidden', { reason: post.hidden.reason });
  const author = await personIn(deps, post.groupId, post.authorEmail);
  mayActOn(actor, author, 'hide');
  const hidden = { at: deps.now().toISOString(), reason };
  await deps.forums.setHidden(post, hidden);
  await deps.forums.setAttachmentsHidden(post.attachments.map((a) => a.id), true);
  // An agreement does not carry words a moderator hid: the register and the public site drop it meanwhile.
  await deps.agreements.setWithheld(post.id, true);
  await withdrawNotifications(deps, post);
  await audit(deps, session, 'post.hidden', post.groupId, { by: byWhom(actor), thread: post.threadId, post: post.id, title: post.threadTitle, reason }, author.name);
  return publicPost({ ...post, hidden }, { email: session.email, canModerate: true });
}

export async function unhidePost(deps: Pick<Deps, 'agreements' | 'audit' | 'config' | 'forums' | 'now' | 'partnership'>, session: Session, threadId: string, postId: string) {
  const post = await visiblePost(deps, session, threadId, postId);
  const actor = moderator(deps, session, post.groupId);
  if (!post.hidden) throw new ConflictError('moderation.notHidden');
  const author = await personIn(deps, post.groupId, post.authorEmail);
  mayActOn(actor, author, 'hide');
  await deps.forums.setHidden(post, undefined);
  await deps.forums.setAttachmentsHidden(post.attachments.map((a) => a.id), false);
  await deps.agreements.setWithheld(post.id, false);
  await audit(deps, session, 'post.unhidden', post.groupId, { by: byWhom(actor), thread: post.threadId, post: post.id, title: post.threadTitle, reason: post.hidden.reason }, author.name);
  const { hidden: _hidden, ...shown } = post;
  return publicPost(shown, { email: session.email, canModerate: true });
}

/** Audits each flag a pin or lock changed (a call that changes nothing leaves no entry). */
export async function auditThreadChange(deps: AuditPorts, session: Session, before: Thread, after: Thread) {
  const by = byWhom({ secretariat: session.secretariat, role: roleIn(session, before.groupId, deps.now()) });
  const details = { by, thread: before.id, title: before.title };
  if (before.pinned !== after.pinned) await audit(deps, session, after.pinned ? 'thread.pinned' : 'thread.unpinned', before.groupId, details);
  if (before.locked !== after.locked) await audit(deps, session, after.locked ? 'thread.locked' : 'thread.unlocked', before.groupId, details);
}

const muteView = (mute: Mute, name: string) => ({ member: mute.email, name, groupId: mute.groupId, until: mute.until, reason: mute.reason, mutedAt: mute.mutedAt });

/**
 * Mutes a member of the group until a time: they read, but neither start threads, reply, edit
 * nor upload there. A new mute replaces one in force (the latest word of the moderators holds).
 */
export async function mute(deps: MutePorts, session: Session, groupId: string, input: { member: string; until: string; reason: string }) {
  await visibleGroup(deps, session, groupId);
  const actor = moderator(deps, session, groupId);
  const until = muteEnd(input.until, deps.now());
  const target = await personIn(deps, groupId, input.member);
  if (!target.secretariat && !target.member) throw new InvalidFieldError('member', 'moderation.notAMember');
  mayActOn(actor, target, 'mute');
  const replaced = muteInForce(await deps.forums.getMute(groupId, input.member), deps.now());
  const saved: Mute = { groupId, email: input.member, until, reason: input.reason, mutedAt: deps.now().toISOString() };
  await deps.forums.saveMute(saved);
  await refreshSessions(deps, input.member);
  await audit(deps, session, 'member.muted', groupId, { by: byWhom(actor), until, reason: input.reason, ...(replaced ? { replaced: 'an earlier mute' } : {}) }, target.name);
  return { mute: muteView(saved, target.name), replaced };
}

/** Lifts a member's mute before its end. */
export async function liftMute(deps: MutePorts, session: Session, groupId: string, member: string) {
  await visibleGroup(deps, session, groupId);
  const actor = moderator(deps, session, groupId);
  const current = await deps.forums.getMute(groupId, member);
  if (!current || !muteInForce(current, deps.now())) throw new ConflictError('moderation.notMuted');
  const target = await personIn(deps, groupId, member);
  mayActOn(actor, target, 'mute');
  if (!(await deps.forums.removeMute(groupId, member))) throw new ConflictError('moderation.liftedMeanwhile');
  await refreshSessions(deps, member);
  await audit(deps, session, 'mute.lifted', groupId, { by: byWhom(actor), until: current.until, reason: current.reason }, target.name);
  return { member, name: target.name, groupId, lifted: true as const };
}

/** The mutes in force in a group, for its moderators, soonest end first. */
export async function mutesOf(deps: Pick<Deps, 'forums' | 'now' | 'partnership'>, session: Session, groupId: string) {
  await visibleGroup(deps, session, groupId);
  moderator(deps, session, groupId);
  const now = deps.now();
  const inForce = (await deps.forums.mutesOf(groupId)).filter((m) => muteInForce(m, now));
  const names = await Promise.all(inForce.map(async (m) => (await deps.partnership.getMember(m.email))?.name ?? FORMER_MEMBER));
  return inForce.map((m, i) => muteView(m, names[i]!)).sort((a, b) => a.until.localeCompare(b.until));
}

/** Refuses a write in the group while the caller is muted there, saying until when and why: from the forum's record, not the session's copy. */
export async function assertNotMuted(deps: Pick<Deps, 'forums' | 'now'>, session: Session, groupId: string) {
  const current = session.secretariat ? undefined : await deps.forums.getMute(groupId, session.email);
  if (current && muteInForce(current, deps.now())) {
    throw new MutedError('moderation.muted', { until: current.until, reason: current.reason }, current.until);
  }
}
