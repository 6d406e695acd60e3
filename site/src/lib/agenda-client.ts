/** Client helpers shared by the agenda's members' and console pages. */
// The page's UI strings: shared with the console, in site/src/lib/messages.ts.
export { messagesOf } from './messages.ts';

/** An instant shown in the event's own zone, as people at the place read it. */
export function inZone(instant: string, timeZone: string, locale: string): string {
  return `${new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(instant))} (${timeZone})`;
}

export interface AgendaEvent {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  place?: string;
  online?: string;
  visibility: string;
  groupId?: string;
  capacity?: number;
  seatsLeft?: number;
  registrationDeadline?: string;
  actions: number[];
  registered: number;
  waitlisted: number;
  myStatus: 'registered' | 'waitlisted' | null;
}

/** DELETE with the same error shape as postJson. */
export async function deleteJson<T>(path: string): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    const response = await fetch(path, { method: 'DELETE', headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const data: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, data: data as T };
    return { ok: false, message: (data as { error?: { message?: string } } | undefined)?.error?.message ?? `The server answered ${response.status}.` };
  } catch {
    return { ok: false, message: 'The hub could not be reached. Check your connection and try again.' };
  }
}
