import { ConditionalCheckFailedException, DeleteCommand, GetCommand, PutCommand, QueryCommand, type QueryCommandInput, TransactionCanceledException, TransactWriteCommand, UpdateCommand } from './document-client.ts';
import type { Call, CallResponse } from '../../core/experts/call.ts';
import type { Expert } from '../../core/experts/expert.ts';
import { ConflictError } from '../../core/errors.ts';
import { batchGetAll, withoutKeys, type Table } from './items.ts';

/**
 * The expert pool and calls for cooperation.
 *
 * | access pattern                     | key condition                                              |
 * |------------------------------------|------------------------------------------------------------|
 * | expert by id                       | pk = EXPERT#<id>, sk = EXPERT                              |
 * | expert id by email (unique)        | pk = EXPERT-EMAIL#<email>, sk = EMAIL                      |
 * | all experts, newest first          | gsi2pk = EXPERTS (gsi2sk = <createdAt>#<id>)               |
 * | experts of a topic (filtering)     | gsi1pk = EXPERTS-TOPIC#<topic> (gsi1sk = <country>#<id>)   |
 * | expert or call token               | pk = TOKEN#<hash>, sk = TOKEN                              |
 * | call with its sends and answers    | pk = CALL#<id> (sk CALL, SENT#<expert>, RESPONSE#<expert>) |
 * | calls of a group                   | gsi1pk = GROUP#<group>#CALLS                               |
 * | an expert's tokens, calls, answers | gsi1pk = EXPERT#<id> (gsi1sk TOKEN#<hash>, SENT#<call>, RESPONSE#<call>) |
 *
 * Each topic of an expert has an index item carrying a copy of the entry, so filtering by topic
 * is one Query; the copies are rewritten with the entry in one transaction.
 */
