import { can, roleIn, type Session } from '../auth/session.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { GroupRole } from '../groups/group.ts';

export type GroupAccess = { role: GroupRole | undefined; secretariat: boolean; canPost: boolean; canModerate: boolean };

/**
 * The caller's access to a group. Non-members get the same "not found" as for a group that does
 * not exist, so a group's existence is not disclosed.
 */
export function readAccess(session: Session, groupId: string, now: Date): GroupAccess {
  const role = roleIn(session, groupId, now);
  if (!can.read(role, session.secretariat)) throw new NotFoundError('forum.noGroup');
  return { role, secretariat: session.secretariat, canPost: can.post(role, session.secretariat), canModerate: can.moderate(role, session.secretariat) };
}

export function postAccess(session: Session, groupId: string, now: Date): GroupAccess {
  const access = readAccess(session, groupId, now);
  if (!access.canPost) throw new ForbiddenError('forum.observersRead');
  return access;
}

export function moderateAccess(session: Session, groupId: string, now: Date): GroupAccess {
  const access = readAccess(session, groupId, now);
  if (!access.canModerate) throw new ForbiddenError('forum.leadersOnly');
  return access;
}

/** Members change their own words only; the secretariat and leaders moderate, they do not rewrite. */
export function assertAuthor(session: Session, authorEmail: string) {
  if (session.email !== authorEmail) throw new ForbiddenError('forum.ownPostsOnly');
}
