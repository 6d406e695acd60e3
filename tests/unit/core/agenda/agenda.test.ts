import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../../functions/core/auth/session.ts';
import { eventInputSchema, newEvent, slugify } from '../../../../functions/core/agenda/event.ts';
import { canSee, mailingDue, splitByTime } from '../../../../functions/core/agenda/rules.ts';
import { isTimeZone, zonedToUtc } from '../../../../functions/core/agenda/time.ts';
import { briefMarkdown } from '../../../../functions/core/reports/brief.ts';
import { outreachView, reachOf } from '../../../../functions/core/reports/outreach.ts';
import type { DevelopmentsReport } from '../../../../functions/core/reports/report.ts';

const session = (groups: Session['groups'] = [], secretariat = false): Session => ({
  idHash: 'h', email: 'a@example.org', name: 'A', secretariat, groups, createdAt: '', expiresAt: 0,
});

describe('wall-clock times in a time zone', () => {
  it('converts summer and winter times in Brussels to the right instants', () => {
    expect(zonedToUtc('2027-07-01T09:30', 'Europe/Brussels').toISOString()).toBe('2027-07-01T07:30:00.000Z');
    expect(zonedToUtc('2027-01-15T09:30', 'Europe/Brussels').toISOString()).toBe('2027-01-15T08:30:00.000Z');
  });

  it('round-trips any wall-clock time outside daylight-saving gaps', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Europe/Athens', 'Europe/Lisbon', 'UTC', 'America/New_York'), (instant, zone) => {
        const local = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
          .format(instant)
          .replace(' ', 'T');
        const back = zonedToUtc(local, zone).getTime();
        // In the repeated autumn hour a wall-clock time names two instants, an hour apart.
        expect([0, 3_600_000]).toContain(Math.abs(back - Math.floor(instant.getTime() / 1000) * 1000));
      }),
    );
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Athens')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('not a zone')).toBe(false);
  });
});

describe('event input', () => {
  const base = { title: 'Plenary', start: '2027-02-10T09:00', end: '2027-02-10T17:00', timeZone: 'Europe/Athens', place: 'Athens', visibility: 'members' };
  it('names the field of each mistake', () => {
    const paths = (input: object) => eventInputSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ end: '2027-02-10T08:00' })).toEqual(['end']);
    expect(paths({ capacity: 0 })).toEqual(['capacity']);
    expect(paths({ timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(paths({ registrationDeadline: '2027-02-11T09:00' })).toEqual(['registrationDeadline']);
  });

  it('builds a stored event with UTC instants, empty counters and a dated slug', () => {
    const event = newEvent(eventInputSchema.parse({ ...base, actions: [6, 1, 6] }), { id: 'e1', createdBy: 's@example.org', now: new Date('2026-11-01T00:00:00Z') });
    expect(event).toMatchObject({ startsAt: '2027-02-10T07:00:00.000Z', registered: 0, waitlisted: 0, actions: [1, 6], slug: 'plenary-2027-02-10' });
    expect(slugify('Réunion à Athènes!', '2027-02-10T07:00:00.000Z')).toBe('reunion-a-athenes-2027-02-10');
  });
});

describe('who sees an event', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  it('shows a group event to the group (any role) and the secretariat only', () => {
    const event = { visibility: 'group' as const, groupId: 'action-1' };
    expect(canSee(event, session([{ groupId: 'action-1', role: 'observer' }]), now)).toBe(true);
    expect(canSee(event, session([{ groupId: 'action-2', role: 'leader' }]), now)).toBe(false);
    expect(canSee(event, session([{ groupId: 'action-1', role: 'contributor', until: '2026-12-01T00:00:00Z' }]), now)).toBe(false);
    expect(canSee(event, session([], true), now)).toBe(true);
    expect(canSee({ visibility: 'members' }, session(), now)).toBe(true);
  });
});

