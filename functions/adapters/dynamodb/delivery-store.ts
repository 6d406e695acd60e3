import { ConditionalCheckFailedException, GetCommand, QueryCommand, TransactionCanceledException, TransactWriteCommand, UpdateCommand } from './document-client.ts';
import { randomBytes } from 'node:crypto';
import {
  CANCELLED_REASON,
  counterName,
  ERASED_ADDRESS,
  parseCounterName,
  parseUnsubscribeCounterName,
  unsubscribeCounterName,
  recipientKeyOf,
  type Delivery,
  type DeliveryKey,
  type DeliveryStatus,
} from '../../core/deliveries/delivery.ts';
import type { DeliveryMoves } from '../../core/deliveries/ports.ts';
import { inLanes } from '../../core/lanes.ts';
import { batchGetAll, queryAll, slices, withoutKeys, type Table } from './items.ts';

/**
 * Deliveries (the durable send queue) and each update's report counters.
 *
 * | access pattern                        | key condition                                             |
 * |---------------------------------------|-----------------------------------------------------------|
 * | delivery by update and recipient      | pk = UPDATE#<id>, sk = DELIVERY#<recipientKey>            |
 * | deliveries of an update               | pk = UPDATE#<id>, sk begins_with DELIVERY#                |
 * | report counters of an update          | pk = UPDATE#<id>, sk = REPORT (no TTL: counts stay)       |
 * | unfinished deliveries due for a sweep | gsi1pk = OUTBOX#<0-f>, gsi1sk < <now> (sparse: queued and sending only) |
 * | deliveries of a recipient (erasure)   | gsi2pk = RECIPIENT#<recipientKey>                         |
 */
export const OUTBOX_SHARDS = '0123456789abcdef'.split('');
/** How long a queued delivery may wait for its queue message before the sweeper re-enqueues it. */
export const QUEUED_GRACE_SECONDS = 10 * 60;

/** The report counter of permanent bounces, whatever the route: what the brake weighs. */
const PERMANENT_BOUNCES = 'permanentBounces';

const deliveryKey = (key: DeliveryKey) => ({ pk: `UPDATE#${key.updateId}`, sk: `DELIVERY#${key.recipientKey}` });
const reportKey = (updateId: string) => ({ pk: `UPDATE#${updateId}`, sk: 'REPORT' });
const outboxPk = (recipientKey: string) => `OUTBOX#${recipientKey[0]}`;
const outboxSk = (due: Date, key: DeliveryKey) => `${due.toISOString()}#${key.updateId}#${key.recipientKey}`;
/** DynamoDB's limit of actions in one transaction. */
const TRANSACTION_ITEMS = 100;
const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);
/** Claims written to one transaction: a queue message's keys, or a batch's share of them. */
const CLAIMS_PER_TRANSACTION = 25;

/** An update's report item read as the report: counts by status and dimension, unsubscribes, relays, permanent bounces. */
function reportOf(item: Record<string, unknown> = {}) {
  const counts: { status: DeliveryStatus; route: string; network: string; audience: string; country: string; count: number }[] = [];
  const unsubscribes: { route: string; network: string; audience: string; country: string; count: number }[] = [];
  const relayed: Record<string, number> = {};
  const permanentBounces = Number(item[PERMANENT_BOUNCES] ?? 0);
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('relayed|')) relayed[name.slice('relayed|relay:'.length)] = Number(value);
    const parsed = parseCounterName(name);
    if (parsed && Number(value) !== 0) counts.push({ ...parsed, count: Number(value) });
    const unsubscribed = parseUnsubscribeCounterName(name);
    if (unsubscribed && Number(value) !== 0) unsubscribes.push({ ...unsubscribed, count: Number(value) });
  }
  return { counts, unsubscribes, relayed, permanentBounces };
}

