import { renderEmail } from '../mail/layout.ts';
import type { OutgoingEmail } from '../mail/message.ts';
import { localPath, mailWords, type MailWords } from '../mail/words.ts';
import type { AgendaEvent } from './event.ts';
import { eventsCalendar } from './ical.ts';
import type { Mailing } from './rules.ts';
import { formatInZone } from './time.ts';

interface Recipient {
  email: string;
  name: string;
  /** The member's language: the hub's words and the dates are written in it, the event's title as it is. */
  language?: string | undefined;
}

const footer = (w: MailWords) => ({ text: w('agenda.footer') });
const eventPage = (baseUrl: string, event: AgendaEvent, w: MailWords) => `${baseUrl}${localPath(w.language, '/members/events/event/')}?id=${event.id}`;
/** The event's times in its own zone, written the language's way (British English for English: day before month). */
const when = (event: AgendaEvent, w: MailWords) => {
  const locale = w.language === 'en' ? 'en-GB' : w.language;
  return w('agenda.when', { start: formatInZone(event.startsAt, event.timeZone, locale), end: formatInZone(event.endsAt, event.timeZone, locale) });
};
const where = (event: AgendaEvent, w: MailWords) => w('agenda.where', { where: [event.place, event.online ? w('agenda.online', { link: event.online }) : ''].filter(Boolean).join('; ') });

function invitation(event: AgendaEvent, baseUrl: string, now: Date) {
  return {
    filename: 'invitation.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: eventsCalendar([event], { baseUrl, name: event.title, now, method: 'publish' }),
  };
}

/** Sent when a seat is taken, either at once or from the waitlist: carries the .ics invitation. */
export function seatConfirmedEmail(event: AgendaEvent, to: Recipient, options: { baseUrl: string; now: Date; promoted: boolean }): OutgoingEmail {
  const w = mailWords(to.language);
  const kind = options.promoted ? 'promoted' : 'registered';
  const title = { title: event.title };
  const body = renderEmail({
    heading: w(`agenda.${kind}.heading`, title),
    paragraphs: [w('hello', { name: to.name }), w(`agenda.${kind}.text`), when(event, w), where(event, w), w('agenda.invitation')],
    action: { label: w('agenda.action'), url: eventPage(options.baseUrl, event, w) },
    footer: footer(w),
    language: w.language,
  });
  return { to: to.email, subject: w(`agenda.${kind}.subject`, title), ...body, attachments: [invitation(event, options.baseUrl, options.now)] };
}

export function waitlistedEmail(event: AgendaEvent, to: Recipient, options: { baseUrl: string }): OutgoingEmail {
  const w = mailWords(to.language);
  const title = { title: event.title };
  const body = renderEmail({
    heading: w('agenda.waitlist.heading', title),
    paragraphs: [w('hello', { name: to.name }), w('agenda.waitlist.text'), when(event, w)],
    action: { label: w('agenda.action'), url: eventPage(options.baseUrl, event, w) },
    footer: footer(w),
    language: w.language,
  });
  return { to: to.email, subject: w('agenda.waitlist.subject', title), ...body };
}

/** The 7-day and 1-day reminders, and the invitation to report after the event. */
export function mailingEmail(kind: Mailing, event: AgendaEvent, to: Recipient, options: { baseUrl: string; now: Date }): OutgoingEmail {
  const w = mailWords(to.language);
  const title = { title: event.title };
  if (kind === 'report-invitation') {
    const body = renderEmail({
      heading: w('agenda.report.heading', title),
      paragraphs: [w('hello', { name: to.name }), w('agenda.report.text'), w('agenda.report.plenary')],
      action: { label: w('agenda.report.action'), url: `${options.baseUrl}${localPath(w.language, '/members/report/')}?event=${event.id}` },
      footer: footer(w),
      language: w.language,
    });
    return { to: to.email, subject: w('agenda.report.subject', title), ...body };
  }
  const body = renderEmail({
    heading: w(`agenda.${kind}.heading`, title),
    paragraphs: [w('hello', { name: to.name }), when(event, w), where(event, w), w('agenda.reminder.cancel')],
    action: { label: w('agenda.action'), url: eventPage(options.baseUrl, event, w) },
    footer: footer(w),
    language: w.language,
  });
  return { to: to.email, subject: w(`agenda.${kind}.subject`, title), ...body, attachments: [invitation(event, options.baseUrl, options.now)] };
}
