import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashSecret } from '../../core/auth/secrets.ts';
import { personIndex, personItems, withoutKeys, type Table } from './items.ts';

export interface SettingsLink {
  email: string;
  groupId: string;
  expiresAt: number;
}

/**
 * One-click settings links (stored hashed, expiring). A digest's "sent once a day" is its outbox
 * message's key (outbox-store.ts); the digest marks that did it before are only erased here.
 *
 * | access pattern                    | key condition                                    |
 * |-----------------------------------|--------------------------------------------------|
 * | settings link by token hash       | pk = NOTIFYLINK#<hash>, sk = NOTIFYLINK           |
 * | settings links of a member        | gsi1pk = MEMBER#<email>, gsi1sk begins NOTIFYLINK# |
 * | digest mark (day, group, member), before the outbox | pk = DIGEST#<day>#<group>, sk = <hash of email> |
 */
const digestMark = (day: string, groupId: string, email: string) => ({ pk: `DIGEST#${day}#${groupId}`, sk: hashSecret(`digest:${email}`) });

export function notificationStore(table: Table) {
  return {
    async saveLink(hash: string, link: SettingsLink) {
      await table.documents.send(
        new PutCommand({ TableName: table.name, Item: { pk: `NOTIFYLINK#${hash}`, sk: 'NOTIFYLINK', ...personIndex(link.email, 'NOTIFYLINK', hash), type: 'settings-link', ...link } }),
      );
    },
    async linksOf(email: string) {
      return (await personItems(table, email, 'NOTIFYLINK')).map((item) => withoutKeys<SettingsLink>(item)!);
    },
    async forgetLinksOf(email: string) {
      const links = await personItems(table, email, 'NOTIFYLINK');
      await Promise.all(links.map((l) => table.documents.send(new DeleteCommand({ TableName: table.name, Key: { pk: l.pk, sk: l.sk } }))));
      return links.length;
    },
    async getLink(hash: string) {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: { pk: `NOTIFYLINK#${hash}`, sk: 'NOTIFYLINK' } }));
      return withoutKeys<SettingsLink>(Item);
    },
    /**
     * Erasure: the digest marks of the last `days` days in these groups. Digests are now keyed in the
     * outbox; marks written before that expire within a week of the upgrade, and this call can go then.
     */
    async forgetDigestMarks(email: string, groupIds: readonly string[], now: Date, days = 8) {
      const keys = groupIds.flatMap((groupId) =>
        Array.from({ length: days }, (_, back) => digestMark(new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10), groupId, email)),
      );
      await Promise.all(keys.map((Key) => table.documents.send(new DeleteCommand({ TableName: table.name, Key }))));
    },
  };
}
export type NotificationStore = ReturnType<typeof notificationStore>;
