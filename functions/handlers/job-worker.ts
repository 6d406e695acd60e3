import { loadConfig } from '../adapters/config.ts';
import { createDeps } from '../api/deps.ts';
import { runJobBatch } from '../api/services/jobs.ts';

const deps = createDeps(loadConfig());

/** SQS event source → runs each job chunk (contact imports), queuing the next; answers the failed messages for SQS to redeliver. */
export const handler = (event: unknown) => runJobBatch(deps, event);
