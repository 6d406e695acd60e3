import { inLanes } from '../lanes.ts';
import { renderUpdateEmail } from '../updates/render.ts';
import type { Update } from '../updates/update.ts';
import { describeError, logLine } from '../privacy/log-line.ts';
import { ERASED_ADDRESS, type Delivery, type DeliveryKey } from './delivery.ts';
import type { DeliveryMoves, Mailer, UpdateReader } from './ports.ts';
import type { SendQuota } from './send-quota.ts';
import { backoffMs, classifySendError } from './sending.ts';

/** How long the worker trusts an update's status before reading it again (a pause lands within it). */
export const STATUS_FRESH_MS = 1_000;

export interface SendWorkerOptions {
  deliveries: DeliveryMoves;
  updates: UpdateReader;
  mailer: Mailer;
  baseUrl: string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Waits for the next send slot under the configured rate. */
  pace: () => Promise<void>;
  newClaimId: () => string;
  /** The ledger's word at send time: someone suppressed since the update was planned is not mailed. */
  mayMail?: (email: string) => Promise<boolean>;
  random?: () => number;
  /** How long a claim holds before the sweeper may hand the delivery to someone else. */
  leaseSeconds?: number;
  maxThrottleRetries?: number;
  /** Sends in flight at once; the pace, not this, bounds the rate. */
  concurrency?: number;
  /** The SES account's 24-hour quota, asked before each claim (./send-quota.ts). */
  sendQuota?: Pick<SendQuota, 'admit'>;
  /** How long an update's status is trusted (STATUS_FRESH_MS unless given). */
  statusFreshMs?: number;
}

export interface BatchOutcome {
  sent: number;
  failed: number;
  /** Already claimed, sent or gone: a duplicate message, a retry, a sweeper's re-enqueue. */
  skipped: number;
  /**
   * Left queued, unclaimed: their update is paused (a resume enqueues them again), or the account's
   * 24-hour quota is used up (held until it may allow them; the sweeper enqueues them then).
   */
  held: number;
  /** Closed unsent: their update was cancelled. */
  cancelled: number;
  /** Released for a later try (throttled too long, a transient error). */
  retry: DeliveryKey[];
}

/**
 * Sends one batch of deliveries. They are claimed together before anything is sent, each with its own
 * conditional update (`claimAll`), so a duplicate message, a retry or a second worker never sends
 * twice; a crash leaves the claims to expire and the sweeper to re-enqueue.
 */
