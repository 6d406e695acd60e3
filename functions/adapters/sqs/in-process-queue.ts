import type { DeliveryKey } from '../../core/deliveries/delivery.ts';
import type { SendQueue } from '../../core/deliveries/ports.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import { KEYS_PER_MESSAGE } from './send-queue.ts';

export type ConsumeBatch = (keys: DeliveryKey[]) => Promise<{ retry: DeliveryKey[] }>;

/**
 * The local stand-in for SQS and its event source: the same messages (10 keys each) go to the same
 * worker code, in the background of this process. Like SQS, a message whose deliveries need another
 * try comes back after a pause, at most `maxReceives` times (then the sweeper is the safety net).
 */
export function inProcessSendQueue(consume: ConsumeBatch, options: { concurrency?: number; retryDelayMs?: number; maxReceives?: number } = {}) {
  const concurrency = options.concurrency ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxReceives = options.maxReceives ?? 5;
  const waiting: { keys: DeliveryKey[]; receives: number }[] = [];
  let running = 0;
  let delayed = 0;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
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
      consume(message.keys)
        .then(({ retry }) => {
          if (retry.length > 0 && message.receives + 1 < maxReceives) {
            delayed++;
            setTimeout(() => {
              delayed--;
              waiting.push({ keys: retry, receives: message.receives + 1 });
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

  const queue: SendQueue & { idle(): Promise<void>; busy(): boolean } = {
    kind: 'in-process',
    async enqueue(keys) {
      for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) waiting.push({ keys: keys.slice(i, i + KEYS_PER_MESSAGE), receives: 0 });
      pump();
    },
    /** Resolves when nothing is waiting or in flight (tests and the local job runner wait on it). */
    /** Whether anything is waiting or in flight now. */
    busy: () => running > 0 || delayed > 0 || waiting.length > 0,
    idle() {
      if (running === 0 && delayed === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
  return queue;
}
