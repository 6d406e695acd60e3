import { parseSesNotifications } from '../../adapters/ses/events.ts';
import { retentionOf } from '../../adapters/config.ts';
import { parseSqsEvent } from '../../adapters/sqs/send-queue.ts';
import { newSecret } from '../../core/auth/secrets.ts';
import type { Contact } from '../../core/contacts/contact.ts';
import { recipientKeyOf, type Delivery, type DeliveryKey } from '../../core/deliveries/delivery.ts';
import { NotFoundError } from '../../core/errors.ts';
import { expiresAfter } from '../../core/privacy/retention.ts';
import { routeUpdate } from '../../core/routing/route.ts';
import { decideSesEvent } from '../../core/ses-events/event.ts';
import type { Update } from '../../core/updates/update.ts';
import type { Deps } from '../deps.ts';
import { recordWithdrawal } from './consent.ts';

/**
 * Plans a send: routes the update over the contacts of its audiences, the networks and the
 * suppression list, writes one queued delivery per recipient (conditional puts, before anything is
 * sent), then enqueues their keys. Running it again on the same update writes nobody twice.
 */
export async function planAndQueue(deps: Deps, update: Update) {
  const [contactsByAudience, networks, suppressions] = await Promise.all([
    Promise.all(update.targets.audiences.map((a) => deps.contactBook.contacts.allOfAudience(a))),
    deps.networks.list(),
    deps.contactBook.suppressions.all(),
  ]);
  const contacts: Contact[] = contactsByAudience.flat();
  const routing = routeUpdate({ update, contacts, networks, suppressions });
  const tokens = await deps.contactBook.mailTokens.ensure(routing.deliveries.map((d) => d.email));
  const now = deps.now();
  const queuedAt = now.toISOString();
  const expiresAt = expiresAfter(now, retentionOf(deps.config).deliveryDays, 'days');
  const deliveries: Delivery[] = routing.deliveries.map((planned) => ({
    ...planned,
    recipientKey: recipientKeyOf(planned.email),
    status: 'queued',
    attempts: 0,
    queuedAt,
    expiresAt,
    mailToken: tokens.get(planned.email)!,
    ...(planned.route === 'direct' ? {} : { relayToken: newSecret(18) }),
  }));
  await deps.deliveries.putQueued(deliveries);
  await deps.sendQueue.enqueue(deliveries.map(({ updateId, recipientKey }) => ({ updateId, recipientKey })));
  await deps.updates.markPlanned(
    update.id,
    { recipients: deliveries.length, coverage: routing.coverage, excluded: routing.excluded, gaps: routing.gaps },
    deps.now(),
  );
  return { recipients: deliveries.length, ...routing.excluded, gaps: routing.gaps };
}

/** Starts sending an update now: the status move happens once, whoever asks twice. */
export async function sendUpdate(deps: Deps, id: string) {
  const update = await deps.updates.getUpdate(id);
  if (!update) throw new NotFoundError(`No update ${id}.`);
  const sending = await deps.updates.startSending(id, deps.now());
  return planAndQueue(deps, sending);
}

/**
 * The SQS send worker: each message's deliveries are claimed and sent; a message with deliveries left
 * for later (throttled too long, a transient error) or a malformed body is reported back, so SQS
 * redelivers only those messages.
 */
export async function sendQueuedBatch(deps: Deps, event: unknown) {
  const messages = parseSqsEvent(event);
  const worker = deps.sendWorker();
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    messages.map(async ({ messageId, keys }) => {
      if (!keys) {
        failures.push({ itemIdentifier: messageId });
        return;
      }
      const outcome = await worker.send(keys);
      if (outcome.retry.length > 0) failures.push({ itemIdentifier: messageId });
    }),
  );
  return { batchItemFailures: failures };
}

/** SES events via SNS: suppress on permanent bounce and complaint, move the delivery and its counters. */
export async function recordSesNotifications(deps: Deps, payload: unknown) {
  const events = parseSesNotifications(payload);
  const now = deps.now();
  let suppressed = 0;
  let deliveries = 0;
  for (const event of events) {
    const decision = decideSesEvent(event);
    for (const { email, reason } of decision.suppress) {
      await recordWithdrawal(deps, email, 'all', reason, { source: reason === 'bounced' ? 'Amazon SES: permanent bounce' : 'Amazon SES: complaint', by: 'Amazon SES' });
      await deps.contactBook.contacts.setStatus(email, reason, now);
      suppressed++;
    }
    if (decision.delivery && (await deps.deliveries.recordOutcome(decision.delivery.key, decision.delivery.to, decision.delivery.detail, now))) {
      deliveries++;
    }
  }
  return { events: events.length, suppressed, deliveries };
}

/**
 * The sweeper: deliveries whose queue message never came (an enqueue that failed) or whose claim
 * outlived its lease (a worker that died mid-send) are re-enqueued; the claim's condition makes sure
 * a delivery still being sent is not sent again.
 */
export async function sweepDeliveries(deps: Deps, shards: readonly string[]) {
  const now = deps.now();
  const keys: DeliveryKey[] = [];
  for (const shard of shards) {
    for (const { key, due } of await deps.deliveries.overdue(shard, now)) {
      if (await deps.deliveries.postpone(key, due, now)) keys.push(key);
    }
  }
  if (keys.length > 0) await deps.sendQueue.enqueue(keys);
  return { requeued: keys.length };
}
