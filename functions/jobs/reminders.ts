import { runReminders } from '../api/services/agenda.ts';
import type { Job } from './index.ts';

/** Reminders 7 days and 1 day before, the invitation to report afterwards, and waitlist promotion. */
export const reminders: Job = async (deps) => {
  const result = await runReminders(deps);
  // Locally the send worker runs in this process: a one-off run (`npm run job`) waits for it.
  await deps.outboxQueue.idle?.();
  return result;
};
