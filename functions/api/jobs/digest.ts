import type { Job } from './index.ts';
import { sendDigests } from '../services/notifications.ts';

/** Daily: each member set to "digest" gets one email per group with what was written there. */
export const digest: Job = (deps) => sendDigests(deps);
