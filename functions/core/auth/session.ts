import type { GroupRole } from '../groups/group.ts';
import { isActive, standsNow } from '../groups/standing.ts';

/**
 * What a session carries: who, and their roles, so a request is authorized from the one
 * session read. Membership changes rewrite the sessions of the member concerned.
 */
export interface Session {
  idHash: string;
  email: string;
  name: string;
  secretariat: boolean;
  /** `mutedUntil`: a mute in the group, copied from the forum's record, so a page read costs no read of it. */
  groups: { groupId: string; role: GroupRole; until?: string | undefined; mutedUntil?: string | undefined }[];
  /** Copied from the member record: set when the person exists only as a contributor (see standsNow). */
  contributorUntil?: string | undefined;
  createdAt: string;
  /** Absolute end (epoch seconds; TTL): RETENTION_SESSION_DAYS after sign-in. */
  expiresAt: number;
  /** Last use (epoch seconds), written at most every few minutes: a session idle for SESSION_IDLE_HOURS ends. */
  lastSeenAt?: number;
}

/** How often a session's last use is written: idle time is known to this precision, at one write per period. */
export const touchEverySeconds = (idleSeconds: number) => Math.min(5 * 60, Math.floor(idleSeconds / 10));

/** Whether a stored session still opens the door at `now`: neither past its end nor idle too long. */
export function sessionIsLive(session: Session, now: Date, idleSeconds: number): boolean {
  const nowSeconds = now.getTime() / 1000;
  const lastSeen = session.lastSeenAt ?? Date.parse(session.createdAt) / 1000;
  return session.expiresAt > nowSeconds && lastSeen + idleSeconds > nowSeconds;
}

/** The member's role in a group now, or undefined when they are not (or no longer) in it. */
export function roleIn(session: Session | undefined, groupId: string, now: Date): GroupRole | undefined {
  const membership = session?.groups.find((g) => g.groupId === groupId);
  if (!membership || !isActive(membership, now)) return undefined;
  return membership.role;
}

/**
 * Whether this session still stands for someone who belongs. The session is a snapshot taken at
 * sign-in, so the decision is made again at each request with that request's clock.
 */
export function sessionStands(session: Session, now: Date): boolean {
  return standsNow(session, session.groups, now);
}

/** Who may do what in a group. The secretariat moderates everywhere but reads as any member. */
export const can = {
  read: (role: GroupRole | undefined, secretariat: boolean) => secretariat || role !== undefined,
  post: (role: GroupRole | undefined, secretariat: boolean) =>
    secretariat || role === 'leader' || role === 'member' || role === 'contributor',
  moderate: (role: GroupRole | undefined, secretariat: boolean) => secretariat || role === 'leader',
};
