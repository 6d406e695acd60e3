import type { DeliveryKey } from '../../core/deliveries/delivery.ts';
import type { SendQueue } from '../../core/deliveries/ports.ts';
import type { OutboxKey } from '../../core/outbox/message.ts';
import type { OutboxQueue } from '../../core/outbox/ports.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { KEYS_PER_MESSAGE, MESSAGES_PER_BATCH, type SendBody } from './send-queue.ts';

export type ConsumeBatch<K = DeliveryKey> = (keys: K[]) => Promise<{ retry: K[] }>;

/** The workers a send queue message goes to, by what it carries. */
export interface SendConsumers {
  deliveries: ConsumeBatch<DeliveryKey>;
  outbox: ConsumeBatch<OutboxKey>;
}

/** Hands a message to its worker; answers the message of keys left for another try, if any. */
async function consume(consumers: SendConsumers, body: SendBody): Promise<SendBody | undefined> {
  if ('deliveries' in body) {
    const { retry } = await consumers.deliveries(body.deliveries);
    return retry.length > 0 ? { deliveries: retry } : undefined;
  }
  const { retry } = await consumers.outbox(body.outbox);
  return retry.length > 0 ? { outbox: retry } : undefined;
}

/**
 * The local stand-in for SQS and its event source: the same messages (10 keys each, delivery keys
 * or outbox keys) go to the same worker code, in the background of this process. Like SQS, a
 * message whose keys need another try comes back after a pause, at most `maxReceives` times (then
 * the sweeper is the safety net).
 */
export function inProcessSendQueue(consumers: SendConsumers, options: { concurrency?: number; retryDelayMs?: number; maxReceives?: number } = {}) {
  // As many messages in flight as one send worker invocation is handed on AWS: the same sends in flight.
  const concurrency = options.concurrency ?? MESSAGES_PER_BATCH;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxReceives = options.maxReceives ?? 5;
  const waiting: { body: SendBody; receives: number }[] = [];
  let running = 0;
  let delayed = 0;
  let idleWaiters: (() => void)[] = [];
  let roomWaiters: { keys: number; resolve: () => void }[] = [];
  const keysWaiting = () => waiting.reduce((n, m) => n + ('deliveries' in m.body ? m.body.deliveries.length : m.body.outbox.length), 0);

  const settle = () => {
    if (roomWaiters.length > 0) {
      const count = keysWaiting();
      const ready = roomWaiters.filter((w) => count < w.keys);
      roomWaiters = roomWaiters.filter((w) => count >= w.keys);
      ready.forEach((w) => w.resolve());
    }
    if (running === 0 && delayed === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  };

  const pump = () => {
    while (running < concurrency && waiting.length > 0) {
      const message = waiting.shift()!;
      running++;
      consume(consumers, message.body)
        .then((retry) => {
          if (retry && message.receives + 1 < maxReceives) {
            delayed++;
            setTimeout(() => {
              delayed--;
              waiting.push({ body: retry, receives: message.receives + 1 });
              pump();
              settle();
            }, retryDelayMs).unref();
          }
        })
        .catch((error: unknown) => logLine('error', 'in-process send batch failed', describeError(error)))
        .finally(() => {
          running--;
          pump();
          settle();
        });
    }
  };

  const queue: SendQueue & OutboxQueue & { idle(): Promise<void>; busy(): boolean; room(keys: number, maxMs: number): Promise<void> } = {
    kind: 'in-process',
    async enqueue(keys) {
      for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) waiting.push({ body: { deliveries: keys.slice(i, i + KEYS_PER_MESSAGE) }, receives: 0 });
      pump();
    },
    async enqueueOutbox(keys) {
      for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) waiting.push({ body: { outbox: keys.slice(i, i + KEYS_PER_MESSAGE) }, receives: 0 });
      pump();
    },
    /** Whether anything is waiting or in flight now. */
    busy: () => running > 0 || delayed > 0 || waiting.length > 0,
    room(keys, maxMs) {
      if (keysWaiting() < keys) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const waiter = { keys, resolve };
        roomWaiters.push(waiter);
        setTimeout(() => {
          roomWaiters = roomWaiters.filter((w) => w !== waiter);
          resolve();
        }, maxMs).unref();
      });
    },
    /** Resolves when nothing is waiting or in flight (tests and the local job runner wait on it). */
    idle() {
      if (running === 0 && delayed === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
  return queue;
}
