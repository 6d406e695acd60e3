import { z } from 'zod';
import { toCsv } from '../exports/csv.ts';
import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { localPath, mailWords } from '../mail/words.ts';
import { RuleViolationError } from '../errors.ts';
import { reportInputSchema, type DevelopmentsReport } from './report.ts';

/**
 * Outside meetings: a member reports a meeting they attended outside the hub (a EUROCITIES working
 * group, a CEMR meeting, an OECD workshop) with the same quick form as a hub event's report, plus
 * who the outside body is and what it is working on. The report joins the same review queue and
 * brief; accepted ones make the connections overview.
 */
export const outsideBodyKinds = ['city-network', 'eu-body', 'international-organisation', 'ngo-network', 'other'] as const;
export type OutsideBodyKind = (typeof outsideBodyKinds)[number];
export const outsideBodyKindLabels: Record<OutsideBodyKind, string> = {
  'city-network': 'City network',
  'eu-body': 'EU body',
  'international-organisation': 'International organisation',
  'ngo-network': 'NGO network',
  other: 'Other',
};

/** What an outside report adds to the quick form. */
export const outsideInputSchema = reportInputSchema.extend({
  body: z.string().trim().min(2, 'field.outsideBody').max(120),
  bodyKind: z.enum(outsideBodyKinds, { error: 'field.oneOf' }).default('other'),
  meetingTitle: z.string().trim().min(3, 'field.meetingTitle').max(200),
  date: z.iso.date('field.dateDay'),
  place: z.string().trim().max(200).default(''),
  online: z.boolean().default(false),
  workingOn: z.string().trim().max(2000).default(''),
});
export type OutsideInput = z.input<typeof outsideInputSchema>;
export type ParsedOutsideInput = z.output<typeof outsideInputSchema>;

/** The outside meeting as a report carries it (a hub event's report has none). */
export interface OutsideMeeting {
  body: string;
  bodyKind: OutsideBodyKind;
  date: string;
  place: string;
  online: boolean;
  workingOn: string;
}

/** Outside reports' "event" ids start with this, so they never meet an agenda event's id. */
export const OUTSIDE_EVENT_PREFIX = 'outside-';

/** How far back a member may report: the brief and the overview look at the last year or two. */
export const OUTSIDE_REPORT_MAX_AGE_DAYS = 365;
const DAY_MS = 86_400_000;

/** A meeting is reported once it has happened, and within a year. */
export function assertMeetingDate(date: string, now: Date): void {
  const today = now.toISOString().slice(0, 10);
  if (date > today) throw new RuleViolationError('outside.future', {}, { field: 'date', reason: 'future' });
  const earliest = new Date(now.getTime() - OUTSIDE_REPORT_MAX_AGE_DAYS * DAY_MS).toISOString().slice(0, 10);
  if (date < earliest) throw new RuleViolationError('outside.tooOld', { earliest }, { field: 'date', reason: 'too_old' });
}

/** The report of an outside meeting, in the developments report's shape (the queue and the brief read one shape). */
export function outsideReport(input: ParsedOutsideInput, ids: { eventId: string; id: string }, author: DevelopmentsReport['author'], now: Date): DevelopmentsReport {
  const { body, bodyKind, meetingTitle, date, place, online, workingOn, ...quickForm } = input;
  return {
    ...quickForm,
    id: ids.id,
    eventId: ids.eventId,
    eventTitle: meetingTitle,
    // A date, no time: noon UTC keeps the day the same in every European zone.
    eventStartsAt: `${date}T12:00:00.000Z`,
    eventTimeZone: 'UTC',
    outside: { body, bodyKind, date, place, online, workingOn },
    author,
    status: 'pending',
    submittedAt: now.toISOString(),
  };
}

/** The same body however it was typed ("EUROCITIES ", "Eurocities"). */
export const bodyKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

export interface ConnectionMeeting {
  reportId: string;
  date: string;
  title: string;
  attendee: { name: string; organisation: string };
  place: string;
  online: boolean;
}
export interface Connection {
  body: string;
  bodyKind: OutsideBodyKind;
  meetings: ConnectionMeeting[];
  /** What the body works on, as the reports say, newest first. */
  workingOn: { date: string; text: string }[];
  lastMet: string;
  /** Not met within the overview's gap window: an outreach gap to look at. */
  gap: boolean;
}

/** A body not met for this many months shows as a gap. */
export const CONNECTION_GAP_MONTHS = 6;

/**
 * The Partnership's connections, from accepted reports that name an outside body: per body (most
 * recently met first) the meetings, who attended and when, and what it is working on. Outreach
 * gaps: bodies not met in the last CONNECTION_GAP_MONTHS months, and kinds of body nobody met.
 */
