import { splitSendQueueEvent } from '../../adapters/sqs/send-queue.ts';
import { inLanes } from '../../core/lanes.ts';
import type { OutboxKey, OutboxMessage } from '../../core/outbox/message.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import type { Deps } from '../deps.ts';
import { sendQueuedBatch, sweepOverdue } from './sending.ts';

/**
 * Records rendered emails in the outbox (each only if its key is free) and enqueues them for the
 * send worker. Recorded is as good as sent for the caller: if the queue refuses them, they wait
 * for the sweeper, so a failing enqueue is logged rather than thrown.
 */
export async function queueMessages(deps: Pick<Deps, 'outbox' | 'outboxQueue'>, messages: readonly OutboxMessage[]) {
  const { written, existing } = await deps.outbox.record(messages);
  await enqueueOrLeave(deps, [...written, ...existing]);
  return { written, existing };
}

/** Enqueues outbox keys; keys the queue refuses stay queued in the table for the sweeper. */
export async function enqueueOrLeave(deps: Pick<Deps, 'outboxQueue'>, keys: readonly OutboxKey[]) {
  if (keys.length === 0) return;
  try {
    await deps.outboxQueue.enqueueOutbox(keys);
  } catch (error) {
    logLine('warn', 'outbox messages left for the sweeper', { messages: keys.length, ...describeError(error) });
  }
}

/**
 * The send worker Lambda's entry: one SQS queue carries both update deliveries and outbox messages.
 * Outbox messages go to the outbox worker; the rest (delivery messages, and malformed ones, which
 * it reports) to the delivery worker. Only messages with keys left for later are reported back, so
 * SQS redelivers those alone.
 */
export async function sendQueuedMail(deps: Pick<Deps, 'outboxWorker' | 'sendWorker'>, event: unknown) {
  const { outbox, deliveries } = splitSendQueueEvent(event);
  const worker = deps.outboxWorker();
  const failures: { itemIdentifier: string }[] = [];
  const [delivered] = await Promise.all([
    deliveries.Records.length > 0 ? sendQueuedBatch(deps, deliveries) : { batchItemFailures: [] },
    inLanes(outbox, outbox.length, async ({ messageId, keys }) => {
      if ((await worker.send(keys)).retry.length > 0) failures.push({ itemIdentifier: messageId });
    }),
  ]);
  return { batchItemFailures: [...delivered.batchItemFailures, ...failures] };
}

/**
 * The sweeper's share for the outbox: messages whose queue message never came (an enqueue that
 * failed, a request cut short) or whose claim outlived its lease (a worker that died mid-send) are
 * re-enqueued; the claim's condition makes sure one still being sent is not sent again.
 */
export function sweepOutbox(deps: Pick<Deps, 'now' | 'outbox' | 'outboxQueue'>, shards: readonly string[]) {
  return sweepOverdue(deps.outbox, (keys) => deps.outboxQueue.enqueueOutbox(keys), shards, deps.now());
}
