import type { Deps } from '../deps.ts';
import { digest } from './digest.ts';
import { reminders } from './reminders.ts';
import { scheduledUpdates } from './scheduled-updates.ts';
import { sweeper } from './sweeper.ts';

/** What a scheduled job reports: counts a person can read in the log. */
export type JobResult = Record<string, number>;
export type Job = (deps: Deps) => Promise<JobResult>;

/**
 * Every scheduled job by name. EventBridge invokes the scheduler Lambda with `{ "job": name }`;
 * locally `npm run job -- <name>` runs the same function against the local hub.
 */
export const jobs: Record<string, Job> = { 'scheduled-updates': scheduledUpdates, sweeper, reminders, digest };

export async function runJob(deps: Deps, name: string): Promise<JobResult> {
  const job = jobs[name];
  if (!job) throw new Error(`Unknown job "${name}". Known jobs: ${Object.keys(jobs).sort().join(', ') || 'none'}.`);
  return job(deps);
}
