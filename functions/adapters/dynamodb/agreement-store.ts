import { DeleteCommand, GetCommand, PutCommand } from './document-client.ts';
import type { Agreement } from '../../core/agreements/agreement.ts';
import { orConflict, queryAll, withoutKeys, type Table } from './items.ts';

/**
 * The register of agreements: one item per agreement, named by the decision's post id.
 *
 * | access pattern                      | key condition                                                  |
 * |-------------------------------------|----------------------------------------------------------------|
 * | an agreement                        | pk = AGREEMENT#<id>, sk = AGREEMENT                            |
 * | the register (every group)          | gsi1pk = AGREEMENTS, gsi1sk = <marked at>#<id>                 |
 * | the public ones (the public site)   | gsi2pk = AGREEMENTS#PUBLIC, gsi2sk = <marked at>#<id>          |
 *
 * The register is one partition: a partnership records tens or hundreds of agreements over its
 * life, not millions, and every member reads all of them. An agreement is public in the index only
 * while it is marked public and its decision is readable (not hidden, not deleted).
 */
export const agreementKeys = {
  agreement: (id: string) => ({ pk: `AGREEMENT#${id}`, sk: 'AGREEMENT' }),
};

function item(agreement: Agreement) {
  const order = `${agreement.markedAt}#${agreement.id}`;
  return {
    ...agreementKeys.agreement(agreement.id),
    type: 'agreement',
    gsi1pk: 'AGREEMENTS',
    gsi1sk: order,
    ...(agreement.public && !agreement.withheld ? { gsi2pk: 'AGREEMENTS#PUBLIC', gsi2sk: order } : {}),
    ...agreement,
  };
}

export function agreementStore(table: Table) {
  const send = table.documents.send.bind(table.documents);
  const TableName = table.name;
  return {
    async create(agreement: Agreement) {
      await orConflict(
        send(new PutCommand({ TableName, Item: item(agreement), ConditionExpression: 'attribute_not_exists(pk)' })),
        'agreement.already',
      );
    },

    async get(id: string) {
      const { Item } = await send(new GetCommand({ TableName, Key: agreementKeys.agreement(id) }));
      return withoutKeys<Agreement>(Item);
    },

    /** Replaces the agreement as read at `seen` (its last change): a change made meanwhile is not overwritten. */
    async replace(agreement: Agreement, seen: string) {
      await orConflict(
        send(new PutCommand({ TableName, Item: item(agreement), ConditionExpression: 'attribute_exists(pk) AND changedAt = :seen', ExpressionAttributeValues: { ':seen': seen } })),
        'agreement.changedMeanwhile',
      );
    },

    /** Removes a proposal (never an agreed agreement: the condition holds that line as well). */
    async remove(id: string) {
      await orConflict(
        send(new DeleteCommand({ TableName, Key: agreementKeys.agreement(id), ConditionExpression: '#state = :proposed', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':proposed': 'proposed' } })),
        'agreement.withdrawnProposedOnly',
      );
    },

    /** Every agreement of every group. */
    async all() {
      return (await queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'AGREEMENTS' } })).map((i) => withoutKeys<Agreement>(i)!);
    },

    async publicOnes() {
      return (await queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'AGREEMENTS#PUBLIC' } })).map((i) => withoutKeys<Agreement>(i)!);
    },

    /**
     * Withholds the agreement of a decision while its post is hidden or once it is deleted (or shows
     * it again): moderation reaches the register and the public site. A post that is no agreement
     * changes nothing.
     */
    async setWithheld(id: string, withheld: boolean) {
      const { Item } = await send(new GetCommand({ TableName, Key: agreementKeys.agreement(id), ConsistentRead: true }));
      const current = withoutKeys<Agreement>(Item);
      if (!current || (current.withheld ?? false) === withheld) return false;
      const { withheld: _was, ...rest } = current;
      const next: Agreement = withheld ? { ...rest, withheld: true } : rest;
      await orConflict(
        send(new PutCommand({ TableName, Item: item(next), ConditionExpression: 'changedAt = :seen', ExpressionAttributeValues: { ':seen': current.changedAt } })),
        'agreement.postChangedMeanwhile',
      );
      return true;
    },
  };
}
