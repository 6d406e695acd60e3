import { describe, expect, it } from 'vitest';
import { briefMarkdown } from '../../../../functions/core/reports/brief.ts';
import {
  assertMeetingDate,
  connectionsCsv,
  connectionsOverview,
  outsideInputSchema,
  outsideReport,
  outsideRequestEmail,
  requestPeriod,
  requestSettingSchema,
} from '../../../../functions/core/reports/outside.ts';
import type { DevelopmentsReport } from '../../../../functions/core/reports/report.ts';

const now = new Date('2027-06-15T10:00:00Z');
const author = { email: 'eleni@example.org', name: 'Eleni Papadaki', organisation: 'City of Athens' };

function accepted(body: string, date: string, extra: Partial<{ bodyKind: string; workingOn: string; author: typeof author }> = {}): DevelopmentsReport {
  const input = outsideInputSchema.parse({ body, bodyKind: extra.bodyKind ?? 'city-network', meetingTitle: `Meeting of ${body}`, date, whatHappened: 'Cities compared their reception policies.', workingOn: extra.workingOn ?? '' });
  const report = outsideReport(input, { eventId: `outside-${body.length}-${date}`, id: `outside-${body.length}-${date}.00000000000000000000` }, extra.author ?? author, now);
  return { ...report, status: 'accepted' };
}

describe('outside reports', () => {
  it('fills the developments report from the outside form: the meeting as the event, the body beside it', () => {
    const report = accepted('EUROCITIES', '2027-06-01', { workingOn: 'A housing statement.' });
    expect(report).toMatchObject({
      eventTitle: 'Meeting of EUROCITIES',
      eventStartsAt: '2027-06-01T12:00:00.000Z',
      outside: { body: 'EUROCITIES', bodyKind: 'city-network', date: '2027-06-01', place: '', online: false, workingOn: 'A housing statement.' },
      actions: [],
      links: [],
    });
    expect(report).not.toHaveProperty('meetingTitle');
  });

  it('refuses a meeting still to come and one older than a year; takes today and a year ago', () => {
    expect(() => assertMeetingDate('2027-06-16', now)).toThrow(/on or before today/);
    expect(() => assertMeetingDate('2026-06-14', now)).toThrow(/older than a year/);
    expect(() => assertMeetingDate('2027-06-15', now)).not.toThrow();
    expect(() => assertMeetingDate('2026-06-15', now)).not.toThrow();
  });

  it('names the outside body and what it works on in the brief', () => {
    const markdown = briefMarkdown({ from: '2027-06-01', to: '2027-06-30', reports: [accepted('CEMR', '2027-06-02', { workingOn: 'Local democracy\n# not a heading' })], actionTitles: {} });
    expect(markdown).toContain('*Outside meeting with CEMR · 2027-06-02 · reported by Eleni Papadaki (City of Athens)*');
    expect(markdown).toContain('**What CEMR is working on:**\n\n> Local democracy\n> # not a heading');
  });
});

describe('connections overview', () => {
  it('gathers accepted reports by body however its name was typed, most recently met first, and leaves the rest out', () => {
    const other = { ...author, name: 'Jonas Weber', organisation: 'City of Berlin' };
    const reports = [
      accepted('EUROCITIES', '2027-05-01', { workingOn: 'Housing.' }),
      accepted('  eurocities ', '2027-06-01', { author: other, workingOn: 'A joint statement.' }),
      accepted('OECD', '2026-11-01', { bodyKind: 'international-organisation' }),
      { ...accepted('European Integration Network', '2027-06-10', { bodyKind: 'eu-body' }), status: 'rejected' as const },
      { ...accepted('CEMR', '2027-06-10'), outside: undefined },
    ];
    const { connections, gaps } = connectionsOverview(reports, now);
    expect(connections.map((c) => [c.body, c.lastMet, c.gap])).toEqual([
      ['eurocities', '2027-06-01', false],
      ['OECD', '2026-11-01', true],
    ]);
    expect(connections[0]!.meetings.map((m) => m.attendee.name)).toEqual(['Jonas Weber', 'Eleni Papadaki']);
    expect(connections[0]!.workingOn.map((w) => w.text)).toEqual(['A joint statement.', 'Housing.']);
    expect(gaps).toEqual({ months: 6, since: '2026-12-15', notMetSince: ['OECD'], kindsWithoutConnection: ['eu-body', 'ngo-network'] });
  });

  it('writes one CSV row a meeting, a formula-looking cell made harmless', () => {
    const { connections } = connectionsOverview([accepted('=HYPERLINK("x")', '2027-06-01', { workingOn: 'Plans.' })], now);
    const csv = connectionsCsv(connections);
    expect(csv.split('\n')[0]).toBe('body,kind,last met,gap,meeting date,meeting,attended by,organisation,place,working on');
    expect(csv).toContain(`"'=HYPERLINK(""x"")",City network,2027-06-01,no,2027-06-01`);
  });
});

describe('the regular request', () => {
  it('names the period a time falls in: a month, or N weeks counted from fixed Mondays', () => {
    expect(requestPeriod({ every: 'off' }, now)).toBeUndefined();
    expect(requestPeriod({ every: 'month' }, now)).toBe('2027-06');
    expect(requestPeriod({ every: 'weeks', weeks: 1 }, now)).toBe('w1-2027-06-14');
    const twoWeeks = requestPeriod({ every: 'weeks', weeks: 2 }, now);
    expect(requestPeriod({ every: 'weeks', weeks: 2 }, new Date(now.getTime() + 86_400_000))).toBe(twoWeeks);
    expect(twoWeeks).toMatch(/^w2-2027-06-(07|14)$/);
  });

  it('accepts off, monthly and 1 to 26 weeks only', () => {
    expect(requestSettingSchema.safeParse({ every: 'weeks', weeks: 27 }).success).toBe(false);
    expect(requestSettingSchema.safeParse({ every: 'weeks' }).success).toBe(false);
    expect(requestSettingSchema.safeParse({ every: 'daily' }).success).toBe(false);
    expect(requestSettingSchema.parse({ every: 'month' })).toEqual({ every: 'month' });
  });
});

describe("the request for outside meetings, in the member's language", () => {
  it('asks an English member in English, on the English page', () => {
    const mail = outsideRequestEmail({ email: 'ana@example.org', name: 'Ana', language: 'en' }, { baseUrl: 'https://hub.example.org' });
    expect(mail.subject).toBe('Your outside meetings: a two-minute report');
    expect(mail.text).toContain('Hello Ana,');
    expect(mail.text).toContain('Report an outside meeting: https://hub.example.org/members/outside/');
  });

  it('asks a French member in French, on the French page', () => {
    const mail = outsideRequestEmail({ email: 'ana@example.org', name: 'Ana', language: 'fr' }, { baseUrl: 'https://hub.example.org' });
    expect(mail.subject).toBe('Vos réunions extérieures : un compte rendu en deux minutes');
    expect(mail.text).toContain('Bonjour Ana,');
    expect(mail.text).toContain('Signaler une réunion extérieure: https://hub.example.org/fr/members/outside/');
    expect(mail.html).toContain('<html lang="fr">');
  });
});
