import { roleIn, sessionStands, type Session } from '../auth/session.ts';
import { RuleViolationError } from '../errors.ts';
import type { AgendaEvent } from './event.ts';
import { DAY_MS } from './time.ts';

/**
 * Who sees an event: public events anyone signed in; members' events whoever still belongs (a
 * contributor while a contribution runs, not after); a group's event only its group (any role,
 * contributors while their access lasts) and the secretariat.
 */
export function canSee(event: Pick<AgendaEvent, 'visibility' | 'groupId'>, session: Session, now: Date): boolean {
  if (event.visibility === 'public') return true;
  if (event.visibility === 'members') return sessionStands(session, now);
  return session.secretariat || roleIn(session, event.groupId ?? '', now) !== undefined;
}

/** Registration closes at the deadline, or at the start when there is none. */
export function assertRegistrationOpen(event: AgendaEvent, now: Date): void {
  if (now.getTime() >= Date.parse(event.startsAt)) {
    throw new RuleViolationError('event.registrationStarted', {}, { reason: 'started' });
  }
  if (event.deadlineAt && now.getTime() > Date.parse(event.deadlineAt)) {
    throw new RuleViolationError('event.registrationDeadline', {}, { reason: 'deadline_passed' });
  }
}

/** A developments report is about what happened, so it opens once the event has started. */
export function assertReportOpen(event: AgendaEvent, now: Date): void {
  if (now.getTime() < Date.parse(event.startsAt)) {
    throw new RuleViolationError('event.reportNotStarted', {}, { reason: 'not_started' });
  }
}

export type Mailing = 'reminder-7d' | 'reminder-1d' | 'report-invitation';

/** How long after the end registrants are still invited to report: later invitations are noise. */
export const REPORT_INVITATION_WINDOW_MS = 14 * DAY_MS;

/**
 * Which mailing an event is due for now. Each is a window, so a job that runs late still sends,
 * and a reminder whose window has passed (an event created the day before) is not sent late.
 */
export function mailingDue(event: Pick<AgendaEvent, 'startsAt' | 'endsAt'>, now: Date): Mailing | undefined {
  const t = now.getTime();
  const start = Date.parse(event.startsAt);
  const end = Date.parse(event.endsAt);
  if (t >= end) return t < end + REPORT_INVITATION_WINDOW_MS ? 'report-invitation' : undefined;
  if (t >= start) return undefined;
  if (t >= start - DAY_MS) return 'reminder-1d';
  if (t >= start - 7 * DAY_MS) return 'reminder-7d';
  return undefined;
}

/** Upcoming events soonest first; past events most recent first. */
export function splitByTime<T extends Pick<AgendaEvent, 'startsAt' | 'endsAt'>>(events: T[], now: Date) {
  const t = now.getTime();
  const upcoming = events.filter((e) => Date.parse(e.endsAt) > t).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = events.filter((e) => Date.parse(e.endsAt) <= t).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return { upcoming, past };
}
