/** Client helpers shared by the agenda's members' and console pages. */
import type { Schema } from './api.ts';

// The page's UI strings: shared with the console, in site/src/lib/messages.ts.
export { messagesOf } from './messages.ts';

/** An instant shown in the event's own zone, as people at the place read it. */
export function inZone(instant: string, timeZone: string, locale: string): string {
  return `${new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(instant))} (${timeZone})`;
}

/** An event as the API answers it. */
export type AgendaEvent = Schema<'AgendaEvent'>;
