import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import { inLanes } from '../../core/lanes.ts';
import { keyOf, type OutboxKey, type OutboxMessage } from '../../core/outbox/message.ts';
import type { OutboxMoves } from '../../core/outbox/ports.ts';
import { putIfAbsent, queryAll, sendIf, updateIf, withoutKeys, type Table } from './items.ts';

/**
 * The outbox: rendered emails of forum notifications, digests, calls, reminders and promotions,
 * one per (mailing, recipient), each moved by the send worker like an update's delivery.
 *
 * | access pattern                          | key condition                                                          |
 * |-----------------------------------------|------------------------------------------------------------------------|
 * | message by mailing and recipient        | pk = MAILING#<mailingId>, sk = MESSAGE#<recipientKey>                  |
 * | unfinished messages due for a sweep     | gsi1pk = MESSAGES-DUE#<0-f>, gsi1sk < <now> (sparse: queued and sending only) |
 * | messages to a recipient (export, erasure) | gsi2pk = MESSAGES-TO#<recipientKey>                                  |
 *
 * Keys hold a hash of the address (`recipientKeyOf`), never the address; the address and the rest
 * of the email live in `rendered` until the message is sent or failed, and the item goes by TTL.
 */
export const MESSAGE_SHARDS = '0123456789abcdef'.split('');
/** How long a queued message may wait for its queue message before the sweeper re-enqueues it. */
export const OUTBOX_GRACE_SECONDS = 10 * 60;

const messageKey = (key: OutboxKey) => ({ pk: `MAILING#${key.mailingId}`, sk: `MESSAGE#${key.recipientKey}` });
const duePk = (recipientKey: string) => `MESSAGES-DUE#${recipientKey[0]}`;
const dueSk = (due: Date, key: OutboxKey) => `${due.toISOString()}#${key.mailingId}#${key.recipientKey}`;
const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);