export function expertStore(table: Table) {
  const T = table.name;
  const send = table.documents.send.bind(table.documents);
  const expertKey = (id: string) => ({ pk: `EXPERT#${id}`, sk: 'EXPERT' });
  const topicItems = (expert: Expert) =>
    expert.topics.map((topic) => ({
      pk: `EXPERT#${expert.id}`,
      sk: `TOPIC#${topic}`,
      gsi1pk: `EXPERTS-TOPIC#${topic}`,
      gsi1sk: `${expert.country}#${expert.id}`,
      type: 'expert-topic',
      ...expert,
    }));
  const mainItem = (expert: Expert) => ({
    ...expertKey(expert.id),
    gsi2pk: 'EXPERTS',
    gsi2sk: `${expert.createdAt}#${expert.id}`,
    type: 'expert',
    ...expert,
  });
  /** What an expert leaves elsewhere in the table, indexed under the expert so erasure finds it. */
  const trail = (expertId: string, what: string) => ({ gsi1pk: `EXPERT#${expertId}`, gsi1sk: what });
  const queryAll = async <T>(input: Omit<QueryCommandInput, 'TableName'>, limit = 5000) => {
    const items: T[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await send(new QueryCommand({ TableName: T, ...input, ExclusiveStartKey }));
      items.push(...(page.Items ?? []).map((item) => withoutKeys<T>(item)!));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < limit);
    return items;
  };

  return {
    /** Adds an entry; the email item makes a second entry for the same person impossible. */
    async addExpert(expert: Expert) {
      try {
        await send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: T,
                  Item: { pk: `EXPERT-EMAIL#${expert.email}`, sk: 'EMAIL', expertId: expert.id },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName: T, Item: mainItem(expert), ConditionExpression: 'attribute_not_exists(pk)' } },
              ...topicItems(expert).map((Item) => ({ Put: { TableName: T, Item } })),
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw new ConflictError('expert.inPool', {}, { field: 'email' }, { cause: error });
        }
        throw error;
      }
    },
    async getExpert(id: string) {
      return withoutKeys<Expert>((await send(new GetCommand({ TableName: T, Key: expertKey(id) }))).Item);
    },
    async expertIdByEmail(email: string) {
      const { Item } = await send(new GetCommand({ TableName: T, Key: { pk: `EXPERT-EMAIL#${email}`, sk: 'EMAIL' } }));
      return Item?.expertId as string | undefined;
    },
    async getExperts(ids: string[]) {
      return (await batchGetAll(table, ids.map(expertKey))).map((item) => withoutKeys<Expert>(item)!);
    },
    /**
     * Rewrites an entry and its topic copies together; topics dropped lose their index item.
     * `expectedUpdatedAt` makes concurrent edits fail rather than overwrite each other.
     */
    async saveExpert(expert: Expert, previous: Expert) {
      const removed = previous.topics.filter((topic) => !expert.topics.includes(topic));
      try {
        await send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: T,
                  Item: mainItem(expert),
                  ConditionExpression: 'updatedAt = :previous',
                  ExpressionAttributeValues: { ':previous': previous.updatedAt },
                },
              },
              ...topicItems(expert).map((Item) => ({ Put: { TableName: T, Item } })),
              ...removed.map((topic) => ({ Delete: { TableName: T, Key: { pk: `EXPERT#${expert.id}`, sk: `TOPIC#${topic}` } } })),
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw new ConflictError('expert.changedMeanwhile', {}, undefined, { cause: error });
        }
        throw error;
      }
    },
    async countCalled(id: string, field: 'calledCount' | 'answeredCount') {
      await send(
        new UpdateCommand({
          TableName: T,
          Key: expertKey(id),
          UpdateExpression: 'ADD #field :one',
          ExpressionAttributeNames: { '#field': field },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    },
    /** Candidates for a call or a console search: by topic when one is given, else the whole pool. */
    async candidates(topics: string[]) {
      if (topics.length === 0) {
        return queryAll<Expert>({
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': 'EXPERTS' },
          ScanIndexForward: false,
        });
      }
      const perTopic = await Promise.all(
        topics.map((topic) =>
          queryAll<Expert>({
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': `EXPERTS-TOPIC#${topic}` },
          }),
        ),
      );
      return perTopic.flat();
    },
    async putToken(hash: string, value: { purpose: 'confirm' | 'manage' | 'answer'; expertId: string; callId?: string; expiresAt?: number }) {
      await send(new PutCommand({ TableName: T, Item: { pk: `TOKEN#${hash}`, sk: 'TOKEN', ...trail(value.expertId, `TOKEN#${hash}`), type: 'token', ...value } }));
    },
    async getToken(hash: string) {
      const { Item } = await send(new GetCommand({ TableName: T, Key: { pk: `TOKEN#${hash}`, sk: 'TOKEN' }, ConsistentRead: true }));
      return withoutKeys<{ purpose: 'confirm' | 'manage' | 'answer'; expertId: string; callId?: string; expiresAt?: number }>(Item);
    },
    async addCall(call: Call) {
      await send(
        new PutCommand({
          TableName: T,
          Item: { pk: `CALL#${call.id}`, sk: 'CALL', gsi1pk: `GROUP#${call.groupId}#CALLS`, gsi1sk: `${call.createdAt}#${call.id}`, type: 'call', ...call },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async callsOfGroup(groupId: string) {
      return queryAll<Call>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `GROUP#${groupId}#CALLS` },
        ScanIndexForward: false,
      });
    },
    /** The call, who it was sent to, and the answers: one Query. */
    async callWithAnswers(callId: string) {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await send(
          new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `CALL#${callId}` }, ExclusiveStartKey }),
        );
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      const bySk = <T>(prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix)).map((item) => withoutKeys<T>(item)!);
      return {
        call: bySk<Call>('CALL')[0],
        sent: bySk<{ expertId: string; at: string; language: string; job?: string }>('SENT#'),
        responses: bySk<CallResponse>('RESPONSE#'),
      };
    },
    /** Records that a call went to an expert, by the send job `job`; false when it already had (never twice). */
    async markSent(callId: string, expertId: string, language: string, at: string, job?: string) {
      try {
        await send(
          new PutCommand({
            TableName: T,
            Item: { pk: `CALL#${callId}`, sk: `SENT#${expertId}`, ...trail(expertId, `SENT#${callId}`), type: 'call-sent', callId, expertId, language, at, ...(job ? { job } : {}) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async updateCall(callId: string, set: Partial<Pick<Call, 'status' | 'sentAt' | 'sentCount' | 'createdBy'>>) {
      const names = Object.keys(set);
      await send(
        new UpdateCommand({
          TableName: T,
          Key: { pk: `CALL#${callId}`, sk: 'CALL' },
          UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
          ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, set[n as keyof typeof set]])),
        }),
      );
    },
    /** The links, calls received and answers of an expert (export, erasure). */
    async trailOf(expertId: string) {
      const items = await queryAll<Record<string, unknown>>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `EXPERT#${expertId}` } }, Infinity);
      const of = (type: string) => items.filter((i) => i.type === type);
      return {
        tokens: of('token') as { purpose: string; callId?: string; expiresAt?: number }[],
        sent: of('call-sent') as { callId: string; expertId: string; language: string; at: string }[],
        responses: of('call-response') as unknown as CallResponse[],
      };
    },
    /** Erasure: the entry, its topic copies and the address pointer. */
    async removeExpert(expert: Pick<Expert, 'id' | 'email'>) {
      const { Items = [] } = await send(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `EXPERT#${expert.id}` } }));
      const keys = [...Items.map((i) => ({ pk: i.pk, sk: i.sk })), { pk: `EXPERT-EMAIL#${expert.email}`, sk: 'EMAIL' }];
      await Promise.all(keys.map((Key) => send(new DeleteCommand({ TableName: T, Key }))));
      return Items.filter((i) => i.sk === 'EXPERT').length;
    },
    /** Erasure: every link issued to an expert stops working. */
    async forgetTokensOf(expertId: string) {
      const { Items = [] } = await send(
        new QueryCommand({ TableName: T, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :t)', ExpressionAttributeValues: { ':p': `EXPERT#${expertId}`, ':t': 'TOKEN#' } }),
      );
      await Promise.all(Items.map((i) => send(new DeleteCommand({ TableName: T, Key: { pk: i.pk, sk: i.sk } }))));
      return Items.length;
    },
    /**
     * Erasure: that a call went to an expert, or their answer, goes with the call's counter in one
     * transaction, so the leaders' view and the outreach counts stay in step. False when already gone.
     */
    async forgetCallTrail(callId: string, expertId: string, what: 'sent' | 'response') {
      try {
        await send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: T, Key: { pk: `CALL#${callId}`, sk: `${what === 'sent' ? 'SENT' : 'RESPONSE'}#${expertId}` }, ConditionExpression: 'attribute_exists(pk)' } },
              {
                Update: {
                  TableName: T,
                  Key: { pk: `CALL#${callId}`, sk: 'CALL' },
                  UpdateExpression: 'ADD #counter :minus',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: { '#counter': what === 'sent' ? 'sentCount' : 'answeredCount' },
                  ExpressionAttributeValues: { ':minus': -1 },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },
    /** Stores an answer; answering again before the deadline replaces it. Returns whether it is the first. */
    async putResponse(response: CallResponse) {
      const result = await send(
        new PutCommand({
          TableName: T,
          Item: { pk: `CALL#${response.callId}`, sk: `RESPONSE#${response.expertId}`, ...trail(response.expertId, `RESPONSE#${response.callId}`), type: 'call-response', ...response },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const first = !result.Attributes;
      if (first) {
        await send(
          new UpdateCommand({
            TableName: T,
            Key: { pk: `CALL#${response.callId}`, sk: 'CALL' },
            UpdateExpression: 'ADD answeredCount :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
      }
      return first;
    },
  };
}
export type ExpertStore = ReturnType<typeof expertStore>;
