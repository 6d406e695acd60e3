import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './items.ts';

/**
 * Fixed-window counters in the table, so limits hold across Lambda instances. The counter's
 * condition refuses the hit that would exceed the limit; TTL removes old windows.
 *
 * | access pattern      | key condition                                  |
 * |---------------------|------------------------------------------------|
 * | a key's window      | pk = RATE#<scope>#<key>, sk = <window start>   |
 */
export function rateLimiter(table: Table) {
  return {
    async hit(scope: string, key: string, limit: number, windowSeconds: number, now: Date) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      try {
        await table.documents.send(
          new UpdateCommand({
            TableName: table.name,
            Key: { pk: `RATE#${scope}#${key}`, sk: String(windowStart) },
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