export function createSendWorker(options: SendWorkerOptions) {
  const leaseSeconds = options.leaseSeconds ?? 300;
  const maxThrottleRetries = options.maxThrottleRetries ?? 6;
  const random = options.random ?? Math.random;
  // The content is cached (only a draft is ever edited); the status is read before every claim.
  const updates = new Map<string, Promise<Update | undefined>>();
  const updateOf = (id: string) => {
    if (!updates.has(id)) updates.set(id, options.updates.getUpdate(id));
    return updates.get(id)!;
  };

  const statuses = new Map<string, { status: Promise<Update['status'] | undefined>; at: number }>();
  const statusOf = (id: string) => {
    // Real elapsed time, not the hub's clock (which tests stop or move by days).
    const now = performance.now();
    const known = statuses.get(id);
    if (known && now - known.at < (options.statusFreshMs ?? STATUS_FRESH_MS)) return known.status;
    const status = options.updates.statusOf(id);
    statuses.set(id, { status, at: now });
    return status;
  };

  /** Sends one claimed delivery, or closes it without sending, or gives it back (paused meanwhile). */
  async function sendClaimed(delivery: Delivery, claimId: string, outcome: BatchOutcome) {
    // The status again, as the batch's claims were made together: a pause lands within
    // STATUS_FRESH_MS of its write, whatever the batch claimed; the delivery goes back to the queue.
    const status = await statusOf(delivery.updateId);
    if (status === 'paused') {
      await options.deliveries.release(delivery, claimId, options.now());
      outcome.held++;
      return;
    }
    // Cancelled: claimed only to be closed, so a delivery the cancel did not reach (a lease that ran
    // out, a cancel request cut short) ends `cancelled` too, never sent.
    if (status === 'cancelled') {
      await options.deliveries.markCancelled(delivery, claimId, options.now());
      outcome.cancelled++;
      return;
    }
    // Erased while still queued: the person is gone, and so is their address.
    if (delivery.email === ERASED_ADDRESS) {
      await options.deliveries.markFailed(delivery, claimId, 'The recipient was erased.', options.now());
      outcome.failed++;
      return;
    }
    if (options.mayMail && !(await options.mayMail(delivery.email))) {
      await options.deliveries.markFailed(delivery, claimId, 'The recipient asked not to be mailed after the update was planned.', options.now());
      outcome.failed++;
      return;
    }
    const update = await updateOf(delivery.updateId);
    if (!update) {
      await options.deliveries.markFailed(delivery, claimId, 'The update no longer exists.', options.now());
      outcome.failed++;
      return;
    }
    let email;
    try {
      email = renderUpdateEmail(update, delivery, options.baseUrl);
    } catch (error) {
      await options.deliveries.markFailed(delivery, claimId, `Could not render: ${String(error)}`.slice(0, 500), options.now());
      outcome.failed++;
      return;
    }
    for (let attempt = 0; ; attempt++) {
      await options.pace();
      // Read again at the slot: lanes wait here together, and a pause must stop those still waiting.
      if ((await statusOf(delivery.updateId)) === 'paused') {
        await options.deliveries.release(delivery, claimId, options.now());
        outcome.held++;
        return;
      }
      try {
        const { messageId } = await options.mailer.send(email);
        await options.deliveries.markSent(delivery, claimId, messageId, options.now());
        outcome.sent++;
        return;
      } catch (error) {
        const failure = classifySendError(error);
        if (failure.kind === 'throttled' && attempt < maxThrottleRetries) {
          await options.sleep(backoffMs(attempt, random));
          continue;
        }
        if (failure.kind === 'rejected') {
          await options.deliveries.markFailed(delivery, claimId, failure.reason, options.now());
          outcome.failed++;
          return;
        }
        await options.deliveries.release(delivery, claimId, options.now());
        outcome.retry.push({ updateId: delivery.updateId, recipientKey: delivery.recipientKey });
        return;
      }
    }
  }

  /**
   * The keys that may be claimed, in order: a paused update's deliveries are not claimed (they stay
   * queued, as they were, for a resume or a cancel; the status is read fresh at most every
   * STATUS_FRESH_MS), and each key asks the account's 24-hour quota for room before its claim, so a
   * delivery the quota holds is never claimed and its message is done with.
   */
  async function admitted(keys: readonly DeliveryKey[], outcome: BatchOutcome) {
    const admitted: { key: DeliveryKey; room?: { release(): void } | undefined }[] = [];
    for (const key of keys) {
      if ((await statusOf(key.updateId)) === 'paused') {
        outcome.held++;
        continue;
      }
      const room = await options.sendQuota?.admit(key, options.now());
      if (room?.admitted === false) {
        if (room.held) outcome.held++;
        else outcome.skipped++;
        continue;
      }
      admitted.push({ key, room });
    }
    return admitted;
  }

  return {
    async send(keys: readonly DeliveryKey[]): Promise<BatchOutcome> {
      const outcome: BatchOutcome = { sent: 0, failed: 0, skipped: 0, held: 0, cancelled: 0, retry: [] };
      const id = (key: DeliveryKey) => `${key.updateId}#${key.recipientKey}`;
      const claimId = options.newClaimId();
      const asked = await admitted(keys, outcome);
      try {
        // The batch's claims together, each under its own condition: a duplicate message, a retry or a
        // second worker finds the claim taken and sends nothing.
        let claimed: Delivery[];
        try {
          claimed = await options.deliveries.claimAll(asked.map((a) => a.key), claimId, options.now(), leaseSeconds);
        } catch (error) {
          logLine('error', 'deliveries not claimed', { keys: asked.length, ...describeError(error) });
          outcome.retry.push(...asked.map((a) => a.key));
          return outcome;
        }
        const byKey = new Map(claimed.map((d) => [id(d), d]));
        outcome.skipped += asked.length - byKey.size;
        await inLanes(
          asked.filter((a) => byKey.has(id(a.key))),
          options.concurrency ?? 8,
          async ({ key }) => {
            try {
              await sendClaimed(byKey.get(id(key))!, claimId, outcome);
            } catch (error) {
              // A store error after the claim: the lease expires and the sweeper hands it on.
              // The key is the update id and a hash of the address, so it may go in the line.
              logLine('error', 'delivery not finished', { updateId: key.updateId, recipientKey: key.recipientKey, ...describeError(error) });
              outcome.retry.push(key);
            }
          },
        );
      } finally {
        // The room each key was given goes back whatever became of it (SES's acceptances are counted
        // apart, by the quota's mailer).
        for (const a of asked) a.room?.release();
        await options.deliveries.flushCounts();
      }
      return outcome;
    },
  };
}
export type SendWorker = ReturnType<typeof createSendWorker>;
