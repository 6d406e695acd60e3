import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { putIfAbsent, withoutKeys, type Table } from './items.ts';

export interface SettingsLink {
  email: string;
  groupId: string;
  expiresAt: number;
}

/**
 * One-click settings links (stored hashed, expiring) and the marks that keep a digest from being
 * sent twice for the same day.
 *
 * | access pattern                    | key condition                                    |
 * |-----------------------------------|--------------------------------------------------|
 * | settings link by token hash       | pk = NOTIFYLINK#<hash>, sk = NOTIFYLINK           |
 * | digest sent (day, group, member)  | pk = DIGEST#<day>#<group>, sk = <email>           |
 */
export function notificationStore(table: Table) {
  return {
    async saveLink(hash: string, link: SettingsLink) {
      await table.documents.send(new PutCommand({ TableName: table.name, Item: { pk: `NOTIFYLINK#${hash}`, sk: 'NOTIFYLINK', type: 'settings-link', ...link } }));
    },
    async getLink(hash: string) {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: { pk: `NOTIFYLINK#${hash}`, sk: 'NOTIFYLINK' } }));
      return withoutKeys<SettingsLink>(Item);
    },
    /** Claims the day's digest for a member; false when a previous run already sent it. */
    claimDigest(day: string, groupId: string, email: string, expiresAt: number) {
      return putIfAbsent(table, { pk: `DIGEST#${day}#${groupId}`, sk: email, type: 'digest-mark', expiresAt });
    },
  };
}
export type NotificationStore = ReturnType<typeof notificationStore>;
