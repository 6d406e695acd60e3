import type { Mailer } from '../mail/message.ts';
import type { SendingWait, Update } from '../updates/update.ts';
import type { Delivery, DeliveryKey } from './delivery.ts';

/** What the send worker needs of the delivery repository: conditional moves only. */
export interface DeliveryMoves {
  /** queued (or sending with an expired lease) → sending; undefined when someone else has it or it is done. */
  claim(key: DeliveryKey, claimId: string, now: Date, leaseSeconds: number): Promise<Delivery | undefined>;
  /** Each key claimed as `claim` claims it, in a few requests for many; answers the deliveries claimed (in no set order), not those someone else has or that are done. */
  claimAll(keys: readonly DeliveryKey[], claimId: string, now: Date, leaseSeconds: number): Promise<Delivery[]>;
  /** sending (our claim) → sent, with the SES message id. */
  markSent(delivery: Delivery, claimId: string, messageId: string, now: Date): Promise<boolean>;
  /** sending (our claim) → failed, with the reason. */
  markFailed(delivery: Delivery, claimId: string, reason: string, now: Date): Promise<boolean>;
  /** sending (our claim) → cancelled: the update was cancelled before this one went. */
  markCancelled(delivery: Delivery, claimId: string, now: Date): Promise<boolean>;
  /** Writes the report counter moves the marks above have gathered (one write per update). */
  flushCounts(): Promise<void>;
  /** sending (our claim) → queued, for another try later. */
  release(delivery: Delivery, claimId: string, now: Date): Promise<boolean>;
}

export interface UpdateReader {
  getUpdate(id: string): Promise<Update | undefined>;
  /** The status alone, read fresh (strongly consistent): a pause or a cancel must be seen at the next claim. */
  statusOf(id: string): Promise<Update['status'] | undefined>;
}

/** What holding deliveries for the account's 24-hour quota writes: the delivery's due time, and why its update waits. */
export interface QuotaHolds {
  /** queued → still queued, due again at `until` (the sweeper re-enqueues it then); false when it is no longer queued. */
  hold(key: DeliveryKey, until: Date): Promise<boolean>;
  /** Records why the update waits; a later `until` extends the wait, which keeps its `since`. */
  markWaiting(updateId: string, waiting: SendingWait): Promise<void>;
  /**
   * Sending resumed at `at`: the update no longer waits. Only a wait that began before `at` goes, so a
   * hold written meanwhile (by a lane that found the quota full just after) is not undone.
   */
  clearWaiting(updateId: string, at: Date): Promise<void>;
}

/** Carries batches of delivery keys to a send worker: SQS on AWS, in-process locally. */
export interface SendQueue {
  readonly kind: 'sqs' | 'in-process';
  enqueue(keys: readonly DeliveryKey[]): Promise<void>;
  /**
   * Resolves once fewer than `keys` keys wait to be sent, or after `maxMs`. Only a queue whose
   * sender shares the machine with the planner has it (the in-process queue): there the planner
   * keeps that far ahead of the sends instead of taking the cores from them. On AWS the planner runs
   * in its own Lambda and SQS holds any backlog.
   */
  room?(keys: number, maxMs: number): Promise<void>;
}

export type { Mailer };
