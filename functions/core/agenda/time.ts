import { z } from 'zod';

/** True when the runtime knows `zone` as an IANA time zone (Europe/Brussels, UTC, …). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().trim().refine(isTimeZone, 'field.timeZone');

/**
 * A wall-clock time as people write it for a place, without offset: the event's time zone says
 * which instant it is, so a session at 09:30 in Athens stays at 09:30 across summer time.
 */
export const wallClockSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'field.localTime')
  .refine(isRealDateTime, 'field.realDateTime');

function fields(local: string) {
  const [date, time] = local.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second = 0] = time.split(':').map(Number) as [number, number, number?];
  return { year, month, day, hour, minute, second };
}

function isRealDateTime(local: string): boolean {
  const f = fields(local);
  const probe = new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second));
  return (
    probe.getUTCFullYear() === f.year &&
    probe.getUTCMonth() === f.month - 1 &&
    probe.getUTCDate() === f.day &&
    probe.getUTCHours() === f.hour &&
    probe.getUTCMinutes() === f.minute
  );
}

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - instant;
}

/** The instant a wall-clock time in `timeZone` names (in a spring-forward gap, the later side). */
export function zonedToUtc(local: string, timeZone: string): Date {
  const f = fields(local);
  const asIfUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  const first = offsetAt(asIfUtc, timeZone);
  let instant = asIfUtc - first;
  const second = offsetAt(instant, timeZone);
  if (second !== first) instant = asIfUtc - second;
  return new Date(instant);
}

/** Formats an instant for people in the event's zone, e.g. "Wed 10 Feb 2027, 09:30 (Europe/Athens)". */
export function formatInZone(instant: string | Date, timeZone: string, locale = 'en-GB'): string {
  const text = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
  return `${text} (${timeZone})`;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
