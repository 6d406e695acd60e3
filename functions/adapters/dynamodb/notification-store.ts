import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashSecret } from '../../core/auth/secrets.ts';
import { personIndex, personItems, putIfAbsent, withoutKeys, type Table } from './items.ts';

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
 * | settings links of a member        | gsi1pk = MEMBER#<email>, gsi1sk begins NOTIFYLINK# |
 * | digest sent (day, group, member)  | pk = DIGEST#<day>#<group>, sk = <hash of email>   |
 *
 * The digest mark is keyed by a hash so that it never holds an address.
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
    /** Claims the day's digest for a member; false when a previous run already sent it. */
    claimDigest(day: string, groupId: string, email: string, expiresAt: number) {
      return putIfAbsent(table, { ...digestMark(day, groupId, email), type: 'digest-mark', expiresAt });
    },
    /** A digest that could not be sent gives its mark back, so the next run of the day sends it. */
    async releaseDigest(day: string, groupId: string, email: string) {
      await table.documents.send(new DeleteCommand({ TableName: table.name, Key: digestMark(day, groupId, email) }));
    },
    /** Erasure: the marks of the last `days` days in these groups (they expire within a week anyway). */
    async forgetDigestMarks(email: string, groupIds: readonly string[], now: Date, days = 8) {
      const keys = groupIds.flatMap((groupId) =>
        Array.from({ length: days }, (_, back) => digestMark(new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10), groupId, email)),
      );
      await Promise.all(keys.map((Key) => table.documents.send(new DeleteCommand({ TableName: table.name, Key }))));
    },
  };
}
export type NotificationStore = ReturnType<typeof notificationStore>;
