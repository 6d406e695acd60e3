import type { SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { DeliveryKey } from '../../core/deliveries/delivery.ts';
import { MAILING_ID, type OutboxKey } from '../../core/outbox/message.ts';

/**
 * Delivery keys per queue message. The send worker gets up to 10 messages per invocation and sends at
 * its share of the SES rate (a few a second), so 10 keys a message keep an invocation well inside
 * its timeout.
 */
export const KEYS_PER_MESSAGE = 10;
/** Messages the send worker is handed at once: the event source's batch on AWS, the in-process queue's messages in flight locally. */
export const MESSAGES_PER_BATCH = 10;
/** SendMessageBatch takes at most 10 entries. */
const ENTRIES_PER_BATCH = 10;

const messageBodySchema = z.object({
  deliveries: z.array(z.object({ u: z.string().regex(/^u-[a-z0-9]+$/), r: z.string().regex(/^[a-f0-9]{32}$/) })).min(1).max(KEYS_PER_MESSAGE),
});
/** The other kind of message on the same queue: outbox keys (a mailing id and a recipient hash each). */
const outboxBodySchema = z.object({
  outbox: z.array(z.object({ m: z.string().regex(MAILING_ID), r: z.string().regex(/^[a-f0-9]{32}$/) })).min(1).max(KEYS_PER_MESSAGE),
});

/** What one send queue message carries: an update's delivery keys, or outbox keys. */
export type SendBody = { deliveries: DeliveryKey[] } | { outbox: OutboxKey[] };

/** The SendMessageBatch requests that carry `keys`: 10 keys a message, 10 messages a request. */
export function sendMessageBatches(queueUrl: string, keys: readonly DeliveryKey[]): SendMessageBatchCommandInput[] {
  const bodies: string[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) {
    bodies.push(JSON.stringify({ deliveries: keys.slice(i, i + KEYS_PER_MESSAGE).map((k) => ({ u: k.updateId, r: k.recipientKey })) }));
  }
  return batchesOf(queueUrl, bodies);
}

/** The same for outbox keys: 10 keys a message, 10 messages a request. */
export function outboxMessageBatches(queueUrl: string, keys: readonly OutboxKey[]): SendMessageBatchCommandInput[] {
  const bodies: string[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) {
    bodies.push(JSON.stringify({ outbox: keys.slice(i, i + KEYS_PER_MESSAGE).map((k) => ({ m: k.mailingId, r: k.recipientKey })) }));
  }
  return batchesOf(queueUrl, bodies);
}

function batchesOf(queueUrl: string, bodies: readonly string[]): SendMessageBatchCommandInput[] {
  const batches: SendMessageBatchCommandInput[] = [];
  for (let i = 0; i < bodies.length; i += ENTRIES_PER_BATCH) {
    batches.push({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + ENTRIES_PER_BATCH).map((body, j) => ({ Id: String(i + j), MessageBody: body })) });
  }
  return batches;
}

export function parseSendMessage(body: string): DeliveryKey[] {
  return messageBodySchema.parse(JSON.parse(body)).deliveries.map((d) => ({ updateId: d.u, recipientKey: d.r }));
}

/** An outbox message's keys, or undefined for any other body. */
export function outboxKeysOf(body: string): OutboxKey[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = outboxBodySchema.safeParse(json);
  return parsed.success ? parsed.data.outbox.map((k) => ({ mailingId: k.m, recipientKey: k.r })) : undefined;
}

const sqsEventSchema = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) });

/**
 * Splits a send queue event: the outbox messages with their keys, and an event of every other
 * record as it came (delivery messages, and malformed ones, which the delivery path reports back).
 */
export function splitSendQueueEvent(event: unknown): { outbox: { messageId: string; keys: OutboxKey[] }[]; deliveries: { Records: unknown[] } } {
  const records = z.object({ Records: z.array(z.looseObject({ messageId: z.string(), body: z.string() })) }).parse(event).Records;
  const outbox: { messageId: string; keys: OutboxKey[] }[] = [];
  const deliveries: unknown[] = [];
  for (const record of records) {
    const keys = outboxKeysOf(record.body);
    if (keys) outbox.push({ messageId: record.messageId, keys });
    else deliveries.push(record);
  }
  return { outbox, deliveries: { Records: deliveries } };
}

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
