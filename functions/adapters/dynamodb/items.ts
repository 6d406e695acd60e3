import { BatchGetCommand, BatchWriteCommand, ConditionalCheckFailedException, DeleteCommand, type DocumentClient, PutCommand, QueryCommand, type QueryCommandInput, UpdateCommand } from './document-client.ts';
import { ConflictError } from '../../core/errors.ts';
import { inLanes } from '../../core/lanes.ts';
import type { RefusalKey } from '../../core/refusals.ts';

/** The table and its client, as every repository receives them. */
export interface Table {
  documents: DocumentClient;
  name: string;
}

/** Sends a write under a named condition; answers whether the condition held (and so the write happened). */
export async function sendIf(table: Table, command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    await table.documents.send(command as PutCommand);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Writes an item only if no item has its key; answers whether it wrote. */
export function putIfAbsent(table: Table, item: Record<string, unknown>): Promise<boolean> {
  return sendIf(
    table,
    new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } }),
  );
}

/** Drops the key attributes, leaving the entity as core knows it. */
export function withoutKeys<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...rest } = item;
  return rest as T;
}

/**
 * The index entry that lets a person's items be found from their address (erasure, export):
 * `gsi1pk = MEMBER#<email>`, `gsi1sk = <kind>#<id>`. Every Query on that partition names the kind
 * it wants with begins_with, so kinds never mix.
 */
export const personIndex = (email: string, kind: string, id: string) => ({ gsi1pk: `MEMBER#${email}`, gsi1sk: `${kind}#${id}` });

/** Every item a Query finds, all pages read, keys included. */
export async function queryAll(table: Table, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(table, input)) items.push(...(page.Items ?? []));
  return items;
}

/** How many items a Query finds, all pages counted: DynamoDB returns the count, not the items. */
export async function countAll(table: Table, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Select'>): Promise<number> {
  let count = 0;
  for await (const page of queryPages(table, { ...input, Select: 'COUNT' })) count += page.Count ?? 0;
  return count;
}

/** A Query's pages, each read when the one before has been taken. */
async function* queryPages(table: Table, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.documents.send(new QueryCommand({ TableName: table.name, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    yield page;
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Every item of one kind indexed under a person's address, keys included. */
export function personItems(table: Table, email: string, kind: string): Promise<Record<string, unknown>[]> {
  return queryAll(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :k)',
    ExpressionAttributeValues: { ':p': `MEMBER#${email}`, ':k': `${kind}#` },
  });
}

/** The list cut into consecutive pieces of `size` (the last may be shorter). */
export const slices = <T>(items: readonly T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Requests of a batch helper in flight at once: a page of a thousand is a few round trips, not forty. */
const BATCH_LANES = 4;

/** Every key's item, 100 keys a request, unprocessed keys asked again; items the table lacks are absent. */
export async function batchGetAll(
  table: Table,
  keys: readonly Record<string, unknown>[],
  options: { projection?: string; names?: Record<string, string>; consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  await inLanes(slices(keys, 100), BATCH_LANES, async (slice) => {
    let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ConsistentRead?: boolean }> | undefined = {
      [table.name]: {
        Keys: slice,
        ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      },
    };
    while (request && Object.keys(request).length > 0) {
      const result = await table.documents.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(result.Responses?.[table.name] ?? []));
      request = result.UnprocessedKeys as typeof request;
    }
  });
  return found;
}

/**
 * Puts (or deletes) unconditionally, 25 a request, unprocessed ones sent again. Only for writes that
 * are safe to repeat and to race: BatchWrite takes no condition.
 */
export async function batchWriteAll(table: Table, requests: readonly ({ PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } })[]) {
  await inLanes(slices(requests, 25), BATCH_LANES, async (slice) => {
    let pending: Record<string, unknown[]> | undefined = { [table.name]: slice };
    while (pending && Object.keys(pending).length > 0) {
      const result = await table.documents.send(new BatchWriteCommand({ RequestItems: pending as never }));
      pending = result.UnprocessedItems as typeof pending;
    }
  });
}

/** Sends an update under a named condition; answers the item as it now is, or undefined when the condition did not hold. */
/** For a write conditioned on its item existing: an item already gone is no error (`.catch(ignoreMissing)`). */
export function ignoreMissing(error: unknown): void {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
}

/** A conditional write whose condition failing is the caller's conflict, told to them with `message` (409). */
export async function orConflict<T>(write: Promise<T>, refusal: RefusalKey): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ConflictError(refusal, {}, undefined, { cause: error });
    throw error;
  }
}

export async function updateIf(table: Table, command: UpdateCommand): Promise<Record<string, unknown> | undefined> {
  try {
    return (await table.documents.send(command)).Attributes ?? {};
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
