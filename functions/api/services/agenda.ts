import { randomUUID } from 'node:crypto';
import { hashSecret, newSecret } from '../../core/auth/secrets.ts';
import { sessionStands, type Session } from '../../core/auth/session.ts';
import { mailingEmail, seatConfirmedEmail, waitlistedEmail } from '../../core/agenda/emails.ts';
import { newEvent, type AgendaEvent, type ParsedEventInput } from '../../core/agenda/event.ts';
import { eventsCalendar } from '../../core/agenda/ical.ts';
import type { Registration } from '../../core/agenda/registration.ts';
import { assertRegistrationOpen, canSee, mailingDue, REPORT_INVITATION_WINDOW_MS, splitByTime } from '../../core/agenda/rules.ts';
import { DAY_MS } from '../../core/agenda/time.ts';
import { InvalidFieldError, NotFoundError } from '../../core/errors.ts';
import type { OutgoingEmail } from '../../core/mail/message.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import { inLanes } from '../../core/lanes.ts';
import { keyOf, mailing, outboxMessage, type OutboxKey, type OutboxMessage } from '../../core/outbox/message.ts';
import type { Deps } from '../deps.ts';
import { recordConsent } from './consent.ts';
import { sourceOf } from '../../core/privacy/ledger.ts';
import { enqueueOrLeave, queueMessages } from './outbox.ts';

/** What changing registrations and mailing registrants through the outbox touches. */
type RegistrantMailPorts = Pick<Deps, 'config' | 'events' | 'ledger' | 'now' | 'outbox' | 'outboxQueue' | 'partnership' | 'registrations'>;

/** How far back the members' list and the jobs look: a year of past events is plenty for people. */
const HISTORY_MS = 365 * DAY_MS;
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/**
 * A registration stands even when its email fails (SES down, throttled): the member sees their
 * status on the page, and the failure is logged for the secretariat. This is the answer to the
 * person's own act, sent at once; reminders and promotions go through the outbox.
 */
async function sendQuietly(deps: Pick<Deps, 'mailer'>, email: OutgoingEmail, about: { eventId: string; why: string }) {
  try {
    await deps.mailer.send(email);
  } catch (error) {
    // The log names the person by the same hash their deliveries carry, never by address.
    logLine('error', 'agenda email not sent', { ...about, recipientKey: recipientKeyOf(email.to), ...describeError(error) });
  }
}

/** Reminders and promotions ask the ledger first: someone suppressed since they registered is not mailed. */
async function mayMailAbout(deps: Pick<Deps, 'ledger'>, email: string, about: { eventId: string; why: string }) {
  if (await deps.ledger.mayMail(email, 'events')) return true;
  logLine('info', 'agenda email not sent: the person asked not to be mailed', { ...about, recipientKey: recipientKeyOf(email) });
  return false;
}

export async function createEvent(deps: Pick<Deps, 'events' | 'now' | 'partnership'>, session: Session, input: ParsedEventInput): Promise<AgendaEvent> {
  if (input.groupId && !(await deps.partnership.getGroup(input.groupId))) {
    throw new InvalidFieldError('groupId', 'event.groupUnknown', { group: input.groupId });
  }
  const event = newEvent(input, { id: randomUUID(), createdBy: session.email, now: deps.now() });
  await deps.events.createEvent(event);
  return event;
}

/** The event, if this member may see it; otherwise "not found", so a group's events stay undisclosed. */
export async function visibleEvent(deps: Pick<Deps, 'events' | 'now'>, session: Session, id: string): Promise<AgendaEvent> {
  const event = await deps.events.getEvent(id);
  if (!event || !canSee(event, session, deps.now())) throw new NotFoundError('event.none');
  return event;
}

export function eventView(event: AgendaEvent, registration?: Registration) {
  return {
    id: event.id,
    slug: event.slug,
    title: event.title,
    description: event.description,
    start: event.start,
    end: event.end,
    timeZone: event.timeZone,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    ...(event.place ? { place: event.place } : {}),
    ...(event.online ? { online: event.online } : {}),
    visibility: event.visibility,
    ...(event.groupId ? { groupId: event.groupId } : {}),
    ...(event.capacity ? { capacity: event.capacity, seatsLeft: Math.max(0, event.capacity - event.registered) } : {}),
    ...(event.registrationDeadline ? { registrationDeadline: event.registrationDeadline } : {}),
    actions: event.actions,
    registered: event.registered,
    waitlisted: event.waitlisted,
    myStatus: registration?.status ?? null,
  };
}