describe('mailings due', () => {
  const event = { startsAt: '2027-03-10T09:00:00.000Z', endsAt: '2027-03-10T12:00:00.000Z' };
  const at = (iso: string) => mailingDue(event, new Date(iso));
  it('opens each window at its time and never sends a reminder late', () => {
    expect(at('2027-03-02T09:00:00Z')).toBeUndefined();
    expect(at('2027-03-03T09:00:00Z')).toBe('reminder-7d');
    expect(at('2027-03-09T08:59:59Z')).toBe('reminder-7d');
    expect(at('2027-03-09T09:00:00Z')).toBe('reminder-1d');
    expect(at('2027-03-10T10:00:00Z')).toBeUndefined();
    expect(at('2027-03-10T12:00:00Z')).toBe('report-invitation');
    expect(at('2027-03-25T12:00:00Z')).toBeUndefined();
  });

  it('splits events into upcoming (soonest first) and past (latest first)', () => {
    const events = [
      { id: 'b', startsAt: '2027-01-03T00:00:00Z', endsAt: '2027-01-03T01:00:00Z' },
      { id: 'a', startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-02T01:00:00Z' },
      { id: 'p', startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-01T01:00:00Z' },
      { id: 'q', startsAt: '2026-12-05T00:00:00Z', endsAt: '2026-12-05T01:00:00Z' },
    ];
    const { upcoming, past } = splitByTime(events, new Date('2027-01-01T00:00:00Z'));
    expect(upcoming.map((e) => e.id)).toEqual(['a', 'b']);
    expect(past.map((e) => e.id)).toEqual(['q', 'p']);
  });
});

describe('plenary brief', () => {
  const report = (id: string, actions: number[], whatHappened: string, status: DevelopmentsReport['status'] = 'accepted'): DevelopmentsReport => ({
    id, eventId: 'e', eventTitle: `Event ${id}`, eventStartsAt: '2027-02-10T07:00:00.000Z', eventTimeZone: 'Europe/Athens',
    whatHappened, actions, links: [], followUp: '', author: { email: 'm@example.org', name: 'M', organisation: 'City of Athens' }, status, submittedAt: '',
  });
  it('groups accepted reports by Action and keeps members\' text from becoming structure', () => {
    const markdown = briefMarkdown({
      from: '2027-02-01', to: '2027-02-28',
      reports: [report('1', [6, 1], '# not a heading\n<script>x</script>'), report('2', [], 'General news.'), report('3', [1], 'Refused.', 'rejected')],
      actionTitles: { 1: 'Protection of unaccompanied minors', 6: 'European Migrant Advisory Board' },
    });
    expect(markdown.indexOf('## Action 1: Protection')).toBeLessThan(markdown.indexOf('## Action 6: European'));
    expect(markdown.indexOf('## Action 6')).toBeLessThan(markdown.indexOf('## Not tied to an Action'));
    expect(markdown).toContain('> # not a heading');
    expect(markdown).toContain('> &lt;script&gt;x&lt;/script&gt;');
    expect(markdown).not.toContain('Refused.');
    expect(markdown).toContain('2 accepted developments reports');
  });
});

describe('outreach view', () => {
  it('lists every audience, reached or not, the gaps first, and marks updates pending when unknown', () => {
    const view = outreachView({
      universe: { audiences: ['ngo', 'research'], countries: ['GR', 'PT'], networks: [{ id: 'ecre', name: 'ECRE' }] },
      events: reachOf([{ audience: 'ngo', country: 'GR', networks: ['ecre', 'ecre'] }]),
      updates: undefined,
    });
    expect(view.audiences).toEqual([
      { key: 'research', label: 'research', events: 0, updates: null, reached: false },
      { key: 'ngo', label: 'ngo', events: 1, updates: null, reached: true },
    ]);
    expect(view.networks).toEqual([{ key: 'ecre', label: 'ECRE', events: 1, updates: null, reached: true }]);
    expect(view.pending).toEqual(['updates']);
  });
});
