import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canSee } from '../../../../functions/core/agenda/rules.ts';
import { roleIn, sessionStands, type Session } from '../../../../functions/core/auth/session.ts';
import { RuleViolationError } from '../../../../functions/core/errors.ts';
import { activeMemberships, contributionEnd, isActive, MAX_CONTRIBUTION_DAYS, standsNow } from '../../../../functions/core/groups/standing.ts';

const now = new Date('2027-03-01T12:00:00.000Z');
const before = '2027-02-28T12:00:00.000Z';
const after = '2027-03-02T12:00:00.000Z';

const session = (overrides: Partial<Session> = {}): Session => ({
  idHash: 'h',
  email: 'cara@example.org',
  name: 'Cara',
  secretariat: false,
  groups: [],
  createdAt: before,
  expiresAt: 0,
  ...overrides,
});

describe('isActive', () => {
  it('holds a membership without an end, and one whose end is ahead', () => {
    expect(isActive({}, now)).toBe(true);
    expect(isActive({ until: after }, now)).toBe(true);
  });

  it('ends a membership at the instant of `until`, not after', () => {
    expect(isActive({ until: now.toISOString() }, now)).toBe(false);
    expect(isActive({ until: before }, now)).toBe(false);
  });

  it('reads ends written with an offset as the same instant', () => {
    expect(isActive({ until: '2027-03-01T13:30:00+02:00' }, now)).toBe(false);
    expect(isActive({ until: '2027-03-01T14:30:00+02:00' }, now)).toBe(true);
  });

  it('fails closed on an end that does not parse', () => {
    expect(isActive({ until: 'soon' }, now)).toBe(false);
  });

  it('holds exactly while the clock is before the end (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 4e12 }), (end, at) => {
        expect(isActive({ until: new Date(end).toISOString() }, new Date(at))).toBe(at < end);
      }),
    );
  });

  it('keeps only the memberships that hold', () => {
    const kept = activeMemberships([{ groupId: 'a', until: before }, { groupId: 'b' }, { groupId: 'c', until: after }], now);
    expect(kept.map((m) => m.groupId)).toEqual(['b', 'c']);
  });
});

describe('standsNow', () => {
  it('keeps the secretariat and anyone with a lasting place, with or without groups', () => {
    expect(standsNow({ secretariat: true, contributorUntil: before }, [], now)).toBe(true);
    expect(standsNow({ secretariat: false }, [], now)).toBe(true);
    expect(standsNow({ secretariat: false }, [{ until: before }], now)).toBe(true);
  });

  it('keeps a contributor while a contribution runs', () => {
    expect(standsNow({ secretariat: false, contributorUntil: after }, [{ until: after }], now)).toBe(true);
  });

  it('ends a contributor once their contributions have ended, also when TTL left no membership', () => {
    expect(standsNow({ secretariat: false, contributorUntil: before }, [{ until: before }], now)).toBe(false);
    expect(standsNow({ secretariat: false, contributorUntil: before }, [], now)).toBe(false);
  });

  it('ends a contributor removed from their last group before the end', () => {
    expect(standsNow({ secretariat: false, contributorUntil: after }, [], now)).toBe(false);
  });
});

describe('sessions are decided again at each request', () => {
  const contributor = session({ contributorUntil: before, groups: [{ groupId: 'action-1', role: 'contributor', until: before }] });

  it('stops a contributor session once its contribution has ended', () => {
    expect(sessionStands(contributor, now)).toBe(false);
    expect(sessionStands(contributor, new Date('2027-02-01T00:00:00Z'))).toBe(true);
    expect(roleIn(contributor, 'action-1', now)).toBeUndefined();
  });

  it('hides members-only events from an ended contributor, and not from a member with no group', () => {
    expect(canSee({ visibility: 'members' }, contributor, now)).toBe(false);
    expect(canSee({ visibility: 'members' }, session(), now)).toBe(true);
    expect(canSee({ visibility: 'public' }, contributor, now)).toBe(true);
  });
});

describe('contributionEnd', () => {
  it('answers the end in UTC', () => {
    expect(contributionEnd('2027-03-10T14:00:00+02:00', now)).toBe('2027-03-10T12:00:00.000Z');
  });

  it(`accepts an end up to ${MAX_CONTRIBUTION_DAYS} days ahead and refuses one later, naming the latest`, () => {
    const latest = new Date(now.getTime() + MAX_CONTRIBUTION_DAYS * 86_400_000).toISOString();
    expect(contributionEnd(latest, now)).toBe(latest);
    const tooLate = new Date(Date.parse(latest) + 1000).toISOString();
    expect(() => contributionEnd(tooLate, now)).toThrow(RuleViolationError);
    expect(() => contributionEnd(tooLate, now)).toThrow(latest);
  });

  it('refuses an end that is now or past', () => {
    expect(() => contributionEnd(now.toISOString(), now)).toThrow(/must be in the future/);
    expect(() => contributionEnd(before, now)).toThrow(RuleViolationError);
  });
});
