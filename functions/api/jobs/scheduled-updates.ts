import { ConflictError } from '../../core/errors.ts';
import type { Deps } from '../deps.ts';
import { planAndQueue } from '../services/sending.ts';

/** Every minute: start the scheduled updates whose time has come (each starts once, whoever runs too). */
export async function scheduledUpdates(deps: Deps) {
  let started = 0;
  let recipients = 0;
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
  return { started, recipients };
}