export function outboxStore(table: Table) {
  /** A conditional move of one message; answers the message as it now is, or undefined when the condition failed. */
  async function move(key: OutboxKey, input: { set: string; remove?: string; condition: string; names?: Record<string, string>; values: Record<string, unknown> }) {
    const item = await updateIf(
      table,
      new UpdateCommand({
        TableName: table.name,
        Key: messageKey(key),
        UpdateExpression: `SET ${input.set}${input.remove ? ` REMOVE ${input.remove}` : ''}`,
        ConditionExpression: input.condition,
        ExpressionAttributeNames: { '#status': 'status', ...input.names },
        ExpressionAttributeValues: input.values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKeys<OutboxMessage>(item);
  }

  /** sending (our claim) → sent or failed; the rendered email and the sweep entry go with the claim. */
  const finish = async (m: OutboxMessage, claimId: string, to: 'sent' | 'failed', fields: { messageId: string; sentAt: string } | { reason: string }, now: Date) => {
    const entries = Object.entries(fields);
    return (
      (await move(m, {
        set: ['#status = :to', 'updatedAt = :now', ...entries.map((_, i) => `#f${i} = :f${i}`)].join(', '),
        remove: 'leaseUntil, claimId, gsi1pk, gsi1sk, rendered',
        condition: '#status = :sending AND claimId = :claim',
        names: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
        values: { ':to': to, ':now': now.toISOString(), ':sending': 'sending', ':claim': claimId, ...Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, value])) },
      })) !== undefined
    );
  };

  const moves: OutboxMoves = {
    claim: (key, claimId, now, leaseSeconds) => {
      const leaseUntil = later(now, leaseSeconds);
      return move(key, {
        set: '#status = :sending, claimId = :claim, leaseUntil = :lease, gsi1sk = :due, attempts = if_not_exists(attempts, :zero) + :one',
        condition: '#status = :queued OR (#status = :sending AND leaseUntil < :now)',
        values: { ':sending': 'sending', ':queued': 'queued', ':claim': claimId, ':lease': leaseUntil.toISOString(), ':due': dueSk(leaseUntil, key), ':now': now.toISOString(), ':zero': 0, ':one': 1 },
      });
    },
    markSent: (m, claimId, messageId, now) => finish(m, claimId, 'sent', { messageId, sentAt: now.toISOString() }, now),
    markFailed: (m, claimId, reason, now) => finish(m, claimId, 'failed', { reason: reason.slice(0, 500) }, now),
    release: async (m, claimId, now) =>
      (await move(m, {
        set: '#status = :queued, gsi1sk = :due, updatedAt = :now',
        remove: 'leaseUntil, claimId',
        condition: '#status = :sending AND claimId = :claim',
        values: { ':queued': 'queued', ':sending': 'sending', ':claim': claimId, ':due': dueSk(later(now, OUTBOX_GRACE_SECONDS), m), ':now': now.toISOString() },
      })) !== undefined,
  };

  return {
    ...moves,

    /**
     * Writes each message only if its key is free, so a re-run of a mailing records nobody twice.
     * Answers the keys written and those already there (a re-run, or a run that died before its
     * queue message: enqueuing them again is harmless, the claim decides).
     */
    async record(messages: readonly OutboxMessage[], concurrency = 16): Promise<{ written: OutboxKey[]; existing: OutboxKey[] }> {
      const written: OutboxKey[] = [];
      const existing: OutboxKey[] = [];
      await inLanes(messages, concurrency, async (m) => {
        const item = {
          ...messageKey(m),
          gsi1pk: duePk(m.recipientKey),
          gsi1sk: dueSk(later(new Date(m.queuedAt), OUTBOX_GRACE_SECONDS), m),
          gsi2pk: `MESSAGES-TO#${m.recipientKey}`,
          gsi2sk: m.mailingId,
          type: 'outbox-message',
          ...m,
        };
        ((await putIfAbsent(table, item)) ? written : existing).push(keyOf(m));
      });
      return { written, existing };
    },

    /**
     * Closes a message no worker has claimed: queued → failed, with the reason, its email gone. For a
     * mailing whose reason to send went away between recording and marking (a registration cancelled).
     */
    withdraw: async (key: OutboxKey, reason: string, now: Date) =>
      (await move(key, {
        set: '#status = :failed, reason = :reason, updatedAt = :now',
        remove: 'gsi1pk, gsi1sk, rendered',
        condition: '#status = :queued',
        values: { ':failed': 'failed', ':queued': 'queued', ':reason': reason, ':now': now.toISOString() },
      })) !== undefined,

    /** The keys of a mailing's messages (a post's notifications: a group's members at most). */
    async keysOf(mailingId: string): Promise<OutboxKey[]> {
      const items = await queryAll(table, { KeyConditionExpression: 'pk = :m', ExpressionAttributeValues: { ':m': `MAILING#${mailingId}` }, ProjectionExpression: 'mailingId, recipientKey' });
      return items.map((item) => ({ mailingId: String(item.mailingId), recipientKey: String(item.recipientKey) }));
    },

    /** Whether a message of this mailing to this recipient was recorded (and has not expired). */
    async has(key: OutboxKey): Promise<boolean> {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: messageKey(key), ProjectionExpression: 'pk' }));
      return Item !== undefined;
    },

    get: async (key: OutboxKey) => withoutKeys<OutboxMessage>((await table.documents.send(new GetCommand({ TableName: table.name, Key: messageKey(key), ConsistentRead: true }))).Item),

    /** Unfinished messages whose queue message or claim is overdue, one shard at a time. */
    async overdue(shard: string, now: Date, limit = 500) {
      const page = await table.documents.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :now',
          ExpressionAttributeValues: { ':p': `MESSAGES-DUE#${shard}`, ':now': now.toISOString() },
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((i) => ({ key: { mailingId: i.mailingId as string, recipientKey: i.recipientKey as string }, due: i.gsi1sk as string }));
    },

    /** Pushes an overdue message's due time forward before re-enqueuing it, so one sweep re-enqueues it once. */
    postpone: (key: OutboxKey, due: string, now: Date) =>
      sendIf(
        table,
        new UpdateCommand({
          TableName: table.name,
          Key: messageKey(key),
          UpdateExpression: 'SET gsi1sk = :next',
          ConditionExpression: 'gsi1sk = :due',
          ExpressionAttributeValues: { ':next': dueSk(later(now, OUTBOX_GRACE_SECONDS), key), ':due': due },
        }),
      ),

    /** A recipient's messages, every mailing (export). */
    async ofRecipient(recipientKey: string): Promise<OutboxMessage[]> {
      return (await queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': `MESSAGES-TO#${recipientKey}` } })).map(
        (i) => withoutKeys<OutboxMessage>(i)!,
      );
    },

    /**
     * Erasure: every message to the address goes, whatever its status. One still queued is then
     * never claimed (the claim's condition finds no item); one being sent at this moment may still
     * go out, within one SES call, as with deliveries. A finished one holds only the hash of the
     * address in its key, which goes with it.
     */
    async eraseRecipient(email: string): Promise<number> {
      const items = await queryAll(table, {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `MESSAGES-TO#${recipientKeyOf(email)}` },
        ProjectionExpression: 'pk, sk',
      });
      await inLanes(items, 8, async (i) => void (await table.documents.send(new DeleteCommand({ TableName: table.name, Key: { pk: i.pk, sk: i.sk } }))));
      return items.length;
    },
  };
}
export type OutboxStore = ReturnType<typeof outboxStore>;
