import { newSecret } from '../../core/auth/secrets.ts';
import type { Session } from '../../core/auth/session.ts';
import { ConflictError, NotFoundError, RateLimitedError } from '../../core/errors.ts';
import { newId } from '../../core/forums/forum.ts';
import type { Invitation } from '../../core/groups/administration.ts';
import type { GroupRole } from '../../core/groups/group.ts';
import { mailLanguage, mailLanguages, type MailLanguage } from '../../core/mail/words.ts';
import type { AuditEntry } from '../../core/members/audit.ts';
import { expiresAfter } from '../../core/privacy/retention.ts';
import { retentionOf } from '../../adapters/config.ts';
import type { Deps } from '../deps.ts';
import { refreshSessions, sendInvitation } from './sign-in.ts';

/** What recording an audit entry touches. */
type AuditPorts = Pick<Deps, 'audit' | 'config' | 'now'>;
/** What changing or removing a member touches: the group, their sessions, the audit. */
type MemberChangePorts = Pick<Deps, 'audit' | 'auth' | 'config' | 'forums' | 'groupAdmin' | 'now' | 'partnership'>;

/**
 * Every change is logged with who made it and when; the log is append-only, and each entry is
 * forgotten after the configured audit retention.
 */
export async function recordAudit(deps: AuditPorts, actor: Pick<Session, 'email'>, entry: Omit<AuditEntry, 'id' | 'at' | 'actor'>) {
  await recordAuditAs(deps, actor.email, entry);
}

/** An entry whose actor is named as given (moderation names the moderator, never their address). */
export async function recordAuditAs(deps: AuditPorts, actor: string, entry: Omit<AuditEntry, 'id' | 'at' | 'actor'>) {
  const now = deps.now();
  await deps.audit.record({ id: newId(now, newSecret(6)), at: now.toISOString(), actor, ...entry }, expiresAfter(now, retentionOf(deps.config).auditDays, 'days'));
}


async function existingGroup(deps: Pick<Deps, 'partnership'>, groupId: string) {
  const group = await deps.partnership.getGroup(groupId);
  if (!group) throw new NotFoundError('group.none', { group: groupId });
  return group;
}

/**
 * Invites a person into a group: creates the member if new, adds the membership, and sends a
 * sign-in email worded as an invitation. An invitation whose email is rate-limited still stands;
 * the answer says the email was not sent.
 */
export async function invite(deps: Pick<Deps, 'audit' | 'auth' | 'config' | 'forums' | 'ledger' | 'mailer' | 'now' | 'partnership'>, actor: Session, input: Invitation) {
  const group = await existingGroup(deps, input.groupId);
  if (group.archived) throw new ConflictError('group.archivedNoJoining', { group: group.name });
  const now = deps.now().toISOString();
  // Written in UTC, so ends compare as strings wherever they are kept.
  const until = input.until ? new Date(input.until).toISOString() : undefined;
  // A person whose only place is time-limited is marked as such, so they stop signing in when it ends.
  const created = await deps.partnership.addMember({
    email: input.email,
    name: input.name,
    organisation: input.organisation,
    language: input.language,
    secretariat: false,
    ...(until ? { contributorUntil: until } : {}),
    createdAt: now,
  });
  const joined = await deps.partnership.addMembership({ groupId: input.groupId, email: input.email, role: input.role, since: now, ...(until ? { until } : {}) });
  if (!joined) throw new ConflictError('group.alreadyMember', { email: input.email, group: group.name });
  if (!created) {
    // A lasting place ends the contributor-only standing; another time-limited one can only extend it.
    if (until) await deps.partnership.extendContributorMark(input.email, until);
    else await deps.partnership.clearContributorMark(input.email);
  }
  await recordAudit(deps, actor, { action: 'member.invited', groupId: input.groupId, subject: input.email, details: { role: input.role, newMember: String(created) } });
  await refreshSessions(deps, input.email);
  let invitationSent = true;
  let notSentBecause: string | undefined;
  try {
    invitationSent = await sendInvitation(deps, input.email, group.name);
    if (!invitationSent) notSentBecause = 'The address asked not to be mailed (unsubscribed, bounced, complained or erased). The membership stands: tell them in person; they can sign in from the site themselves.';
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    invitationSent = false;
  }
  return { email: input.email, groupId: input.groupId, role: input.role, newMember: created, invitationSent, ...(notSentBecause ? { notSentBecause } : {}) };
}

export async function changeRole(deps: MemberChangePorts, actor: Session, groupId: string, email: string, role: GroupRole) {
  await existingGroup(deps, groupId);
  const before = await deps.groupAdmin.changeRole(groupId, email, role);
  await recordAudit(deps, actor, { action: 'membership.role-changed', groupId, subject: email, details: { from: before.role, to: role } });
  await refreshSessions(deps, email);
  return { email, groupId, role };
}

export async function removeMember(deps: MemberChangePorts, actor: Session, groupId: string, email: string) {
  await existingGroup(deps, groupId);
  const before = await deps.groupAdmin.removeMembership(groupId, email);
  await recordAudit(deps, actor, { action: 'membership.removed', groupId, subject: email, details: { role: before.role } });
  await refreshSessions(deps, email);
  return { email, groupId };
}

export async function createGroup(deps: Pick<Deps, 'audit' | 'config' | 'now' | 'partnership'>, actor: Session, input: { id: string; name: string; description: string }) {
  const group = { ...input, archived: false, createdAt: deps.now().toISOString() };
  if (!(await deps.partnership.addGroup(group))) throw new ConflictError('group.exists', { group: input.id });
  await recordAudit(deps, actor, { action: 'group.created', groupId: input.id, details: { name: input.name } });
  return group;
}

export async function archiveGroup(deps: Pick<Deps, 'audit' | 'config' | 'groupAdmin' | 'now' | 'partnership'>, actor: Session, groupId: string) {
  const group = await existingGroup(deps, groupId);
  await deps.groupAdmin.archiveGroup(groupId);
  await recordAudit(deps, actor, { action: 'group.archived', groupId, details: { name: group.name } });
  return { ...group, archived: true };
}

export async function groupMembers(deps: Pick<Deps, 'partnership'>, groupId: string) {
  await existingGroup(deps, groupId);
  const memberships = await deps.partnership.membersOf(groupId);
  const members = await Promise.all(memberships.map((m) => deps.partnership.getMember(m.email)));
  return memberships.map((m, i) => ({
    email: m.email,
    name: members[i]?.name ?? m.email,
    organisation: members[i]?.organisation ?? '',
    role: m.role,
    since: m.since,
    ...(m.until ? { until: m.until } : {}),
  }));
}

/** The language of the hub's emails to this member, and the languages they can choose from. */
export async function ownLanguage(deps: Pick<Deps, 'partnership'>, session: Session) {
  const member = await deps.partnership.getMember(session.email);
  if (!member) throw new NotFoundError('session.accountGone');
  return { language: mailLanguage(member.language), languages: mailLanguages };
}

/** The member's own choice of language for the emails the hub writes to them (never someone else's). */
export async function setOwnLanguage(deps: Pick<Deps, 'partnership'>, session: Session, language: MailLanguage) {
  if (!(await deps.partnership.setMemberLanguage(session.email, language))) throw new NotFoundError('session.accountGone');
  return { language, languages: mailLanguages };
}
