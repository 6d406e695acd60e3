import { mailPipelineAdapters } from '../adapters/aws.ts';
import { loadConfig } from '../adapters/config.ts';
import { sendQueuedMail } from '../api/services/outbox.ts';

// The mail pipeline alone: the send worker builds no other store and no other client.
const deps = mailPipelineAdapters(loadConfig());

/** SQS event source → claims and sends each delivery or outbox message; answers the failed messages for SQS to redeliver. */
export const handler = (event: unknown) => sendQueuedMail(deps, event);
