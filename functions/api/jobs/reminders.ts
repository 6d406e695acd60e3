import { runReminders } from '../services/agenda.ts';
import type { Job } from './index.ts';

/** Reminders 7 days and 1 day before, the invitation to report afterwards, and waitlist promotion. */
export const reminders: Job = (deps) => runReminders(deps);
