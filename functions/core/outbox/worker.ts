import { dailyQuotaExceeded } from '../deliveries/send-quota.ts';
import { backoffMs, classifySendError } from '../deliveries/sending.ts';
import type { Mailer } from '../mail/message.ts';
import type { Channel } from '../privacy/ledger.ts';
import { describeError, logLine } from '../privacy/log-line.ts';
import { inLanes } from '../lanes.ts';
import { channelOf, OUTBOX_REASONS, type OutboxKey } from './message.ts';
import type { OutboxMoves } from './ports.ts';

export interface OutboxWorkerOptions {
  messages: OutboxMoves;
  mailer: Mailer;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Waits for the next send slot: the same pacer as updates' deliveries, one per process. */
  pace: () => Promise<void>;
  newClaimId: () => string;
  /** The ledger's word at send time: someone who withdrew since the message was recorded is not mailed. */
  mayMail?: (email: string, channel: Channel) => Promise<boolean>;
  random?: () => number;
  /** How long a claim holds before the sweeper may hand the message to someone else. */
  leaseSeconds?: number;
  maxThrottleRetries?: number;
  /** Sends in flight at once; the pace, not this, bounds the rate. */
  concurrency?: number;
}

export interface OutboxBatchOutcome {
  sent: number;
  failed: number;
  /** Already claimed, sent or gone (erased): a duplicate message, a retry, a sweeper's re-enqueue. */
  skipped: number;
  /**
   * Released unsent because SES refused it for the account's 24-hour quota: left queued for the
   * sweeper (every ten minutes), its queue message done with, since a redelivery within minutes
   * would only be refused again.
   */
  held: number;
  /** Released for a later try (throttled too long, a transient error). */
  retry: OutboxKey[];
}

/**
 * Sends one batch of outbox messages, each claimed with a conditional update before it is sent,
 * like an update's deliveries: a duplicate message, a retry or a second worker never sends twice,
 * and a crash leaves the claim to expire and the sweeper to re-enqueue.
 */
export function createOutboxWorker(options: OutboxWorkerOptions) {
  const leaseSeconds = options.leaseSeconds ?? 300;
  const maxThrottleRetries = options.maxThrottleRetries ?? 6;
  const random = options.random ?? Math.random;

  async function sendOne(key: OutboxKey, outcome: OutboxBatchOutcome) {
    const claimId = options.newClaimId();
    const message = await options.messages.claim(key, claimId, options.now(), leaseSeconds);
    if (!message) {
      outcome.skipped++;
      return;
    }
    const fail = async (reason: string) => {
      await options.messages.markFailed(message, claimId, reason, options.now());
      outcome.failed++;
    };
    if (!message.rendered) return fail('The email was no longer held.');
    const channel = channelOf(message.mailing);
    if (channel && options.mayMail && !(await options.mayMail(message.rendered.to, channel))) return fail(OUTBOX_REASONS.withdrawn);
    for (let attempt = 0; ; attempt++) {
      await options.pace();
      try {
        const { messageId } = await options.mailer.send(message.rendered);
        await options.messages.markSent(message, claimId, messageId, options.now());
        outcome.sent++;
        return;
      } catch (error) {
        if (dailyQuotaExceeded(error)) {
          await options.messages.release(message, claimId, options.now());
          outcome.held++;
          return;
        }
        const failure = classifySendError(error);
        if (failure.kind === 'throttled' && attempt < maxThrottleRetries) {
          await options.sleep(backoffMs(attempt, random));
          continue;
        }
        if (failure.kind === 'rejected') {
          // Nothing else reports these emails, so the failure is logged: by mailing and hash, the error scrubbed.
          logLine('error', 'outbox email not sent', { mailingId: key.mailingId, mailing: message.mailing, recipientKey: key.recipientKey, ...describeError(error) });
          return fail(failure.reason);
        }
        await options.messages.release(message, claimId, options.now());
        outcome.retry.push(key);
        return;
      }
    }
  }

  return {
    async send(keys: readonly OutboxKey[]): Promise<OutboxBatchOutcome> {
      const outcome: OutboxBatchOutcome = { sent: 0, failed: 0, skipped: 0, held: 0, retry: [] };
      await inLanes(keys, options.concurrency ?? 8, async (key) => {
        try {
          await sendOne(key, outcome);
        } catch (error) {
          // A store error after the claim: the lease expires and the sweeper hands it on. The key is
          // a mailing id and a hash of the address, so it may go in the line.
          logLine('error', 'outbox message not finished', { mailingId: key.mailingId, recipientKey: key.recipientKey, ...describeError(error) });
          outcome.retry.push(key);
        }
      });
      return outcome;
    },
  };
}
export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
