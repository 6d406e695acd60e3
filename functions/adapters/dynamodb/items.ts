import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The table and its client, as every repository receives them. */
export interface Table {
  documents: DynamoDBDocumentClient;
  name: string;
}

/** Writes an item only if no item has its key; answers whether it wrote. */
export async function putIfAbsent(table: Table, item: Record<string, unknown>): Promise<boolean> {
  try {
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': 'pk' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
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

/** Every item of one kind indexed under a person's address, keys included. */
export async function personItems(table: Table, email: string, kind: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.documents.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :k)',
        ExpressionAttributeValues: { ':p': `MEMBER#${email}`, ':k': `${kind}#` },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
