import { SendMessageBatchCommand, type SendMessageBatchCommandInput, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { DeliveryKey } from '../../core/deliveries/delivery.ts';
import type { SendQueue } from '../../core/deliveries/ports.ts';
import { logLine } from '../../core/privacy/log-line.ts';

/**
 * Delivery keys per queue message. The send worker gets up to 10 messages per invocation and sends at
 * its share of the SES rate (a few a second), so 10 keys a message keep an invocation well inside
 * its timeout.
 */
export const KEYS_PER_MESSAGE = 10;
/** SendMessageBatch takes at most 10 entries. */
const ENTRIES_PER_BATCH = 10;

const messageBodySchema = z.object({
  deliveries: z.array(z.object({ u: z.string().regex(/^u-[a-z0-9]+$/), r: z.string().regex(/^[a-f0-9]{32}$/) })).min(1).max(KEYS_PER_MESSAGE),
});

/** The SendMessageBatch requests that carry `keys`: 10 keys a message, 10 messages a request. */
export function sendMessageBatches(queueUrl: string, keys: readonly DeliveryKey[]): SendMessageBatchCommandInput[] {
  const bodies: string[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) {
    bodies.push(JSON.stringify({ deliveries: keys.slice(i, i + KEYS_PER_MESSAGE).map((k) => ({ u: k.updateId, r: k.recipientKey })) }));
  }
  const batches: SendMessageBatchCommandInput[] = [];
  for (let i = 0; i < bodies.length; i += ENTRIES_PER_BATCH) {
    batches.push({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + ENTRIES_PER_BATCH).map((body, j) => ({ Id: String(i + j), MessageBody: body })) });
  }
  return batches;
}

export function parseSendMessage(body: string): DeliveryKey[] {
  return messageBodySchema.parse(JSON.parse(body)).deliveries.map((d) => ({ updateId: d.u, recipientKey: d.r }));
}

const sqsEventSchema = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) });

/** The messages of an SQS event source invocation, each with its delivery keys (or the parse error). */
export function parseSqsEvent(event: unknown): { messageId: string; keys: DeliveryKey[] | undefined }[] {
  return sqsEventSchema.parse(event).Records.map((record) => {
    try {
      return { messageId: record.messageId, keys: parseSendMessage(record.body) };
    } catch {
      return { messageId: record.messageId, keys: undefined };
    }
  });
}

export function sqsSendQueue(client: SQSClient, queueUrl: string): SendQueue {
  return {
    kind: 'sqs',
    async enqueue(keys) {
      for (const input of sendMessageBatches(queueUrl, keys)) {
        const result = await client.send(new SendMessageBatchCommand(input));
        // Entries SQS refused are not lost: their deliveries stay queued and the sweeper re-enqueues them.
        if (result.Failed?.length) {
          logLine('warn', 'send queue refused entries', { failed: result.Failed.length });
        }
      }
    },
  };
}
