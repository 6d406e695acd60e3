import { marshall, unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type * as Doc from '@aws-sdk/lib-dynamodb';
import { awsClient, AwsError, errorAnswer, type AwsClientOptions } from '../aws-request.ts';

/**
 * DynamoDB's JSON protocol, spoken directly: each operation is one signed POST (`../aws-request.ts`), items marshalled as the SDK's document client marshals them (`@aws-sdk/util-dynamodb`,
 * undefined values removed), throttling and server errors retried with jittered backoff as the SDK's
 * standard retry does. The commands keep the document client's names and shapes, so a store reads the
 * same either way; what this saves is the SDK's weight: its client is most of a Lambda's start and a
 * third of the CPU a local send spends per email.
 *
 * Errors come back as `DynamoDBError` named by DynamoDB's error type; the two the stores branch on are
 * classes of their own. As with the SDK, an error's `Item` and a cancellation reason's `Item` are the
 * raw attribute values DynamoDB sent.
 */

type Item = Record<string, NativeAttributeValue>;
type Wire = Record<string, unknown>;
/** The SDK's answers carry `$metadata`; these do not. */
type Answer<T> = Omit<T, '$metadata'>;

/** A DynamoDB error: `name` is its type (`ResourceNotFoundException`, `ValidationException`, …). */
export class DynamoDBError extends AwsError {}

export class ConditionalCheckFailedException extends DynamoDBError {
  /** The item as it was, when the write asked for it (ReturnValuesOnConditionCheckFailure), in attribute values. */
  Item?: Record<string, Record<string, unknown>> | undefined;
}

export class TransactionCanceledException extends DynamoDBError {
  /** One per item of the transaction, in order: `None`, `ConditionalCheckFailed`, `TransactionConflict`, … */
  CancellationReasons?: { Code?: string | undefined; Message?: string | undefined; Item?: Record<string, Record<string, unknown>> | undefined }[] | undefined;
}

const items = (list: readonly Item[] | undefined) => list?.map((item) => toWire(item));
const toWire = (item: Item | undefined) => (item ? marshall(item, { removeUndefinedValues: true }) : undefined);
const fromWire = (item: Wire | undefined) => (item ? unmarshall(item as never) : undefined);
const fromWireAll = (list: Wire[] | undefined) => list?.map((item) => unmarshall(item as never));
/** A request's attribute values and key, marshalled; everything else as written. */
const withValues = <T extends { ExpressionAttributeValues?: Item | undefined; Key?: Item | undefined; ExclusiveStartKey?: Item | undefined }>(input: T): Wire => ({
  ...input,
  ...(input.ExpressionAttributeValues ? { ExpressionAttributeValues: toWire(input.ExpressionAttributeValues) } : {}),
  ...(input.Key ? { Key: toWire(input.Key) } : {}),
  ...(input.ExclusiveStartKey ? { ExclusiveStartKey: toWire(input.ExclusiveStartKey) } : {}),
});
/** An answer's items back to plain values. */
const withItems = (output: Wire): Wire => ({
  ...output,
  ...(output.Item ? { Item: fromWire(output.Item as Wire) } : {}),
  ...(output.Attributes ? { Attributes: fromWire(output.Attributes as Wire) } : {}),
  ...(output.Items ? { Items: fromWireAll(output.Items as Wire[]) } : {}),
  ...(output.LastEvaluatedKey ? { LastEvaluatedKey: fromWire(output.LastEvaluatedKey as Wire) } : {}),
});

/** One operation: its name on the wire, how its input is written and its answer read. */
interface Operation<I, O> {
  readonly operation: string;
  readonly input: I;
  wire(): Wire;
  read(output: Wire): O;
}

function operation<I, O>(name: string, wire: (input: I) => Wire, read: (output: Wire) => Wire = withItems) {
  return class implements Operation<I, O> {
    readonly operation = name;
    constructor(readonly input: I) {}
    wire() {
      return wire(this.input);
    }
    read(output: Wire) {
      return read(output) as O;
    }
  };
}

type Writes = Record<string, ({ PutRequest?: { Item: Item } } | { DeleteRequest?: { Key: Item } })[]>;
const writesToWire = (writes: Writes | undefined) =>
  writes &&
  Object.fromEntries(
    Object.entries(writes).map(([table, requests]) => [
      table,
      requests.map((r) => ('PutRequest' in r && r.PutRequest ? { PutRequest: { Item: toWire(r.PutRequest.Item) } } : 'DeleteRequest' in r && r.DeleteRequest ? { DeleteRequest: { Key: toWire(r.DeleteRequest.Key) } } : r)),
    ]),
  );
const writesFromWire = (writes: Record<string, Wire[]> | undefined) =>
  writes &&
  Object.fromEntries(
    Object.entries(writes).map(([table, requests]) => [
      table,
      requests.map((r) => {
        const put = r.PutRequest as { Item: Wire } | undefined;
        const del = r.DeleteRequest as { Key: Wire } | undefined;
        return put ? { PutRequest: { Item: fromWire(put.Item) } } : { DeleteRequest: { Key: fromWire(del?.Key) } };
      }),
    ]),
  );
type Reads = Record<string, { Keys?: Item[] | undefined } & Wire>;
const readsToWire = (reads: Reads | undefined) => reads && Object.fromEntries(Object.entries(reads).map(([table, read]) => [table, { ...read, Keys: items(read.Keys) }]));
const readsFromWire = (reads: Record<string, { Keys?: Wire[] } & Wire> | undefined) =>
  reads && Object.fromEntries(Object.entries(reads).map(([table, read]) => [table, { ...read, Keys: fromWireAll(read.Keys) }]));

export const GetCommand = operation<Doc.GetCommandInput, Answer<Doc.GetCommandOutput>>('GetItem', withValues);
export const PutCommand = operation<Doc.PutCommandInput, Answer<Doc.PutCommandOutput>>('PutItem', (input) => ({ ...withValues(input), Item: toWire(input.Item) }));
export const UpdateCommand = operation<Doc.UpdateCommandInput, Answer<Doc.UpdateCommandOutput>>('UpdateItem', withValues);
export const DeleteCommand = operation<Doc.DeleteCommandInput, Answer<Doc.DeleteCommandOutput>>('DeleteItem', withValues);
export const QueryCommand = operation<Doc.QueryCommandInput, Answer<Doc.QueryCommandOutput>>('Query', withValues);
export const ScanCommand = operation<Doc.ScanCommandInput, Answer<Doc.ScanCommandOutput>>('Scan', withValues);
export const BatchGetCommand = operation<Doc.BatchGetCommandInput, Answer<Doc.BatchGetCommandOutput>>(
  'BatchGetItem',
  (input) => ({ ...input, RequestItems: readsToWire(input.RequestItems as Reads) }),
  (output) => ({
    ...output,
    Responses: output.Responses && Object.fromEntries(Object.entries(output.Responses as Record<string, Wire[]>).map(([table, found]) => [table, fromWireAll(found)])),
    UnprocessedKeys: readsFromWire(output.UnprocessedKeys as never),
  }),
);
export const BatchWriteCommand = operation<Doc.BatchWriteCommandInput, Answer<Doc.BatchWriteCommandOutput>>(
  'BatchWriteItem',
  (input) => ({ ...input, RequestItems: writesToWire(input.RequestItems as Writes) }),
  (output) => ({ ...output, UnprocessedItems: writesFromWire(output.UnprocessedItems as never) }),
);
export const TransactWriteCommand = operation<Doc.TransactWriteCommandInput, Answer<Doc.TransactWriteCommandOutput>>('TransactWriteItems', (input) => ({
  ...input,
  TransactItems: input.TransactItems?.map((item) => {
    if (item.Put) return { Put: { ...withValues(item.Put), Item: toWire(item.Put.Item) } };
    if (item.Update) return { Update: withValues(item.Update) };
    if (item.Delete) return { Delete: withValues(item.Delete) };
    if (item.ConditionCheck) return { ConditionCheck: withValues(item.ConditionCheck) };
    return item;
  }),
}));
/** The table's description, as DynamoDB gives it (the health probe reads its status). */
export const DescribeTableCommand = operation<{ TableName: string }, { Table?: { TableStatus?: string } & Wire }>('DescribeTable', (input) => input, (output) => output);

export type GetCommand = InstanceType<typeof GetCommand>;
export type PutCommand = InstanceType<typeof PutCommand>;
export type UpdateCommand = InstanceType<typeof UpdateCommand>;
export type DeleteCommand = InstanceType<typeof DeleteCommand>;
export type QueryCommand = InstanceType<typeof QueryCommand>;
export type TransactWriteCommand = InstanceType<typeof TransactWriteCommand>;
export type QueryCommandInput = Doc.QueryCommandInput;

/** What an observer sees of each call: the operation and its input as the store wrote it. */
export type CallObserver = (operation: string, input: unknown) => void;

export interface DocumentClient {
  send<I, O>(command: Operation<I, O>): Promise<O>;
  /** Calls `observer` before each call (the bench counts writes with it); answers the way to stop. */
  observe(observer: CallObserver): () => void;
  /** Closes the kept-alive connections. */
  destroy(): void;
}

export function documentClient(options: AwsClientOptions): DocumentClient {
  const client = awsClient('dynamodb', { ...options, defaultHost: `dynamodb.${options.region}.amazonaws.com`, errorOf });
  const observers = new Set<CallObserver>();
  return {
    async send<I, O>(command: Operation<I, O>): Promise<O> {
      for (const observer of observers) observer(command.operation, command.input);
      const text = await client.call({
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${command.operation}` },
        body: JSON.stringify(command.wire()),
      });
      return command.read(text ? (JSON.parse(text) as Wire) : {});
    },
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    destroy: client.destroy,
  };
}

/** DynamoDB's error answer (`{"__type": "com.amazonaws.dynamodb.v20120810#Name", "message": …}`) as an error of its name. */
function errorOf(status: number, text: string, headers: Record<string, string | string[] | undefined>): DynamoDBError {
  const { name, message, body } = errorAnswer(status, text, headers);
  if (name === 'ConditionalCheckFailedException') return Object.assign(new ConditionalCheckFailedException(name, message, status), { Item: body.Item as never });
  if (name === 'TransactionCanceledException') return Object.assign(new TransactionCanceledException(name, message, status), { CancellationReasons: body.CancellationReasons as never });
  return new DynamoDBError(name, message, status);
}
