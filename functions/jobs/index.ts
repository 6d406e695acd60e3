import type { Deps } from '../api/deps.ts';
import { digest } from './digest.ts';
import { outsideRequest } from './outside-request.ts';
import { reminders } from './reminders.ts';
import { scheduledUpdates } from './scheduled-updates.ts';
import { sweeper } from './sweeper.ts';
import { visibility } from './visibility.ts';

/** What a scheduled job reports: counts a person can read in the log. */
export type JobResult = Record<string, number>;
export type Job = (deps: Deps) => Promise<JobResult>;

/**
 * Every scheduled job by name. EventBridge invokes the scheduler Lambda with `{ "job": name }`;
 * locally `npm start` runs them on the same schedules (./schedules.ts), and `npm run job -- <name>`
 * runs one at once against the local hub.
 */
export const jobs = { 'scheduled-updates': scheduledUpdates, sweeper, reminders, digest, visibility, 'outside-request': outsideRequest } satisfies Record<string, Job>;
export type JobName = keyof typeof jobs;

export async function runJob(deps: Deps, name: string): Promise<JobResult> {
  const job = Object.hasOwn(jobs, name) ? jobs[name as JobName] : undefined;
  if (!job) throw new Error(`Unknown job "${name}". Known jobs: ${Object.keys(jobs).sort().join(', ') || 'none'}.`);
  return job(deps);
}
