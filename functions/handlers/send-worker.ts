import { loadConfig } from '../adapters/config.ts';
import { createDeps } from '../api/deps.ts';
import { sendQueuedMail } from '../api/services/outbox.ts';

const deps = createDeps(loadConfig());

/** SQS event source → claims and sends each delivery or outbox message; answers the failed messages for SQS to redeliver. */
export const handler = (event: unknown) => sendQueuedMail(deps, event);
