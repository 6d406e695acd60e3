import type { GroupRole } from '../groups/group.ts';

/**
 * What a session carries: who, and their roles, so a request is authorized from the one
 * session read. Membership changes rewrite the sessions of the member concerned.
 */
export interface Session {
  idHash: string;
  email: string;
  name: string;
  secretariat: boolean;
  groups: { groupId: string; role: GroupRole; until?: string | undefined }[];
  createdAt: string;
  expiresAt: number;
}

/** The member's role in a group now, or undefined when they are not (or no longer) in it. */
export function roleIn(session: Session | undefined, groupId: string, now: Date): GroupRole | undefined {
  const membership = session?.groups.find((g) => g.groupId === groupId);
  if (!membership) return undefined;
  if (membership.until && Date.parse(membership.until) <= now.getTime()) return undefined;
  return membership.role;
}

/** Who may do what in a group. The secretariat moderates everywhere but reads as any member. */
export const can = {
  read: (role: GroupRole | undefined, secretariat: boolean) => secretariat || role !== undefined,
  post: (role: GroupRole | undefined, secretariat: boolean) =>
    secretariat || role === 'leader' || role === 'member' || role === 'contributor',
  moderate: (role: GroupRole | undefined, secretariat: boolean) => secretariat || role === 'leader',
};
