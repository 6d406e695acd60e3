import { ConditionalCheckFailedException, DeleteCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import { hashSecret } from '../../core/auth/secrets.ts';
import type { Table } from './items.ts';

/**
 * Fixed-window counters in the table, so limits hold across Lambda instances. The counter's
 * condition refuses the hit that would exceed the limit; TTL removes old windows. The key (an address,
 * a client's IP) is stored hashed, so a counter never holds personal data in clear.
 *
 * | access pattern      | key condition                                          |
 * |---------------------|--------------------------------------------------------|
 * | a key's window      | pk = RATE#<scope>#<hash of key>, sk = <window start>   |
 * | a key's windows     | pk = RATE#<scope>#<hash of key>                        |
 */
const counterPk = (scope: string, key: string) => `RATE#${scope}#${hashSecret(`rate:${key}`)}`;

export function rateLimiter(table: Table) {
  return {
    /** Erasure: every window a key has in these scopes. */
    async forget(scopes: readonly string[], key: string) {
      for (const scope of scopes) {
        const { Items = [] } = await table.documents.send(
          new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': counterPk(scope, key) } }),
        );
        await Promise.all(Items.map((item) => table.documents.send(new DeleteCommand({ TableName: table.name, Key: { pk: item.pk, sk: item.sk } }))));
      }
    },
    async hit(scope: string, key: string, limit: number, windowSeconds: number, now: Date) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      try {
        await table.documents.send(
          new UpdateCommand({
            TableName: table.name,
            Key: { pk: counterPk(scope, key), sk: String(windowStart) },
            UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowStart + windowSeconds * 2 },
          }),
        );
        return { allowed: true as const };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return { allowed: false as const, retryAfterSeconds: windowStart + windowSeconds - nowSeconds };
      }
    },
  };
}
export type RateLimiter = ReturnType<typeof rateLimiter>;
