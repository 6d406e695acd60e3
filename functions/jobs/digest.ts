import type { Job } from './index.ts';
import { sendDigests } from '../api/services/notifications.ts';

/** Daily: each member set to "digest" gets one email per group with what was written there. */
export const digest: Job = async (deps) => {
  const result = await sendDigests(deps);
  // Locally the send worker runs in this process: a one-off run (`npm run job`) waits for it.
  await deps.outboxQueue.idle?.();
  return result;
};
