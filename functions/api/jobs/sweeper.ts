import { OUTBOX_SHARDS } from '../../adapters/dynamodb/delivery-store.ts';
import type { Deps } from '../deps.ts';
import { sweepDeliveries } from '../services/sending.ts';

/** Every few minutes: re-enqueue deliveries whose queue message was lost or whose worker died. */
export async function sweeper(deps: Deps) {
  const result = await sweepDeliveries(deps, OUTBOX_SHARDS);
  await deps.sendQueue.idle?.();
  return result;
}
