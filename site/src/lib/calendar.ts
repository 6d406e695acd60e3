import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Locale } from '../i18n/index.ts';
import { localizedPath, translator } from '../i18n/index.ts';
import { zonedToUtc, type Localized } from './content.ts';

/**
 * An iCalendar (RFC 5545) of the given events. Times are written in UTC ("Z"): a TZID needs a
 * VTIMEZONE block we would have to generate, while UTC is valid everywhere and every client shows
 * it in the reader's own zone. The event's zone is named in the description.
 */
export function agendaCalendar(events: Localized<'events'>[], locale: Locale, site: URL, stamp = new Date()) {
  const t = translator(locale);
  const calendar = ical({
    name: t('agenda.calName'),
    prodId: { company: 'Partnership on Inclusion of Migrants and Refugees', product: 'Partnership Hub', language: locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    url: new URL(localizedPath('/agenda/', locale), site).href,
  });
  for (const { entry, slug } of events) {
    const { title, start, end, timeZone, place, online, summary, registration } = entry.data;
    const url = new URL(localizedPath(`/agenda/${slug}/`, locale), site).href;
    calendar.createEvent({
      // Stable across builds and languages, so a re-import updates the event instead of duplicating it.
      id: `${slug}@${site.hostname}`,
      stamp,
      start: zonedToUtc(start, timeZone),
      end: zonedToUtc(end, timeZone),
      summary: title,
      description: [summary, t('labelled', { label: t('event.register'), value: registration }), t('event.timeZone', { zone: timeZone }), url].join('\n\n'),
      location: [place, online].filter(Boolean).join(' · '),
      url,
    });
  }
  return calendar.toString();
}

export function icsResponse(body: string) {
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
}
