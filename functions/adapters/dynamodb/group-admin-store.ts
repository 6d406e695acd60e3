import { ConditionalCheckFailedException, DeleteCommand, UpdateCommand } from './document-client.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import type { GroupRole, Membership } from '../../core/groups/group.ts';
import { withoutKeys, type Table } from './items.ts';
import { keys } from './partnership-store.ts';

/**
 * The secretariat's changes to memberships and groups (the items partnership-store reads).
 *
 * | access pattern   | key condition                                |
 * |------------------|----------------------------------------------|
 * | a membership     | pk = GROUP#<g>, sk = MEMBER#<email>           |
 * | a group          | pk = GROUP#<g>, sk = GROUP                    |
 */
export function groupAdminStore(table: Table) {
  const missing = (error: unknown, email: string, groupId: string) => {
    if (error instanceof ConditionalCheckFailedException) throw new NotFoundError('group.notMember', { email, group: groupId }, undefined, { cause: error });
    throw error;
  };
  return {
    async changeRole(groupId: string, email: string, role: GroupRole) {
      try {
        const { Attributes } = await table.documents.send(
          new UpdateCommand({
            TableName: table.name,
            Key: { pk: keys.membership(groupId, email).pk, sk: keys.membership(groupId, email).sk },
            UpdateExpression: 'SET #role = :role',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':role': role },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return withoutKeys<Membership>(Attributes)!;
      } catch (error) {
        return missing(error, email, groupId);
      }
    },
    async removeMembership(groupId: string, email: string) {
      try {
        const { Attributes } = await table.documents.send(
          new DeleteCommand({
            TableName: table.name,
            Key: { pk: keys.membership(groupId, email).pk, sk: keys.membership(groupId, email).sk },
            ConditionExpression: 'attribute_exists(pk)',
            ReturnValues: 'ALL_OLD',
          }),
        );
        return withoutKeys<Membership>(Attributes)!;
      } catch (error) {
        return missing(error, email, groupId);
      }
    },
    async archiveGroup(groupId: string) {
      try {
        await table.documents.send(
          new UpdateCommand({
            TableName: table.name,
            Key: { pk: `GROUP#${groupId}`, sk: 'GROUP' },
            UpdateExpression: 'SET archived = :yes',
            ConditionExpression: 'attribute_exists(pk) AND archived = :no',
            ExpressionAttributeValues: { ':yes': true, ':no': false },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new ConflictError('group.missingOrArchived', { group: groupId }, undefined, { cause: error });
        throw error;
      }
    },
  };
}
export type GroupAdminStore = ReturnType<typeof groupAdminStore>;
