/**
 * What wakes the `scheduled-updates` job at an update's time. On AWS, a one-time EventBridge
 * Scheduler schedule per scheduled update (`at(...)`, deleted by Scheduler once it has run); locally,
 * nothing: the local scheduler runs the job every minute. Either way the job itself decides what is
 * due, from the table, so a lost or late wake-up delays an update until the safety-net run, never sends it twice.
 */
export interface UpdateTimer {
  kind: 'one-time-schedules' | 'minute-poll';
  /** Wakes the job at `at` (replacing any earlier time for this update). */
  set(updateId: string, at: Date): Promise<void>;
  /** Forgets the update's wake-up; one that has already run or never existed is no error. */
  clear(updateId: string): Promise<void>;
}

/** The schedule's name: Scheduler allows letters, digits, `-`, `_` and `.`, up to 64 characters. */
export function updateScheduleName(updateId: string): string {
  const name = `update-${updateId}`;
  if (!/^[0-9A-Za-z_.-]{1,64}$/.test(name)) throw new Error(`An update id cannot name a schedule: ${updateId}`);
  return name;
}

/**
 * Scheduler's one-time expression for an instant, in UTC: `at(yyyy-mm-ddThh:mm:ss)`. It has no
 * fractions of a second, so the instant is rounded up: the job never wakes before the update is due.
 */
export function atExpression(at: Date): string {
  const seconds = Math.ceil(at.getTime() / 1000) * 1000;
  return `at(${new Date(seconds).toISOString().slice(0, 19)})`;
}
