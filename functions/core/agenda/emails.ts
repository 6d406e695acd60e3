import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import type { AgendaEvent } from './event.ts';
import { eventsCalendar } from './ical.ts';
import type { Mailing } from './rules.ts';
import { formatInZone } from './time.ts';

interface Recipient {
  email: string;
  name: string;
}

const footer = {
  text: 'You get this email because you registered for this event in the Partnership Hub. Cancel your registration in the members\' area if you cannot come.',
};
const eventPage = (baseUrl: string, event: AgendaEvent) => `${baseUrl}/members/events/event/?id=${event.id}`;
const when = (event: AgendaEvent) => `${formatInZone(event.startsAt, event.timeZone)} to ${formatInZone(event.endsAt, event.timeZone)}`;
const where = (event: AgendaEvent) => [event.place, event.online ? `online: ${event.online}` : ''].filter(Boolean).join('; ');

function invitation(event: AgendaEvent, baseUrl: string, now: Date) {
  return {
    filename: 'invitation.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: eventsCalendar([event], { baseUrl, name: event.title, now, method: 'publish' }),
  };
}

/** Sent when a seat is taken, either at once or from the waitlist: carries the .ics invitation. */
export function seatConfirmedEmail(event: AgendaEvent, to: Recipient, options: { baseUrl: string; now: Date; promoted: boolean }): OutgoingEmail {
  const body = renderEmail({
    heading: options.promoted ? `A seat opened up: you are registered for ${event.title}` : `You are registered for ${event.title}`,
    paragraphs: [
      `Hello ${to.name},`,
      options.promoted
        ? 'Someone cancelled, and you were next on the waitlist: your seat is confirmed.'
        : 'Your seat is confirmed.',
      `When: ${when(event)}`,
      `Where: ${where(event)}`,
      'The attached invitation (invitation.ics) adds the event to your calendar.',
    ],
    action: { label: 'See the event', url: eventPage(options.baseUrl, event) },
    footer,
  });
  return {
    to: to.email,
    subject: options.promoted ? `Seat confirmed from the waitlist: ${event.title}` : `Registered: ${event.title}`,
    ...body,
    attachments: [invitation(event, options.baseUrl, options.now)],
  };
}

export function waitlistedEmail(event: AgendaEvent, to: Recipient, options: { baseUrl: string }): OutgoingEmail {
  const body = renderEmail({
    heading: `You are on the waitlist for ${event.title}`,
    paragraphs: [
      `Hello ${to.name},`,
      'All seats are taken. You are on the waitlist: if someone cancels, the earliest on the list gets the seat and an email with the invitation.',
      `When: ${when(event)}`,
    ],
    action: { label: 'See the event', url: eventPage(options.baseUrl, event) },
    footer,
  });
  return { to: to.email, subject: `Waitlist: ${event.title}`, ...body };
}

/** The 7-day and 1-day reminders, and the invitation to report after the event. */
export function mailingEmail(kind: Mailing, event: AgendaEvent, to: Recipient, options: { baseUrl: string; now: Date }): OutgoingEmail {
  if (kind === 'report-invitation') {
    const body = renderEmail({
      heading: `What came out of ${event.title}?`,
      paragraphs: [
        `Hello ${to.name},`,
        'Thank you for taking part. In two minutes, tell the secretariat what happened that matters for the partnership: what was decided or learnt, which Actions it concerns, links, and any follow-up you ask for.',
        'The secretariat reviews the reports and presents them at the next plenary meeting.',
      ],
      action: { label: 'Write the developments report', url: `${options.baseUrl}/members/report/?event=${event.id}` },
      footer,
    });
    return { to: to.email, subject: `Developments report: ${event.title}`, ...body };
  }
  const days = kind === 'reminder-7d' ? 'in a week' : 'tomorrow';
  const body = renderEmail({
    heading: `Reminder: ${event.title} is ${days}`,
    paragraphs: [`Hello ${to.name},`, `When: ${when(event)}`, `Where: ${where(event)}`, 'If you cannot come, cancel your registration: someone on the waitlist may take your seat.'],
    action: { label: 'See the event', url: eventPage(options.baseUrl, event) },
    footer,
  });
  return {
    to: to.email,
    subject: `Reminder (${days}): ${event.title}`,
    ...body,
    attachments: [invitation(event, options.baseUrl, options.now)],
  };
}