/** Only the names an expression uses: DynamoDB refuses unused ones, and an empty map. */
function attributeNames(expression: string, extra: Record<string, string> = {}) {
  const names = { ...(expression.includes('#status') ? { '#status': 'status' } : {}), ...extra };
  return Object.keys(names).length > 0 ? names : undefined;
}

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export function deliveryStore(table: Table) {
  const send = table.documents.send.bind(table.documents);

  /**
   * Writes a group in one transaction, each action under its own condition. A transaction is all or
   * nothing: when some conditions fail it says which, and the others are written again without them.
   * Another writer on one of the items at that moment cancels it with no failed condition: tried
   * again three times, then the group still pending is `onConflicts`' to write. Answers what was written.
   */
  async function eachUnderItsCondition<T>(
    group: readonly T[],
    actionOf: (item: T) => NonNullable<TransactWriteCommand['input']['TransactItems']>[number],
    onConflicts: (pending: T[], error: unknown) => Promise<T[]>,
  ): Promise<T[]> {
    let pending = [...group];
    for (let conflicts = 0; pending.length > 0; ) {
      try {
        await send(new TransactWriteCommand({ TransactItems: pending.map(actionOf) }));
        return pending;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const refused = new Set((error.CancellationReasons ?? []).flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : [])));
        if (refused.size === 0) {
          if (++conflicts > 3) return onConflicts(pending, error);
          await new Promise((resolve) => setTimeout(resolve, 50 * conflicts));
        }
        pending = pending.filter((_, i) => !refused.has(i));
      }
    }
    return [];
  }

  /**
   * Counter moves with ADD: concurrent workers never overwrite each other's counts. Answers the report
   * item as the last write left it (a write's answer, no read).
   */
  async function count(updateId: string, moves: Record<string, number>) {
    const entries = Object.entries(moves).filter(([, by]) => by !== 0);
    let item: Record<string, unknown> | undefined;
    // One UpdateItem per 40 counters keeps the expression well under DynamoDB's limits.
    for (let i = 0; i < entries.length; i += 40) {
      const chunk = entries.slice(i, i + 40);
      item = (
        await send(
          new UpdateCommand({
            TableName: table.name,
            Key: reportKey(updateId),
            UpdateExpression: `ADD ${chunk.map((_, j) => `#c${j} :v${j}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(chunk.map(([name], j) => [`#c${j}`, name])),
            ExpressionAttributeValues: Object.fromEntries(chunk.map(([, by], j) => [`:v${j}`, by])),
            ReturnValues: 'ALL_NEW',
          }),
        )
      ).Attributes;
    }
    return item;
  }

  const moveCounters = (d: Delivery, from: DeliveryStatus, to: DeliveryStatus) =>
    count(d.updateId, { [counterName(from, d)]: -1, [counterName(to, d)]: 1 });

  /**
   * The send worker's counter moves wait here and go in one ADD per update when its batch ends
   * (`flushCounts`): one write for ten sends instead of ten. A worker that dies before flushing
   * leaves the report short of those moves; the delivery records still say what happened.
   */
  let pendingCounts = new Map<string, Record<string, number>>();
  const tally = (d: Delivery, from: DeliveryStatus, to: DeliveryStatus) => {
    const moves = pendingCounts.get(d.updateId) ?? {};
    for (const [name, by] of [[counterName(from, d), -1], [counterName(to, d), 1]] as const) moves[name] = (moves[name] ?? 0) + by;
    pendingCounts.set(d.updateId, moves);
  };

  /** A conditional move of one delivery; answers the new item, or undefined when the condition failed. */
  async function move(key: DeliveryKey, input: { set: string; remove?: string; condition: string; names?: Record<string, string>; values: Record<string, unknown> }) {
    try {
      const result = await send(
        new UpdateCommand({
          TableName: table.name,
          Key: deliveryKey(key),
          UpdateExpression: `SET ${input.set}${input.remove ? ` REMOVE ${input.remove}` : ''}`,
          ConditionExpression: input.condition,
          ExpressionAttributeNames: attributeNames(`${input.set} ${input.condition}`, input.names),
          ExpressionAttributeValues: input.values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKeys<Delivery>(result.Attributes);
    } catch (error) {
      if (conditionFailed(error)) return undefined;
      throw error;
    }
  }

  const finish = async (d: Delivery, claimId: string, to: 'sent' | 'failed' | 'cancelled', extra: Record<string, unknown>, now: Date) => {
    const fields = Object.keys(extra);
    const moved = await move(d, {
      set: ['#status = :to', 'updatedAt = :now', ...fields.map((f, i) => `#f${i} = :f${i}`)].join(', '),
      remove: 'leaseUntil, claimId, gsi1pk, gsi1sk',
      condition: '#status = :sending AND claimId = :claim',
      names: Object.fromEntries(fields.map((f, i) => [`#f${i}`, f])),
      values: { ':to': to, ':now': now.toISOString(), ':sending': 'sending', ':claim': claimId, ...Object.fromEntries(fields.map((f, i) => [`:f${i}`, extra[f]])) },
    });
    if (moved) tally(moved, 'queued', to);
    return moved !== undefined;
  };

  const claimMove = (claimId: string, now: Date, leaseSeconds: number) => ({
    set: '#status = :sending, claimId = :claim, leaseUntil = :lease, attempts = if_not_exists(attempts, :zero) + :one',
    condition: '#status = :queued OR (#status = :sending AND leaseUntil < :now)',
    values: {
      ':sending': 'sending',
      ':queued': 'queued',
      ':claim': claimId,
      ':lease': later(now, leaseSeconds).toISOString(),
      ':now': now.toISOString(),
      ':zero': 0,
      ':one': 1,
    },
  });

  const moves: DeliveryMoves = {
    claim: (key, claimId, now, leaseSeconds) => move(key, claimMove(claimId, now, leaseSeconds)),

    /**
     * The keys claimed together: up to 25 conditional updates to a transaction (one request, one
     * write to the table's disk locally, where ten single updates cost DynamoDB Local nearly twice the
     * CPU), then the claimed items read back in one consistent BatchGet, as a transaction answers no
     * item. A transaction is all or nothing: when some keys are taken (claimed by another worker, sent,
     * gone), it says which, and the others are written again without them. A key given twice is
     * claimed once.
     */
    async claimAll(keys, claimId, now, leaseSeconds) {
      const unique = [...new Map(keys.map((k) => [`${k.updateId}#${k.recipientKey}`, k])).values()];
      if (unique.length === 1) {
        const one = await moves.claim(unique[0]!, claimId, now, leaseSeconds);
        return one ? [one] : [];
      }
      const claim = claimMove(claimId, now, leaseSeconds);
      const updateOf = (key: DeliveryKey) => ({
        Update: {
          TableName: table.name,
          Key: deliveryKey(key),
          UpdateExpression: `SET ${claim.set}`,
          ConditionExpression: claim.condition,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: claim.values,
        },
      });
      const claimed: DeliveryKey[] = [];
      for (const group of slices(unique, CLAIMS_PER_TRANSACTION)) {
        // Busy items (a sweep, an event at that moment): the rest is claimed one at a time.
        const oneByOne = async (pending: DeliveryKey[]) => (await Promise.all(pending.map(async (key) => ((await moves.claim(key, claimId, now, leaseSeconds)) ? [key] : [])))).flat();
        claimed.push(...(await eachUnderItsCondition(group, updateOf, oneByOne)));
      }
      const items = await batchGetAll(table, claimed.map(deliveryKey), { consistent: true });
      return items.map((item) => withoutKeys<Delivery>(item)!).filter((d) => d.claimId === claimId && d.status === 'sending');
    },
    markSent: (d, claimId, messageId, now) => finish(d, claimId, 'sent', { messageId, sentAt: now.toISOString() }, now),
    markFailed: (d, claimId, reason, now) => finish(d, claimId, 'failed', { reason }, now),
    markCancelled: (d, claimId, now) => finish(d, claimId, 'cancelled', { reason: CANCELLED_REASON }, now),
    async flushCounts() {
      const flushing = pendingCounts;
      pendingCounts = new Map();
      for (const [updateId, moves] of flushing) await count(updateId, moves);
    },
    release: async (d, claimId, now) =>
      (await move(d, {
        set: '#status = :queued, gsi1sk = :due, updatedAt = :now',
        remove: 'leaseUntil, claimId',
        condition: '#status = :sending AND claimId = :claim',
        values: { ':queued': 'queued', ':sending': 'sending', ':claim': claimId, ':due': outboxSk(later(now, QUEUED_GRACE_SECONDS), d), ':now': now.toISOString() },
     })) !== undefined,
  };

  return {
    ...moves,

    /**
     * Writes each delivery only if it does not exist (planning again writes nobody twice), up to 100
     * to a transaction: one request, each put under its own condition. When some exist already, the
     * transaction says which; the others are written again without them. Answers the new ones.
     */
    async putQueued(deliveries: readonly Delivery[], concurrency = 4): Promise<Delivery[]> {
      const written: Delivery[] = [];
      const groups = slices(deliveries, TRANSACTION_ITEMS);
      const putOf = (d: Delivery) => ({
        Put: {
          TableName: table.name,
          Item: {
            ...deliveryKey(d),
            gsi1pk: outboxPk(d.recipientKey),
            gsi1sk: outboxSk(later(new Date(d.queuedAt), QUEUED_GRACE_SECONDS), d),
            gsi2pk: `RECIPIENT#${d.recipientKey}`,
            gsi2sk: d.updateId,
            type: 'delivery',
            ...d,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      await inLanes(groups, concurrency, async (group) => {
        // Another writer on the same items (a second planner): the job retries the chunk.
        written.push(...(await eachUnderItsCondition(group, putOf, (_, error) => Promise.reject(error))));
      });
      const queued: Record<string, number> = {};
      for (const d of written) queued[counterName('queued', d)] = (queued[counterName('queued', d)] ?? 0) + 1;
      await count(written[0]?.updateId ?? '', written.length ? queued : {});
      return written;
    },

    get: async (key: DeliveryKey) =>
      withoutKeys<Delivery>((await send(new GetCommand({ TableName: table.name, Key: deliveryKey(key) }))).Item),

    async listOfUpdate(updateId: string): Promise<Delivery[]> {
      return (await queryAll(table, { KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)', ExpressionAttributeValues: { ':p': `UPDATE#${updateId}`, ':d': 'DELIVERY#' } })).map((i) => withoutKeys<Delivery>(i)!);
    },

    /**
     * SES said: delivered, bounced or complained. Moves only from the statuses that can precede it.
     * A permanent bounce also counts apart (transient ones share the `bounced` status): the brake
     * weighs permanent bounces only.
     */
    /** An outcome SES reported; answers the update's report after it (its counters moved), or undefined when the delivery did not move. */
    async recordOutcome(key: DeliveryKey, to: 'delivered' | 'bounced' | 'complained', detail: string, now: Date, permanent = false) {
      const from: DeliveryStatus[] = to === 'delivered' ? ['sent'] : ['sent', 'delivered'];
      const before = await this.get(key);
      if (!before || !from.includes(before.status)) return undefined;
      const moved = await move(key, {
        set: '#status = :to, updatedAt = :now, outcome = :detail',
        condition: '#status = :from',
        values: { ':to': to, ':from': before.status, ':now': now.toISOString(), ':detail': detail.slice(0, 500) },
      });
      if (!moved) return undefined;
      return reportOf(await count(key.updateId, { [counterName(before.status, moved)]: -1, [counterName(to, moved)]: 1, ...(to === 'bounced' && permanent ? { [PERMANENT_BOUNCES]: 1 } : {}) }));
    },

    /**
     * Cancel: queued → cancelled, with the reason. Conditional on `queued`, so a delivery a worker
     * claimed first is sent (and counted sent) and one cancelled first is never claimed.
     */
    async cancelQueued(key: DeliveryKey, now: Date): Promise<boolean> {
      const moved = await move(key, {
        set: '#status = :cancelled, reason = :reason, updatedAt = :now',
        remove: 'gsi1pk, gsi1sk',
        condition: '#status = :queued',
        values: { ':cancelled': 'cancelled', ':queued': 'queued', ':reason': CANCELLED_REASON, ':now': now.toISOString() },
      });
      if (moved) await moveCounters(moved, 'queued', 'cancelled');
      return moved !== undefined;
    },

    /** Keys of an update's deliveries still queued (resume re-enqueues them; cancel closes them). */
    async queuedOf(updateId: string): Promise<DeliveryKey[]> {
      const items = await queryAll(table, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)',
        FilterExpression: '#status = :queued',
        ProjectionExpression: 'updateId, recipientKey',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':p': `UPDATE#${updateId}`, ':d': 'DELIVERY#', ':queued': 'queued' },
      });
      return items.map((i) => ({ updateId: i.updateId as string, recipientKey: i.recipientKey as string }));
    },

    /** A relay contact confirms they forwarded the update; once only. */
    async confirmRelay(key: DeliveryKey, relayToken: string, now: Date): Promise<'confirmed' | 'already' | 'unknown'> {
      const moved = await move(key, {
        set: 'relayedAt = :now',
        condition: 'relayToken = :token AND attribute_not_exists(relayedAt)',
        values: { ':token': relayToken, ':now': now.toISOString() },
      });
      if (moved) {
        await count(key.updateId, { [`relayed|${moved.route}`]: 1 });
        return 'confirmed';
      }
      const existing = await this.get(key);
      return existing?.relayToken === relayToken ? 'already' : 'unknown';
    },

    /**
     * The recipient unsubscribed through this delivery's email: counted once in the update's report,
     * however often the link is used. Answers false once the delivery record has expired.
     */
    async recordUnsubscribe(key: DeliveryKey, now: Date): Promise<boolean> {
      const moved = await move(key, {
        set: 'unsubscribedAt = :now',
        condition: 'attribute_exists(pk) AND attribute_not_exists(unsubscribedAt)',
        values: { ':now': now.toISOString() },
      });
      if (moved) await count(key.updateId, { [unsubscribeCounterName(moved)]: 1 });
      return moved !== undefined;
    },

    /** The counters only: they outlive the delivery records, which expire with their personal fields. */
    async report(updateId: string) {
      return reportOf((await send(new GetCommand({ TableName: table.name, Key: reportKey(updateId) }))).Item);
    },

    /** Unfinished deliveries whose queue message or claim is overdue, one shard at a time. */
    async overdue(shard: string, now: Date, limit = 500) {
      const page = await send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :now',
          ExpressionAttributeValues: { ':p': `OUTBOX#${shard}`, ':now': now.toISOString() },
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((i) => ({ key: { updateId: i.updateId as string, recipientKey: i.recipientKey as string }, due: i.gsi1sk as string }));
    },

    /** Pushes an overdue delivery's due time forward before re-enqueuing it, so one sweep re-enqueues it once. */
    async postpone(key: DeliveryKey, due: string, now: Date): Promise<boolean> {
      try {
        await send(
          new UpdateCommand({
            TableName: table.name,
            Key: deliveryKey(key),
            UpdateExpression: 'SET gsi1sk = :next',
            ConditionExpression: 'gsi1sk = :due',
            ExpressionAttributeValues: { ':next': outboxSk(later(now, QUEUED_GRACE_SECONDS), key), ':due': due },
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    },

    /**
     * The account's 24-hour quota has no room: the delivery stays queued, unclaimed, and is due again
     * at `until`, when the sweeper re-enqueues it. Conditional on `queued`: a delivery claimed, sent
     * or cancelled meanwhile is left as it is.
     */
    async hold(key: DeliveryKey, until: Date): Promise<boolean> {
      return (
        (await move(key, {
          set: 'gsi1sk = :due',
          condition: '#status = :queued',
          values: { ':due': outboxSk(until, key), ':queued': 'queued' },
        })) !== undefined
      );
    },

    /** A recipient's deliveries, every update (export). */
    async ofRecipient(recipientKey: string): Promise<Delivery[]> {
      return (await queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': `RECIPIENT#${recipientKey}` } })).map((i) => withoutKeys<Delivery>(i)!);
    },

    /**
     * Erasure: each delivery of the address is replaced by one under a random recipient key, without
     * the address, the name, the tokens or what SES said (it may quote the address). The status and
     * counts stay, so the update's report does not change, except that a delivery not yet sent
     * becomes `failed` (its counter moves with it) and is never sent. The swap is conditional on
     * the status read, so a worker finishing meanwhile makes it read again rather than lose a move.
     */
    async eraseRecipient(email: string, now: Date): Promise<number> {
      let erased = 0;
      for (const seen of await this.ofRecipient(recipientKeyOf(email))) {
        let current: Delivery | undefined = seen;
        for (let attempt = 0; current && attempt < 10; attempt++) {
          const key: DeliveryKey = { updateId: current.updateId, recipientKey: current.recipientKey };
          const inFlight = current.status === 'queued' || current.status === 'sending';
          const { mailToken: _t, relayToken: _r, claimId: _c, leaseUntil: _l, messageId: _m, outcome: _o, reason, ...kept } = current as Delivery & { outcome?: string };
          const keptReason = reason && !reason.toLowerCase().includes(email.toLowerCase()) ? { reason } : {};
          const recipientKey = randomBytes(16).toString('hex');
          const stored = {
            ...kept,
            recipientKey,
            email: ERASED_ADDRESS,
            name: '',
            status: inFlight ? 'failed' : current.status,
            ...(inFlight ? { reason: 'The recipient was erased.' } : keptReason),
            updatedAt: now.toISOString(),
          };
          try {
            await send(
              new TransactWriteCommand({
                TransactItems: [
                  {
                    Delete: {
                      TableName: table.name,
                      Key: deliveryKey(key),
                      ConditionExpression: '#status = :seen',
                      ExpressionAttributeNames: { '#status': 'status' },
                      ExpressionAttributeValues: { ':seen': current.status },
                    },
                  },
                  {
                    Put: {
                      TableName: table.name,
                      Item: { ...deliveryKey({ updateId: current.updateId, recipientKey }), type: 'delivery', ...stored },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ],
              }),
            );
            if (inFlight) await moveCounters(current, 'queued', 'failed');
            erased++;
            current = undefined;
          } catch (error) {
            if (!(error instanceof TransactionCanceledException)) throw error;
            current = await this.get(key);
          }
        }
      }
      return erased;
    },
  };
}
export type DeliveryStore = ReturnType<typeof deliveryStore>;
