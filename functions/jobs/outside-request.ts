import { runOutsideRequest } from '../api/services/outside.ts';
import type { Job } from './index.ts';

/** The regular request to members for reports on the meetings they attended outside the hub. */
export const outsideRequest: Job = async (deps) => {
  const result = await runOutsideRequest(deps);
  // Locally the send worker runs in this process: a one-off run (`npm run job`) waits for it.
  await deps.outboxQueue.idle?.();
  return result;
};
