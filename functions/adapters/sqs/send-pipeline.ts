import { randomUUID } from 'node:crypto';
import type { SendQueue } from '../../core/deliveries/ports.ts';
import { createSendQuota, type AccountSendQuota } from '../../core/deliveries/send-quota.ts';
import { sendPacer } from '../../core/deliveries/sending.ts';
import type { createSendWorker } from '../../core/deliveries/worker.ts';
import type { Mailer } from '../../core/mail/message.ts';
import type { OutboxQueue } from '../../core/outbox/ports.ts';
import type { createOutboxWorker } from '../../core/outbox/worker.ts';
import { awsClientOptions } from '../aws-options.ts';
import { onFirstUse } from '../on-first-use.ts';
import type { Config } from '../config.ts';
import { contactStore } from '../dynamodb/contact-store.ts';
import { deliveryStore } from '../dynamodb/delivery-store.ts';
import type { Table } from '../dynamodb/items.ts';
import { ledgerStore } from '../dynamodb/ledger-store.ts';
import { networkStore } from '../dynamodb/network-store.ts';
import { outboxStore } from '../dynamodb/outbox-store.ts';
import { updateStore } from '../dynamodb/update-store.ts';
import { inProcessSendQueue } from './in-process-queue.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Asks of many what is asked of one: the questions of one turn of the event loop go in one call.
 * The worker's lanes claim their deliveries together, so their ledger checks become one BatchGet.
 */
function batched<T>(ask: (keys: string[]) => Promise<Map<string, T>>) {
  let waiting: { key: string; resolve: (answer: T) => void; reject: (error: unknown) => void }[] = [];
  const flush = async () => {
    const asked = waiting;
    waiting = [];
    try {
      const answers = await ask([...new Set(asked.map((q) => q.key))]);
      for (const q of asked) q.resolve(answers.get(q.key)!);
    } catch (error) {
      for (const q of asked) q.reject(error);
    }
  };
  return (key: string) =>
    new Promise<T>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(() => void flush());
      waiting.push({ key, resolve, reject });
    });
}

/**
 * The mail pipeline's adapters: its stores, the send worker and the outbox worker (both paced under
 * the lower of SES_MAX_SEND_RATE and this sender's share of the account's MaxSendRate, by one pacer
 * per process, their sends counted against the account's 24-hour quota by one reading of the account
 * per process) and the send queue, which carries both kinds of keys: SQS when SEND_QUEUE_URL is set,
 * otherwise the in-process queue feeding the same workers.
 */
export function createMailPipeline(config: Config, table: Table, mailer: Mailer, readAccountQuota: () => Promise<AccountSendQuota>) {
  const deliveries = deliveryStore(table);
  const updates = updateStore(table);
  const ledger = ledgerStore(table);
  const sendQuota = createSendQuota({
    read: readAccountQuota,
    holds: { hold: deliveries.hold, markWaiting: updates.markWaiting, clearWaiting: updates.clearWaiting },
    configuredRate: config.SES_MAX_SEND_RATE,
    senders: config.SEND_WORKERS,
  });
  const pace = sendPacer(sendQuota.rate, { now: () => Date.now(), sleep });
  // Each worker, and the renderers under it (marked, the mail's words), is loaded at its first batch:
  // where a queue carries the mail elsewhere (the API on AWS), it never is.
  const sendWorker = (overrides: { mailer?: Mailer; now?: () => Date; statusFreshMs?: number } = {}) =>
    onFirstUse<ReturnType<typeof createSendWorker>, 'send'>(
      async () =>
        (await import('../../core/deliveries/worker.ts')).createSendWorker({
          deliveries,
          updates,
          mailer: sendQuota.counting(overrides.mailer ?? mailer),
          baseUrl: config.BASE_URL,
          now: overrides.now ?? (() => new Date()),
          sleep,
          pace,
          newClaimId: randomUUID,
          mayMail: batched((emails) => ledger.mayMailAll(emails, 'updates')),
          concurrency: 16,
          sendQuota,
          ...(overrides.statusFreshMs !== undefined ? { statusFreshMs: overrides.statusFreshMs } : {}),
        }),
      ['send'],
      {},
    );
  const worker = sendWorker();
  const outbox = outboxStore(table);
  const outboxWorker = (overrides: { mailer?: Mailer; now?: () => Date; pace?: () => Promise<void> } = {}) =>
    onFirstUse<ReturnType<typeof createOutboxWorker>, 'send'>(
      async () =>
        (await import('../../core/outbox/worker.ts')).createOutboxWorker({
          messages: outbox,
          mailer: sendQuota.counting(overrides.mailer ?? mailer),
          now: overrides.now ?? (() => new Date()),
          sleep,
          pace: overrides.pace ?? pace,
          newClaimId: randomUUID,
          mayMail: (email, channel) => ledger.mayMail(email, channel),
          concurrency: 16,
        }),
      ['send'],
      {},
    );
  const outboxSender = outboxWorker();
  const queue: SendQueue & OutboxQueue & { idle?: () => Promise<void>; busy?: () => boolean } = config.SEND_QUEUE_URL
    ? onFirstUse(
        async () => {
          const [{ SQSClient }, { sqsSendQueue }] = await Promise.all([import('@aws-sdk/client-sqs'), import('./send-queue-client.ts')]);
          return sqsSendQueue(new SQSClient(awsClientOptions(config, undefined)), config.SEND_QUEUE_URL!);
        },
        ['enqueue', 'enqueueOutbox'],
        { kind: 'sqs' },
      )
    : inProcessSendQueue({ deliveries: (keys) => worker.send(keys), outbox: (keys) => outboxSender.send(keys) });
  // One queue (and one send worker Lambda), seen two ways, so a caller (a test) may swap either alone.
  const sendQueue: SendQueue & { idle?: () => Promise<void>; busy?: () => boolean } = queue;
  const outboxQueue: OutboxQueue & { idle?: () => Promise<void> } = queue;
  return { contactBook: contactStore(table), networks: networkStore(table), deliveries, updates, sendQueue, sendWorker, outbox, outboxQueue, outboxWorker };
}
