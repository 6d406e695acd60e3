import { RuleViolationError } from '../errors.ts';

/** The one thing that decides whether a membership holds: its end, when it has one. */
export type Timed = { until?: string | undefined };

/**
 * Whether a membership holds at `now`. A membership with `until` ends at that instant. Nothing
 * else can be trusted to end it on time: DynamoDB's TTL removes the item up to days late, and a
 * session keeps the memberships it had at sign-in, so every request compares `until` with its own
 * clock. An `until` that does not parse ends the membership (fail closed).
 */
export function isActive(membership: Timed, now: Date): boolean {
  return membership.until === undefined || Date.parse(membership.until) > now.getTime();
}

/** The memberships that hold at `now`. */
export function activeMemberships<T extends Timed>(memberships: readonly T[], now: Date): T[] {
  return memberships.filter((m) => isActive(m, now));
}

/**
 * Who a person is, for standing: the secretariat, and `contributorUntil` on the member record of
 * someone who was added only for time-limited work (the latest end of their contributions;
 * absent for everyone with a lasting place, with or without groups).
 */
export type Person = { secretariat: boolean; contributorUntil?: string | undefined };

/**
 * Whether the person still belongs to the partnership at `now`, and so may sign in, keep a session
 * and see the members' agenda. The secretariat and anyone with a lasting place do (a member may
 * be in no group yet). Someone who exists only as a contributor does while a contribution runs:
 * once every membership has ended (or TTL has removed it, leaving none) nothing is left to grant.
 */
export function standsNow(person: Person, memberships: readonly Timed[], now: Date): boolean {
  if (person.secretariat) return true;
  if (person.contributorUntil === undefined) return true;
  return isActive({ until: person.contributorUntil }, now) && memberships.some((m) => isActive(m, now));
}

/**
 * The longest a group leader can open their group to a contributor. A contribution answers one
 * call for cooperation; a year covers the partnership's work-plan cycle. A longer or lasting place
 * is the secretariat's decision (it keeps the register of who belongs where), and the bound keeps
 * an account a leader created from outliving the work it was created for by years.
 */
export const MAX_CONTRIBUTION_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * The end of a contribution a leader asks for, checked and written in UTC (so ends compare as
 * strings and a later invitation can extend an earlier one).
 */
export function contributionEnd(until: string, now: Date): string {
  const end = Date.parse(until);
  if (Number.isNaN(end)) throw new RuleViolationError('group.contributionUntilNotDate', {}, { field: 'until' });
  if (end <= now.getTime()) {
    throw new RuleViolationError('group.contributionEndPast', {}, { field: 'until' });
  }
  const latest = new Date(now.getTime() + MAX_CONTRIBUTION_DAYS * DAY_MS);
  if (end > latest.getTime()) {
    throw new RuleViolationError('group.contributionTooLong', { days: MAX_CONTRIBUTION_DAYS, latest: latest.toISOString() }, { field: 'until', latest: latest.toISOString() });
  }
  return new Date(end).toISOString();
}
