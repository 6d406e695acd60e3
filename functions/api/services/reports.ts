import { hashSecret } from '../../core/auth/secrets.ts';
import type { Session } from '../../core/auth/session.ts';
import { assertReportOpen } from '../../core/agenda/rules.ts';
import { NotFoundError, RuleViolationError } from '../../core/errors.ts';
import { briefMarkdown, briefSections } from '../../core/reports/brief.ts';
import { applyReview, type DevelopmentsReport, type ParsedReportInput, type reviewInputSchema } from '../../core/reports/report.ts';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { agreedBetween } from './agreements.ts';
import { visibleEvent } from './agenda.ts';

export const reportId = (eventId: string, email: string) => `${eventId}.${hashSecret(email).slice(0, 20)}`;

/** The signed-in member's report on an event, if they wrote one. */
export async function ownReport(deps: Pick<Deps, 'events' | 'now' | 'reports'>, session: Session, eventId: string) {
  await visibleEvent(deps, session, eventId);
  const report = await deps.reports.getReport(reportId(eventId, session.email));
  if (!report) throw new NotFoundError('report.notYet');
  return report;
}

/** Only those who held a seat report; a new version replaces the old one until it is reviewed. */
export async function submitReport(deps: Pick<Deps, 'events' | 'now' | 'partnership' | 'registrations' | 'reports'>, session: Session, eventId: string, input: ParsedReportInput) {
  const now = deps.now();
  const event = await visibleEvent(deps, session, eventId);
  assertReportOpen(event, now);
  const registration = await deps.registrations.getRegistration(eventId, session.email);
  if (registration?.status !== 'registered') {
    throw new RuleViolationError('report.registeredOnly', {}, { reason: 'not_registered' });
  }
  const member = await deps.partnership.getMember(session.email);
  const report: DevelopmentsReport = {
    ...input,
    id: reportId(eventId, session.email),
    eventId,
    eventTitle: event.title,
    eventStartsAt: event.startsAt,
    eventTimeZone: event.timeZone,
    author: { email: session.email, name: member?.name ?? session.name, organisation: member?.organisation ?? '' },
    status: 'pending',
    submittedAt: now.toISOString(),
  };
  await deps.reports.submit(report);
  return report;
}

export async function reviewReport(deps: Pick<Deps, 'now' | 'reports'>, session: Session, id: string, review: z.output<typeof reviewInputSchema>) {
  const report = await deps.reports.getReport(id);
  if (!report) throw new NotFoundError('report.none');
  if (report.status !== 'pending') throw new RuleViolationError('report.reviewed', {}, { status: report.status });
  const reviewed = applyReview(report, review, session.email, deps.now());
  await deps.reports.review(reviewed);
  return reviewed;
}

/** A period given as calendar days, both included, read in UTC. */
export function periodBounds(from: string, to: string) {
  return { from: `${from}T00:00:00.000Z`, to: `${to}T23:59:59.999Z` };
}

async function actionTitles(deps: Pick<Deps, 'partnership'>): Promise<Record<number, string>> {
  const groups = await deps.partnership.listGroups();
  return Object.fromEntries(
    groups.filter((g) => g.actionNumber).map((g) => [g.actionNumber!, g.name.replace(/^Action \d+:\s*/, '')]),
  );
}

export async function plenaryBrief(deps: Pick<Deps, 'agreements' | 'partnership' | 'reports'>, from: string, to: string) {
  const bounds = periodBounds(from, to);
  const [reports, titles, agreements] = await Promise.all([deps.reports.reviewedBetween('accepted', bounds.from, bounds.to), actionTitles(deps), agreedBetween(deps, from, to)]);
  return {
    from,
    to,
    sections: briefSections(reports).map((s) => ({ action: s.action, title: s.action === 0 ? '' : (titles[s.action] ?? ''), reports: s.reports })),
    agreements,
    markdown: briefMarkdown({ from, to, reports, actionTitles: titles, agreements }),
  };
}
