/**
 * The one table's key schema, shared by the CDK stack (infra/) and the local hub, so the table
 * that ships and the table the tests run on cannot drift apart.
 *
 * Access patterns (pattern → key condition) are listed next to each repository.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** DynamoDB deletes items whose `expiresAt` (epoch seconds) has passed; reads also check it. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];
