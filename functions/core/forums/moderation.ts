import { z } from 'zod';
import { RuleViolationError } from '../errors.ts';
import type { Session } from '../auth/session.ts';
import type { GroupRole } from '../groups/group.ts';
import { emailSchema } from '../partnership/vocabulary.ts';
import type { RefusalKey } from '../refusals.ts';

/**
 * Moderation of a group's forum: hiding a post with a reason, and muting a member for a while.
 * Leaders moderate their group, the secretariat every group; neither rewrites anyone's words.
 */

/** A reason is written to the audit log and shown to the author: an address has no place in it. */
const ADDRESS_IN_TEXT = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/;
export const moderationReasonSchema = z
  .string()
  .trim()
  .min(3, 'field.reasonMin')
  .max(500, 'field.reasonMax')
  .refine((reason) => !ADDRESS_IN_TEXT.test(reason), 'field.noAddressInReason');

export const hideSchema = z.object({ reason: moderationReasonSchema });

/**
 * The member travels by address, in the body (never in a path): memberships know people by
 * their address, and the thread's answer already names each post's author by it.
 */
export const muteSchema = z.object({
  member: emailSchema,
  until: z.iso.datetime({ offset: true, message: 'field.muteUntil' }),
  reason: moderationReasonSchema,
});
export const liftSchema = z.object({ member: emailSchema });

/** Who someone is in the group, for deciding who may moderate whom. */
export interface Standing {
  secretariat: boolean;
  /** Their role in the group now; undefined when they are not (or no longer) in it. */
  role: GroupRole | undefined;
}

export type ModerationAct = 'hide' | 'mute';

/**
 * Why `actor` may not act on `target`, or undefined when they may. Leaders moderate members,
 * observers, contributors and former members of their group, but not their fellow leaders nor the
 * secretariat: a disagreement between leaders goes to the secretariat. The secretariat may hide
 * anyone's post and mute anyone in the group except one of its own: the secretariat runs the hub
 * and is answerable for it, so none of its members is silenced by another.
 */
export function refusalToModerate(actor: Standing, target: Standing, act: ModerationAct): RefusalKey | undefined {
  if (!actor.secretariat && actor.role !== 'leader') return 'forum.leadersOnly';
  if (target.secretariat) {
    if (act === 'mute') return 'moderation.secretariatNotMuted';
    return actor.secretariat ? undefined : 'moderation.secretariatNotHidden';
  }
  if (target.role === 'leader' && !actor.secretariat) {
    return act === 'mute' ? 'moderation.leaderNotMuted' : 'moderation.leaderNotHidden';
  }
  return undefined;
}

/** The longest mute: long enough to cool a quarrel down, short enough to be looked at again. */
export const MAX_MUTE_DAYS = 90;
const DAY_MS = 86_400_000;

/** The end of a mute a moderator asks for, checked and written in UTC. */
export function muteEnd(until: string, now: Date): string {
  const end = Date.parse(until);
  if (Number.isNaN(end)) throw new RuleViolationError('moderation.untilNotDate', {}, { field: 'until' });
  if (end <= now.getTime()) throw new RuleViolationError('moderation.endPast', {}, { field: 'until' });
  const latest = new Date(now.getTime() + MAX_MUTE_DAYS * DAY_MS);
  if (end > latest.getTime()) {
    throw new RuleViolationError('moderation.tooLong', { days: MAX_MUTE_DAYS, latest: latest.toISOString() }, { field: 'until', latest: latest.toISOString() });
  }
  return new Date(end).toISOString();
}

/** A member's mute in one group, as stored. */
export interface Mute {
  groupId: string;
  email: string;
  until: string;
  reason: string;
  mutedAt: string;
}

/**
 * Until when the session's member may not write in the group, by the mute their session carries
 * (rewritten whenever a mute is set or lifted); the secretariat is never muted. For what a page
 * shows; a write asks the forum's record itself.
 */
export function mutedUntil(session: Pick<Session, 'secretariat' | 'groups'>, groupId: string, now: Date): string | undefined {
  if (session.secretariat) return undefined;
  const until = session.groups.find((g) => g.groupId === groupId)?.mutedUntil;
  return until !== undefined && muteInForce({ until }, now) ? until : undefined;
}

/** Whether a mute still holds at `now`; it ends at `until` by itself (an `until` that does not parse holds). */
export function muteInForce(mute: Pick<Mute, 'until'> | undefined, now: Date): boolean {
  if (!mute) return false;
  const end = Date.parse(mute.until);
  return Number.isNaN(end) || end > now.getTime();
}
