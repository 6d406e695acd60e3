import type { JobMessage, JobQueue } from '../../core/jobs/job.ts';
import { describeError, logLine } from '../../core/privacy/log-line.ts';

/**
 * The local stand-in for the job queue and its worker: each message runs in the background of this
 * process, one at a time. Like SQS, a message whose chunk threw comes back after a pause, at most
 * `maxReceives` times; then `exhausted` is told (the job is marked failed, as the DLQ would hold it).
 */
export function inProcessJobQueue(options: { retryDelayMs?: number; maxReceives?: number } = {}) {
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxReceives = options.maxReceives ?? 5;
  const waiting: { message: JobMessage; receives: number }[] = [];
  let consume: ((message: JobMessage) => Promise<unknown>) | undefined;
  let exhausted: ((message: JobMessage, error: unknown) => Promise<void>) | undefined;
  let running = false;
  let delayed = 0;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
    if (!running && delayed === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  };
  const pump = () => {
    if (running || !consume || waiting.length === 0) return;
    const next = waiting.shift()!;
    running = true;
    consume(next.message)
      .catch(async (error: unknown) => {
        if (next.receives + 1 < maxReceives) {
          delayed++;
          setTimeout(() => {
            delayed--;
            waiting.push({ message: next.message, receives: next.receives + 1 });
            pump();
            settle();
          }, retryDelayMs).unref();
          return;
        }
        logLine('error', 'job chunk failed for good', { job: next.message.job, ...describeError(error) });
        await exhausted?.(next.message, error).catch(() => undefined);
      })
      .finally(() => {
        running = false;
        // A macrotask between chunks keeps requests answered while a long job runs.
        setImmediate(() => {
          pump();
          settle();
        });
      });
  };

  const queue: JobQueue & {
    attach(worker: (message: JobMessage) => Promise<unknown>, onExhausted: (message: JobMessage, error: unknown) => Promise<void>): void;
    idle(): Promise<void>;
    busy(): boolean;
  } = {
    kind: 'in-process',
    async enqueue(message) {
      waiting.push({ message, receives: 0 });
      setImmediate(pump);
    },
    attach(worker, onExhausted) {
      consume = worker;
      exhausted = onExhausted;
      pump();
    },
    /** Whether anything is waiting or in flight now. */
    busy: () => running || delayed > 0 || waiting.length > 0,
    /** Resolves when nothing is waiting or in flight (tests wait on it). */
    idle() {
      if (!running && delayed === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
  return queue;
}
