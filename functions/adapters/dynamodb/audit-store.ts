import { ConditionalCheckFailedException, PutCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import type { AuditEntry } from '../../core/members/audit.ts';
import { queryAll, withoutKeys, type Table } from './items.ts';

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
    /** Every entry, oldest first, for erasure to find those naming a person (the log is read whole, rarely). */
    async all() {
      return (await queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :a', ExpressionAttributeValues: { ':a': 'AUDIT' } })).map((item) => withoutKeys<AuditEntry>(item)!);
    },
    /** Erasure: an entry keeps what happened and when, with who it named rewritten. */
    async rewrite(entry: Pick<AuditEntry, 'id' | 'actor' | 'subject' | 'details'>) {
      await table.documents
        .send(
          new UpdateCommand({
            TableName: table.name,
            Key: { pk: `AUDIT#${entry.id}`, sk: 'AUDIT' },
            UpdateExpression: `SET actor = :actor, details = :details${entry.subject === undefined ? '' : ', subject = :subject'}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':actor': entry.actor, ':details': entry.details, ...(entry.subject === undefined ? {} : { ':subject': entry.subject }) },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}
export type AuditStore = ReturnType<typeof auditStore>;
