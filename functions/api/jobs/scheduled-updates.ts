import { ConflictError } from '../../core/errors.ts';
import type { Deps } from '../deps.ts';
import { planAndQueue } from '../services/sending.ts';

/** A send request plans within this; past it, planning is taken to have died with the request. */
const PLANNING_GRACE_MS = 2 * 60_000;

/**
 * Every minute: start the scheduled updates whose time has come (each starts once, whoever runs
 * too), and finish planning sends whose request died while planning. Planning writes each delivery
 * conditionally and every send is claimed first, so planning again never mails anyone twice.
 */
export async function scheduledUpdates(deps: Deps) {
  let started = 0;
  let recipients = 0;
  let resumed = 0;
  for (const stuck of await deps.updates.unplanned(new Date(deps.now().getTime() - PLANNING_GRACE_MS))) {
    recipients += (await planAndQueue(deps, stuck)).recipients;
    resumed++;
  }
  for (const due of await deps.updates.dueScheduled(deps.now())) {
    try {
      const sending = await deps.updates.startSending(due.id, deps.now());
      recipients += (await planAndQueue(deps, sending)).recipients;
      started++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  await deps.sendQueue.idle?.();
  return { started, resumed, recipients };
}
