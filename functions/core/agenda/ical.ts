import ical, { ICalCalendarMethod } from 'ical-generator';
import type { AgendaEvent } from './event.ts';

const prodId = { company: 'Partnership on Inclusion of Migrants and Refugees', product: 'Partnership Hub', language: 'EN' };

/** A stable UID per event: calendars update the same entry when we send it again. */
export const eventUid = (eventId: string, host: string) => `event-${eventId}@${host}`;

/**
 * An iCalendar text of events. Times are written in UTC (`DTSTART:…Z`), valid without a
 * VTIMEZONE block; calendars show them in the reader's own zone.
 */
export function eventsCalendar(
  events: AgendaEvent[],
  options: { baseUrl: string; name: string; now: Date; method?: 'publish' },
): string {
  const host = new URL(options.baseUrl).hostname;
  const calendar = ical({ name: options.name, prodId, ...(options.method ? { method: ICalCalendarMethod.PUBLISH } : {}) });
  for (const event of events) {
    calendar.createEvent({
      id: eventUid(event.id, host),
      start: new Date(event.startsAt),
      end: new Date(event.endsAt),
      stamp: options.now,
      summary: event.title,
      description: [event.description, event.online ? `Online: ${event.online}` : ''].filter(Boolean).join('\n\n'),
      location: event.place ?? event.online ?? null,
      url: `${options.baseUrl}/members/events/event/?id=${event.id}`,
    });
  }
  return calendar.toString();
}