export async function listEventsFor(deps: Pick<Deps, 'events' | 'now' | 'registrations'>, session: Session) {
  const now = deps.now();
  const [events, mine] = await Promise.all([
    deps.events.eventsStartingBetween(new Date(now.getTime() - HISTORY_MS).toISOString(), FAR_FUTURE),
    deps.registrations.registrationsOfMember(session.email),
  ]);
  const byEvent = new Map(mine.map((r) => [r.eventId, r]));
  const { upcoming, past } = splitByTime(events.filter((e) => canSee(e, session, now)), now);
  return {
    upcoming: upcoming.map((e) => eventView(e, byEvent.get(e.id))),
    past: past.map((e) => eventView(e, byEvent.get(e.id))),
  };
}

export async function register(deps: Pick<Deps, 'config' | 'events' | 'ledger' | 'mailer' | 'now' | 'partnership' | 'registrations'>, session: Session, id: string) {
  const now = deps.now();
  const event = await visibleEvent(deps, session, id);
  assertRegistrationOpen(event, now);
  const member = await deps.partnership.getMember(session.email);
  const person = { email: session.email, name: member?.name ?? session.name, organisation: member?.organisation ?? '' };
  const outcome = await deps.registrations.register(event, person, now);
  if (!outcome.already) {
    await recordConsent(deps, person.email, 'events', sourceOf('event-registration', { event: event.title, eventId: event.id }));
    const email =
      outcome.status === 'registered'
        ? seatConfirmedEmail(event, { ...person, language: member?.language }, { baseUrl: deps.config.BASE_URL, now, promoted: false })
        : waitlistedEmail(event, { ...person, language: member?.language }, { baseUrl: deps.config.BASE_URL });
    await sendQuietly(deps, email, { eventId: event.id, why: outcome.status });
  }
  return outcome;
}

/**
 * Fills free seats from the waitlist, earliest first, each promoted member told once: the
 * promotion's email is recorded in the outbox (keyed by the event, the promotion's time and the
 * person's hash) and sent by the send worker.
 */
export async function fillFreeSeats(deps: RegistrantMailPorts, eventId: string): Promise<number> {
  let promoted = 0;
  const messages: OutboxMessage[] = [];
  for (;;) {
    const next = await deps.registrations.promoteNext(eventId, deps.now());
    if (!next) break;
    promoted++;
    if (!(await mayMailAbout(deps, next.email, { eventId, why: 'promoted' }))) continue;
    const event = (await deps.events.getEvent(eventId))!;
    const at = new Date(next.promotedAt ?? deps.now());
    const language = (await deps.partnership.getMember(next.email))?.language;
    messages.push(outboxMessage(mailing('promotion', eventId, at.getTime().toString(36)), seatConfirmedEmail(event, { ...next, language }, { baseUrl: deps.config.BASE_URL, now: deps.now(), promoted: true }), deps.now()));
  }
  await queueMessages(deps, messages);
  return promoted;
}

export async function cancel(deps: RegistrantMailPorts, session: Session, id: string) {
  const event = await visibleEvent(deps, session, id);
  const was = await deps.registrations.cancel(event.id, session.email);
  const promoted = was === 'registered' && event.capacity && Date.parse(event.startsAt) > deps.now().getTime() ? await fillFreeSeats(deps, event.id) : 0;
  return { cancelled: was, promoted };
}

/**
 * The "reminders" job: the 7-day and 1-day reminders, the invitation to report after the event,
 * and seats a crashed cancellation left free. Each registrant's email is recorded in the outbox
 * (keyed by the mailing, the event and the person's hash) before the registration's mark, both
 * conditional, so running the job twice (or twice at once, or after a run that died halfway)
 * mails each registrant once; the send worker sends them.
 */
