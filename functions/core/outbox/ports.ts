import type { OutboxKey, OutboxMessage } from './message.ts';

/** What the outbox worker needs of the outbox repository: conditional moves only. */
export interface OutboxMoves {
  /** queued (or sending with an expired lease) → sending; undefined when someone else has it, it is done, or it is gone. */
  claim(key: OutboxKey, claimId: string, now: Date, leaseSeconds: number): Promise<OutboxMessage | undefined>;
  /** sending (our claim) → sent, with the SES message id; the rendered email goes. */
  markSent(message: OutboxMessage, claimId: string, messageId: string, now: Date): Promise<boolean>;
  /** sending (our claim) → failed, with the reason; the rendered email goes. */
  markFailed(message: OutboxMessage, claimId: string, reason: string, now: Date): Promise<boolean>;
  /** sending (our claim) → queued, for another try later. */
  release(message: OutboxMessage, claimId: string, now: Date): Promise<boolean>;
}

/** Carries batches of outbox keys to the send worker: the send queue, beside delivery keys. */
export interface OutboxQueue {
  enqueueOutbox(keys: readonly OutboxKey[]): Promise<void>;
}
