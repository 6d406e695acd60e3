import { SendMessageBatchCommand, type SendMessageBatchCommandInput, type SQSClient } from '@aws-sdk/client-sqs';
import type { SendQueue } from '../../core/deliveries/ports.ts';
import type { OutboxQueue } from '../../core/outbox/ports.ts';
import { logLine } from '../../core/privacy/log-line.ts';
import { outboxMessageBatches, sendMessageBatches } from './send-queue.ts';

/** The send queue on AWS; apart from ./send-queue.ts (messages and events), so only a sender loads the SQS client. */
export function sqsSendQueue(client: SQSClient, queueUrl: string): SendQueue & OutboxQueue {
  const sendAll = async (batches: SendMessageBatchCommandInput[]) => {
    for (const input of batches) {
      const result = await client.send(new SendMessageBatchCommand(input));
      // Entries SQS refused are not lost: their deliveries (or outbox messages) stay queued and the sweeper re-enqueues them.
      if (result.Failed?.length) {
        logLine('warn', 'send queue refused entries', { failed: result.Failed.length });
      }
    }
  };
  return {
    kind: 'sqs',
    enqueue: (keys) => sendAll(sendMessageBatches(queueUrl, keys)),
    enqueueOutbox: (keys) => sendAll(outboxMessageBatches(queueUrl, keys)),
  };
}