export async function runReminders(deps: RegistrantMailPorts) {
  const now = deps.now();
  const from = new Date(now.getTime() - REPORT_INVITATION_WINDOW_MS - 30 * DAY_MS).toISOString();
  const to = new Date(now.getTime() + 7 * DAY_MS + 60_000).toISOString();
  const events = await deps.events.eventsStartingBetween(from, to);
  const result = { events: 0, 'reminder-7d': 0, 'reminder-1d': 0, 'report-invitation': 0, promoted: 0, suppressed: 0 };
  for (const event of events) {
    if (event.capacity && event.waitlisted > 0 && event.registered < event.capacity && Date.parse(event.startsAt) > now.getTime()) {
      result.promoted += await fillFreeSeats(deps, event.id);
    }
    const due = mailingDue(event, now);
    if (!due) continue;
    result.events++;
    const registrations = (await deps.registrations.registrationsOf(event.id)).filter((r) => r.status === 'registered' && !r.mailings[due]);
    const of = mailing(due, event.id);
    const toMail: { registration: Registration; message: OutboxMessage }[] = [];
    const languages = await deps.partnership.languagesOf(registrations.map((r) => r.email));
    for (const registration of registrations) {
      if (await mayMailAbout(deps, registration.email, { eventId: event.id, why: due })) {
        const to = { ...registration, language: languages.get(registration.email) };
        toMail.push({ registration, message: outboxMessage(of, mailingEmail(due, event, to, { baseUrl: deps.config.BASE_URL, now }), now) });
      } else if (await deps.registrations.claimMailing(event.id, registration.email, due, now)) {
        // Marked all the same, so a later run does not ask again.
        result.suppressed++;
      }
    }
    const { written } = await deps.outbox.record(toMail.map((m) => m.message));
    const recordedHere = new Set(written.map((k) => k.recipientKey));
    const keys: OutboxKey[] = [];
    await inLanes(toMail, 8, async ({ registration, message }) => {
      if (await deps.registrations.claimMailing(event.id, registration.email, due, now)) {
        result[due]++;
        keys.push(keyOf(message));
        return;
      }
      // Marked by a run at the same time (which enqueues its email), or no longer registered: then
      // the email this run recorded is closed unsent.
      const current = await deps.registrations.getRegistration(event.id, registration.email);
      if (recordedHere.has(message.recipientKey) && current?.status !== 'registered') {
        await deps.outbox.withdraw(keyOf(message), 'The registration was cancelled before this email was sent.', deps.now());
      }
    });
    await enqueueOrLeave(deps, keys);
  }
  return result;
}

/** A new secret feed address; only its hash is stored, and the previous address stops working. */
export async function rotateCalendarFeed(deps: Pick<Deps, 'config' | 'now' | 'registrations'>, session: Session) {
  const token = newSecret();
  await deps.registrations.rotateFeed(session.email, hashSecret(token), deps.now());
  return { url: `${deps.config.BASE_URL}/api/calendar/${token}.ics` };
}

/** The iCalendar of a feed token's owner: the events they hold a seat for and may still see. */
export async function calendarFeed(deps: Pick<Deps, 'config' | 'events' | 'now' | 'partnership' | 'registrations'>, token: string): Promise<string> {
  const email = await deps.registrations.feedOwner(hashSecret(token));
  if (!email) throw new NotFoundError('event.calendarInvalid');
  const [member, memberships, registrations] = await Promise.all([
    deps.partnership.getMember(email),
    deps.partnership.groupsOf(email),
    deps.registrations.registrationsOfMember(email),
  ]);
  const now = deps.now();
  const viewer: Session = {
    idHash: '',
    email,
    name: member?.name ?? email,
    secretariat: member?.secretariat ?? false,
    // The feed is read with no session, so the owner's standing is decided here, from the store.
    ...(member?.contributorUntil ? { contributorUntil: member.contributorUntil } : {}),
    groups: memberships.map((m) => ({ groupId: m.groupId, role: m.role, ...(m.until ? { until: m.until } : {}) })),
    createdAt: now.toISOString(),
    expiresAt: 0,
  };
  // Someone who no longer belongs (a contributor whose work has ended) has no feed left to read.
  if (!member || !sessionStands(viewer, now)) throw new NotFoundError('event.calendarInvalid');
  const events = (
    await Promise.all(registrations.filter((r) => r.status === 'registered').map((r) => deps.events.getEvent(r.eventId)))
  ).filter((e): e is AgendaEvent => !!e && canSee(e, viewer, now));
  return eventsCalendar(events, { baseUrl: deps.config.BASE_URL, name: 'My partnership events', now });
}
