import { ConflictError } from '../core/errors.ts';
import type { Deps } from '../api/deps.ts';
import { startPlanning } from '../api/services/sending.ts';

/** A planning job that has not moved for this long is taken to have lost its message. */
const PLANNING_GRACE_MS = 2 * 60_000;

/**
 * Every minute: start the scheduled updates whose time has come (each starts once, whoever runs
 * too), and plan again the sends whose planning stopped moving (its job failed for good, or its
 * queue message was lost). Each delivery is written once and every send is claimed first, so
 * planning again never mails anyone twice.
 */
export async function scheduledUpdates(deps: Pick<Deps, 'jobQueue' | 'jobs' | 'now' | 'updates'>) {
  let started = 0;
  let resumed = 0;
  const stale = new Date(deps.now().getTime() - PLANNING_GRACE_MS).toISOString();
  for (const stuck of await deps.updates.unplanned(new Date(stale))) {
    const job = stuck.planJob ? await deps.jobs.get(stuck.planJob) : undefined;
    if (job && job.state === 'running' && job.updatedAt > stale) continue;
    if (await startPlanning(deps, stuck.id, 'scheduler')) resumed++;
  }
  for (const due of await deps.updates.dueScheduled(deps.now())) {
    try {
      await deps.updates.startSending(due.id, deps.now());
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      continue;
    }
    if (await startPlanning(deps, due.id, 'scheduler')) started++;
  }
  return { started, resumed };
}
