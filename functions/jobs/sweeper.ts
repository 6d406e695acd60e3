import { OUTBOX_SHARDS } from '../adapters/dynamodb/delivery-store.ts';
import { MESSAGE_SHARDS } from '../adapters/dynamodb/outbox-store.ts';
import type { Deps } from '../api/deps.ts';
import { sweepOutbox } from '../api/services/outbox.ts';
import { sweepDeliveries } from '../api/services/sending.ts';

/** Every few minutes: re-enqueue deliveries and outbox messages whose queue message was lost or whose worker died. */
export async function sweeper(deps: Pick<Deps, 'deliveries' | 'now' | 'outbox' | 'outboxQueue' | 'sendQueue'>) {
  const result = await sweepDeliveries(deps, OUTBOX_SHARDS);
  const messages = await sweepOutbox(deps, MESSAGE_SHARDS);
  await deps.sendQueue.idle?.();
  return { ...result, requeuedMessages: messages.requeued };
}