export function connectionsOverview(reports: readonly DevelopmentsReport[], now: Date) {
  const gapSince = new Date(now);
  gapSince.setUTCMonth(gapSince.getUTCMonth() - CONNECTION_GAP_MONTHS);
  const since = gapSince.toISOString().slice(0, 10);
  const byBody = new Map<string, DevelopmentsReport[]>();
  for (const report of reports) {
    if (report.status !== 'accepted' || !report.outside) continue;
    const key = bodyKey(report.outside.body);
    byBody.set(key, [...(byBody.get(key) ?? []), report]);
  }
  const connections: Connection[] = [...byBody.values()].map((list) => {
    const sorted = [...list].sort((a, b) => b.outside!.date.localeCompare(a.outside!.date) || b.id.localeCompare(a.id));
    const latest = sorted[0]!.outside!;
    return {
      body: latest.body,
      bodyKind: latest.bodyKind,
      meetings: sorted.map((r) => ({ reportId: r.id, date: r.outside!.date, title: r.eventTitle, attendee: { name: r.author.name, organisation: r.author.organisation }, place: r.outside!.place, online: r.outside!.online })),
      workingOn: sorted.filter((r) => r.outside!.workingOn).map((r) => ({ date: r.outside!.date, text: r.outside!.workingOn })),
      lastMet: latest.date,
      gap: latest.date < since,
    };
  });
  connections.sort((a, b) => b.lastMet.localeCompare(a.lastMet) || a.body.localeCompare(b.body));
  const kindsMet = new Set(connections.map((c) => c.bodyKind));
  return {
    connections,
    gaps: {
      months: CONNECTION_GAP_MONTHS,
      since,
      notMetSince: connections.filter((c) => c.gap).map((c) => c.body),
      kindsWithoutConnection: outsideBodyKinds.filter((k) => k !== 'other' && !kindsMet.has(k)),
    },
  };
}

/** The overview as a spreadsheet: one row a meeting. */
export function connectionsCsv(connections: readonly Connection[]): string {
  const rows = [['body', 'kind', 'last met', 'gap', 'meeting date', 'meeting', 'attended by', 'organisation', 'place', 'working on']];
  for (const c of connections) {
    for (const m of c.meetings) {
      const workingOn = c.workingOn.find((w) => w.date === m.date)?.text ?? '';
      rows.push([c.body, outsideBodyKindLabels[c.bodyKind], c.lastMet, c.gap ? 'yes' : 'no', m.date, m.title, m.attendee.name, m.attendee.organisation, [m.place, m.online ? 'online' : ''].filter(Boolean).join('; '), workingOn]);
    }
  }
  return toCsv(rows);
}

/** The regular request to members: off, monthly, or every N weeks. */
export const requestSettingSchema = z.discriminatedUnion('every', [
  z.object({ every: z.literal('off') }),
  z.object({ every: z.literal('month') }),
  z.object({ every: z.literal('weeks'), weeks: z.number().int().min(1, 'field.weeks').max(26, 'field.weeks') }),
]);
export type RequestSetting = z.output<typeof requestSettingSchema>;

/** Mondays from this one on, so an "every N weeks" period falls on the same days whoever set it. */
const WEEK_EPOCH = Date.UTC(2024, 0, 1);

/**
 * The request period `now` falls in, as a short id (`2027-03`, `w2-2027-03-01`): the job mails
 * each active member once per period, so the id is the mailing's. None when the request is off.
 */
export function requestPeriod(setting: RequestSetting, now: Date): string | undefined {
  if (setting.every === 'off') return undefined;
  if (setting.every === 'month') return now.toISOString().slice(0, 7);
  const span = setting.weeks * 7 * DAY_MS;
  const start = WEEK_EPOCH + Math.floor((now.getTime() - WEEK_EPOCH) / span) * span;
  return `w${setting.weeks}-${new Date(start).toISOString().slice(0, 10)}`;
}

/** The regular email asking a member about the meetings they attended outside the hub, in their language. */
export function outsideRequestEmail(to: { email: string; name: string; language?: string | undefined }, options: { baseUrl: string }): OutgoingEmail {
  const w = mailWords(to.language);
  const body = renderEmail({
    heading: w('outside.heading'),
    paragraphs: [w('hello', { name: to.name }), w('outside.ask'), w('outside.use')],
    action: { label: w('outside.action'), url: `${options.baseUrl}${localPath(w.language, '/members/outside/')}` },
    footer: { text: w('outside.footer') },
    language: w.language,
  });
  return { to: to.email, subject: w('outside.subject'), ...body };
}
