import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../core/members/audit.ts';
import { withoutKeys, type Table } from './items.ts';

/**
 * The audit log of the secretariat's changes, newest first. Each entry carries its TTL (`expiresAt`,
 * the configured audit retention), so the log forgets by itself; writers must name it.
 *
 * | access pattern        | key condition                                   |
 * |-----------------------|-------------------------------------------------|
 * | an entry              | pk = AUDIT#<id>, sk = AUDIT                      |
 * | the log, newest first | gsi1pk = AUDIT, gsi1sk = <at>#<id> desc          |
 */
export function auditStore(table: Table) {
  return {
    async record(entry: AuditEntry, expiresAt: number) {
      await table.documents.send(
        new PutCommand({
          TableName: table.name,
          Item: { pk: `AUDIT#${entry.id}`, sk: 'AUDIT', gsi1pk: 'AUDIT', gsi1sk: `${entry.at}#${entry.id}`, type: 'audit', ...entry, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async list(limit: number, after?: string) {
      const page = await table.documents.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: after ? 'gsi1pk = :a AND gsi1sk < :after' : 'gsi1pk = :a',
          ExpressionAttributeValues: { ':a': 'AUDIT', ...(after ? { ':after': after } : {}) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      const items = page.Items ?? [];
      return {
        entries: items.map((item) => {
          const { expiresAt: _expiresAt, ...entry } = withoutKeys<AuditEntry & { expiresAt?: number }>(item)!;
          return entry;
        }),
        ...(page.LastEvaluatedKey && items.length ? { nextCursor: String(items.at(-1)!.gsi1sk) } : {}),
      };
    },
  };
}
export type AuditStore = ReturnType<typeof auditStore>;
