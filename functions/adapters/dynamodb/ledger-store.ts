import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from './document-client.ts';
import { suppressionKeyOf, type SuppressionReason } from '../../core/contacts/suppression.ts';
import { liftsSuppression, mayMail, suppresses, type Channel, type LedgerEntry } from '../../core/privacy/ledger.ts';
import { batchGetAll, batchWriteAll, queryAll, withoutKeys, type Table } from './items.ts';

/**
 * The consent ledger and the suppression list it keeps current. Both are keyed by the hash of the
 * normalized address, so neither holds the address itself.
 *
 * | access pattern                      | key condition                                   |
 * |-------------------------------------|-------------------------------------------------|
 * | a person's ledger, oldest first     | pk = LEDGER#<hash of email>, sk = <at>#<id>     |
 * | is this person suppressed           | pk = SUPPRESSIONS, sk = <hash of email>         |
 * | the whole suppression list          | pk = SUPPRESSIONS (contact-store)               |
 */
export function ledgerStore(table: Table) {
  const send = table.documents.send.bind(table.documents);
  const TableName = table.name;
  const suppressionKey = (key: string) => ({ pk: 'SUPPRESSIONS', sk: key });
  const ledgerOf = (email: string) => `LEDGER#${suppressionKeyOf(email)}`;
  const writeAll = (requests: Parameters<typeof batchWriteAll>[1]) => batchWriteAll(table, requests);

  return {
    /**
     * Writes the entry and moves the suppression list with it in one transaction, so the list never
     * disagrees with the ledger.
     */
    async record(email: string, entry: LedgerEntry) {
      const key = suppressionKeyOf(email);
      const item = { pk: ledgerOf(email), sk: `${entry.at}#${randomUUID()}`, type: 'ledger-entry', ...entry };
      const follow = suppresses(entry)
        ? [{ Put: { TableName, Item: { ...suppressionKey(key), type: 'suppression', key, reason: entry.reason as SuppressionReason, at: entry.at, source: entry.source, recordedBy: entry.recordedBy } } }]
        : liftsSuppression(entry)
          ? [{ Delete: { TableName, Key: suppressionKey(key) } }]
          : [];
      await send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName, Item: item } }, ...follow] }));
    },

    /**
     * Many entries that move no suppression (an import's consents), in batches: an import of 50,000
     * rows must not pay a transaction per row.
     */
    /** `key`, when given, makes an entry's item name deterministic: writing it again (a re-run job chunk) replaces it. */
    async recordAll(entries: readonly { email: string; entry: LedgerEntry; key?: string }[]) {
      if (entries.some(({ entry }) => suppresses(entry) || liftsSuppression(entry))) {
        throw new Error('recordAll takes only entries that leave the suppression list as it is; use record');
      }
      const items = entries.map(({ email, entry, key }) => ({ pk: ledgerOf(email), sk: `${entry.at}#${key ?? randomUUID()}`, type: 'ledger-entry', ...entry }));
      await writeAll(items.map((Item) => ({ PutRequest: { Item } })));
    },

    async entriesOf(email: string): Promise<LedgerEntry[]> {
      return (await queryAll(table, { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': ledgerOf(email) } })).map((i) => {
        const { type: _type, ...entry } = withoutKeys<LedgerEntry & { type: string }>(i)!;
        return entry;
      });
    },

    /** Why the person is suppressed, or undefined when the hub may mail them. */
    async suppression(email: string): Promise<{ reason: SuppressionReason; at: string } | undefined> {
      const { Item } = await send(new GetCommand({ TableName, Key: suppressionKey(suppressionKeyOf(email)), ConsistentRead: true }));
      return Item ? { reason: Item.reason as SuppressionReason, at: Item.at as string } : undefined;
    },

    /** Whether the hub may mail the person on this channel (see core's `mayMail`). */
    async mayMail(email: string, channel: Channel): Promise<boolean> {
      const suppression = await this.suppression(email);
      return suppression ? mayMail(channel, suppression, await this.entriesOf(email)) : true;
    },

    /**
     * The same answer for many people: one BatchGet of their suppression entries, and the ledger
     * read only for those on the list (a send worker asks for the sends it has in flight).
     */
    async mayMailAll(emails: readonly string[], channel: Channel): Promise<Map<string, boolean>> {
      const byKey = new Map(emails.map((e) => [suppressionKeyOf(e), e]));
      const found = await batchGetAll(table, [...byKey.keys()].map(suppressionKey), { consistent: true });
      const answers = new Map(emails.map((e) => [e, true]));
      for (const item of found) {
        const email = byKey.get(item.sk as string)!;
        answers.set(email, mayMail(channel, { at: item.at as string }, await this.entriesOf(email)));
      }
      return answers;
    },

    /** Erasure: the person's ledger goes; the suppression entry (a hash and a reason) is all that stays. */
    async forget(email: string): Promise<number> {
      const keys = await queryAll(table, { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': ledgerOf(email) }, ProjectionExpression: 'pk, sk' });
      await writeAll(keys.map((Key) => ({ DeleteRequest: { Key } })));
      return keys.length;
    },
  };
}
export type LedgerStore = ReturnType<typeof ledgerStore>;
