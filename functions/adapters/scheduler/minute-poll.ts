import type { UpdateTimer } from '../../core/updates/timer.ts';

/** The local hub's timer: nothing to set, the local scheduler runs `scheduled-updates` every minute. */
export function minutePollTimer(): UpdateTimer {
  return { kind: 'minute-poll', set: async () => {}, clear: async () => {} };
}
