import { ConditionalCheckFailedException, GetCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import { ConflictError } from '../../core/errors.ts';
import { FORMER_MEMBER } from '../../core/privacy/personal-data.ts';
import type { PlanSummary } from '../../core/updates/plan-job.ts';
import { updateMoves, type UpdateMove } from '../../core/updates/lifecycle.ts';
import type { SendingWait, Update, UpdateContent } from '../../core/updates/update.ts';
import { countAll, putIfAbsent, queryAll, sendIf, withoutKeys, type Table } from './items.ts';
import { stateNamed, type RefusalKey } from '../../core/refusals.ts';

/**
 * Updates and their plan summary (coverage, exclusions, gaps).
 *
 * | access pattern                   | key condition                                      |
 * |----------------------------------|----------------------------------------------------|
 * | update by id                     | pk = UPDATE#<id>, sk = UPDATE                      |
 * | all updates, newest first        | gsi1pk = UPDATES, gsi1sk = <createdAt>#<id>        |
 * | scheduled updates now due        | gsi2pk = SCHEDULED, gsi2sk <= <now>                |
 * | sent updates (public archive)    | gsi2pk = ARCHIVE, gsi2sk = <sendingAt>             |
 * | sent updates relayed by a network| gsi2pk = ARCHIVE, filtered on routes.networks      |
 * | updates someone wrote (erasure)  | gsi1pk = UPDATES, filtered on createdBy            |
 */
export type { PlanSummary };
/** As stored: with the plan's summary once planned, and the job that plans (or planned) it. */
export type StoredUpdate = Update & { plan?: PlanSummary; planJob?: string };

const key = (id: string) => ({ pk: `UPDATE#${id}`, sk: 'UPDATE' });

export function updateStore(table: Table) {
  const send = table.documents.send.bind(table.documents);

  /**
   * A conditional write on the update's status, the allowed statuses taken from core's lifecycle
   * table; a failed condition becomes a ConflictError naming what is stored.
   */
  async function transition(id: string, move: UpdateMove, input: { set: string; remove?: string; condition?: string; values: Record<string, unknown>; names?: Record<string, string> }, refusal: RefusalKey) {
    const allowed = updateMoves[move].from;
    try {
      const result = await send(
        new UpdateCommand({
          TableName: table.name,
          Key: key(id),
          UpdateExpression: `SET ${input.set}${input.remove ? ` REMOVE ${input.remove}` : ''}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.map((_, i) => `:a${i}`).join(', ')})${input.condition ? ` AND ${input.condition}` : ''}`,
          ExpressionAttributeNames: { '#status': 'status', ...input.names },
          ExpressionAttributeValues: { ...input.values, ...(input.set.includes(':to') ? { ':to': updateMoves[move].to } : {}), ...Object.fromEntries(allowed.map((s, i) => [`:a${i}`, s])) },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return withoutKeys<StoredUpdate>(result.Attributes)!;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const status = (error.Item?.status as { S?: string } | undefined)?.S;
        // A conflict either way: callers that race (the scheduler, the brake) pass over it.
        if (!status) throw new ConflictError('update.vanished', {}, { status: null, move }, { cause: error });
        throw new ConflictError(refusal, { status: stateNamed('update', status) }, { status, move }, { cause: error });
      }
      throw error;
    }
  }

  return {
    create: (update: Update) =>
      putIfAbsent(table, { ...key(update.id), gsi1pk: 'UPDATES', gsi1sk: `${update.createdAt}#${update.id}`, type: 'update', ...update }),

    getUpdate: async (id: string) => withoutKeys<StoredUpdate>((await send(new GetCommand({ TableName: table.name, Key: key(id) }))).Item),

    replaceContent: (id: string, content: UpdateContent, now: Date) => {
      const fields = { title: content.title, subject: content.subject, body: content.body, intro: content.intro ?? null, callToAction: content.callToAction ?? null, variants: content.variants, targets: content.targets, routes: content.routes, updatedAt: now.toISOString() };
      const names = Object.keys(fields);
      return transition(
        id,
        'edit',
        {
          set: names.map((_, i) => `#f${i} = :f${i}`).join(', '),
          names: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
          values: Object.fromEntries(Object.values(fields).map((v, i) => [`:f${i}`, v])),
        },
        'update.onlyDraftEdited',
      );
    },

    schedule: (id: string, at: Date, now: Date) =>
      transition(
        id,
        'schedule',
        {
          set: '#status = :to, scheduledAt = :at, gsi2pk = :pk, gsi2sk = :at, updatedAt = :now',
          values: { ':at': at.toISOString(), ':pk': 'SCHEDULED', ':now': now.toISOString() },
        },
        'update.onlyDraftScheduled',
      ),

    /**
     * Scheduled, sending, planned or paused → cancelled. It leaves the schedule and the public archive
     * (an update someone stopped is not one to publish), and the planning job's index with them.
     */
    cancel: (id: string, now: Date) =>
      transition(
        id,
        'cancel',
        { set: '#status = :to, cancelledAt = :now, updatedAt = :now', remove: 'gsi2pk, gsi2sk', values: { ':now': now.toISOString() } },
        'update.cancelRefused',
      ),

    /**
     * The brake: sending or planned → paused, with the reason and the figures. The condition makes
     * two events crossing the limit at once pause it once (the second gets a ConflictError), and
     * keeps a send the secretariat resumed from being paused again.
     */
    pause: (id: string, pause: NonNullable<Update['pause']>, now: Date) =>
      transition(
        id,
        'pause',
        { set: '#status = :to, #pause = :pause, updatedAt = :now', condition: 'attribute_not_exists(resumedAt)', names: { '#pause': 'pause' }, values: { ':pause': pause, ':now': now.toISOString() } },
        'update.pauseRefused',
      ),

    /** Paused → back to planning or to the queue (core's `resumeMove` says which). */
    resume: (id: string, move: 'resumePlanning' | 'resumeQueue', now: Date) =>
      transition(id, move, { set: '#status = :to, resumedAt = :now, updatedAt = :now', values: { ':now': now.toISOString() } }, 'update.resumeRefused'),

    /** Names the job planning the send (the report follows it); only while the update is being planned. */
    async setPlanJob(id: string, job: string) {
      return sendIf(
        table,
        new UpdateCommand({ TableName: table.name, Key: key(id), UpdateExpression: 'SET planJob = :job', ConditionExpression: '#status = :sending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':job': job, ':sending': 'sending' } }),
      );
    },

    /** The one move that starts a send: from draft or scheduled, once. */
    startSending: (id: string, now: Date) =>
      transition(
        id,
        'startSending',
        {
          set: '#status = :to, sendingAt = :now, gsi2pk = :archive, gsi2sk = :now, updatedAt = :now',
          values: { ':archive': 'ARCHIVE', ':now': now.toISOString() },
        },
        'update.notAgain',
      ),

    /**
     * Sending → sent (planned). An update paused or cancelled while it was being planned keeps its
     * status but still records the plan: the report needs the recipients, and a resume must know the
     * plan is complete.
     */
    async markPlanned(id: string, plan: PlanSummary, now: Date) {
      const values = { ':now': now.toISOString(), ':n': plan.recipients, ':plan': plan };
      const set = 'plannedAt = :now, recipients = :n, #plan = :plan, updatedAt = :now';
      try {
        return await transition(id, 'markPlanned', { set: `#status = :to, ${set}`, names: { '#plan': 'plan' }, values }, 'update.plannedRefused');
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        await send(
          new UpdateCommand({
            TableName: table.name,
            Key: key(id),
            UpdateExpression: `SET ${set}`,
            ConditionExpression: '#status IN (:paused, :cancelled) AND attribute_not_exists(plannedAt)',
            ExpressionAttributeNames: { '#status': 'status', '#plan': 'plan' },
            ExpressionAttributeValues: { ...values, ':paused': 'paused', ':cancelled': 'cancelled' },
          }),
        ).catch((inner: unknown) => {
          if (!(inner instanceof ConditionalCheckFailedException)) throw inner;
        });
        return undefined;
      }
    },

    /**
     * The account's quota holds the update's deliveries: why, since when, until when. The first hold
     * writes it; a later one only moves `until` forward (the wait began when it began); the same or an
     * earlier `until` (another process of the same hold) writes nothing.
     */
    async markWaiting(id: string, waiting: SendingWait) {
      const started = await sendIf(
        table,
        new UpdateCommand({
          TableName: table.name,
          Key: key(id),
          UpdateExpression: 'SET #waiting = :waiting',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#waiting)',
          ExpressionAttributeNames: { '#waiting': 'waiting' },
          ExpressionAttributeValues: { ':waiting': waiting },
        }),
      );
      if (started) return;
      await sendIf(
        table,
        new UpdateCommand({
          TableName: table.name,
          Key: key(id),
          UpdateExpression: 'SET #waiting.#until = :until',
          ConditionExpression: '#waiting.#until < :until',
          ExpressionAttributeNames: { '#waiting': 'waiting', '#until': 'until' },
          ExpressionAttributeValues: { ':until': waiting.until },
        }),
      );
    },

    /**
     * Sending resumed at `at`: the update no longer waits. Conditional, so an update that never waited
     * is not written, and a wait that began at `at` or later (a hold written meanwhile) stays.
     */
    async clearWaiting(id: string, at: Date) {
      await sendIf(
        table,
        new UpdateCommand({
          TableName: table.name,
          Key: key(id),
          UpdateExpression: 'REMOVE #waiting',
          ConditionExpression: 'attribute_exists(#waiting) AND #waiting.#since < :at',
          ExpressionAttributeNames: { '#waiting': 'waiting', '#since': 'since' },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    },

    async statusOf(id: string) {
      const item = (await send(new GetCommand({ TableName: table.name, Key: key(id), ProjectionExpression: '#status', ExpressionAttributeNames: { '#status': 'status' }, ConsistentRead: true }))).Item;
      return item?.status as Update['status'] | undefined;
    },

    async list(limit = 100) {
      const page = await send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'UPDATES' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((i) => withoutKeys<StoredUpdate>(i)!);
    },

    /**
     * The console's attention counts. Scheduled updates are counted on their own index key, so the
     * cost is what is counted. Paused sends stay in the public archive's index (some have the update
     * already), so they are counted there; a count reads the archive's keys, never the updates.
     */
    async attentionCounts() {
      const [scheduled, paused] = await Promise.all([
        countAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'SCHEDULED' } }),
        countAll(table, {
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p',
          FilterExpression: '#status = :paused',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':p': 'ARCHIVE', ':paused': 'paused' },
        }),
      ]);
      return { scheduled, paused };
    },

    async createdBy(email: string) {
      return (await queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', FilterExpression: 'createdBy = :e', ExpressionAttributeValues: { ':p': 'UPDATES', ':e': email } })).map((i) => withoutKeys<StoredUpdate>(i)!);
    },
    /** Erasure of the secretariat member who wrote an update: the update and its report stay. */
    async attributeToFormerMember(id: string) {
      await send(new UpdateCommand({ TableName: table.name, Key: key(id), UpdateExpression: 'SET createdBy = :former', ExpressionAttributeValues: { ':former': FORMER_MEMBER } }));
    },

    async dueScheduled(now: Date) {
      const page = await send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :now',
          ExpressionAttributeValues: { ':p': 'SCHEDULED', ':now': now.toISOString() },
        }),
      );
      return (page.Items ?? []).map((i) => withoutKeys<StoredUpdate>(i)!);
    },

    /**
     * Updates moved to `sending` in the last week but not planned by `before`: a send request that
     * died while planning (a Lambda timeout on a large audience) left them for the job to finish.
     */
    async unplanned(before: Date) {
      const weekAgo = new Date(before.getTime() - 7 * 86_400_000).toISOString();
      return (await queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :before', FilterExpression: '#status = :sending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':p': 'ARCHIVE', ':from': weekAgo, ':before': before.toISOString(), ':sending': 'sending' } })).map((i) => withoutKeys<StoredUpdate>(i)!);
    },

    /**
     * The newest archived updates relayed through a network (its feed), at most `limit`. Reads the
     * archive newest first, a page at a time, and stops at `limit` found or `scanned` read: a network
     * chosen rarely still costs a bounded read.
     */
    async relayedThrough(networkId: string, limit: number, scanned = 500) {
      const found: StoredUpdate[] = [];
      let read = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await send(
          new QueryCommand({
            TableName: table.name,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :p',
            FilterExpression: 'contains(#routes.#networks, :network)',
            ExpressionAttributeNames: { '#routes': 'routes', '#networks': 'networks' },
            ExpressionAttributeValues: { ':p': 'ARCHIVE', ':network': networkId },
            ScanIndexForward: false,
            Limit: Math.min(100, scanned - read),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        read += page.ScannedCount ?? 0;
        found.push(...(page.Items ?? []).map((i) => withoutKeys<StoredUpdate>(i)!));
        start = page.LastEvaluatedKey;
      } while (start && found.length < limit && read < scanned);
      return found.slice(0, limit);
    },

    async archive(limit = 50) {
      const page = await send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': 'ARCHIVE' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((i) => withoutKeys<StoredUpdate>(i)!);
    },
    /** Updates sent between two instants (ISO), newest first, at most `limit`. */
    async sentBetween(from: string, to: string, limit: number) {
      const page = await send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':p': 'ARCHIVE', ':from': from, ':to': to },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((i) => withoutKeys<StoredUpdate>(i)!);
    },
  };
}
export type UpdateStore = ReturnType<typeof updateStore>;
