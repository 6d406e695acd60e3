import { loadConfig } from '../adapters/config.ts';
import { createDeps } from '../api/deps.ts';
import { sendQueuedBatch } from '../api/services/sending.ts';

const deps = createDeps(loadConfig());

/** SQS event source → claims and sends each delivery; answers the failed messages for SQS to redeliver. */
export const handler = (event: unknown) => sendQueuedBatch(deps, event);
