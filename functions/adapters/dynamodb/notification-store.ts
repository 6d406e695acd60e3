import { ConditionalCheckFailedException, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from './document-client.ts';
import { hashSecret } from '../../core/auth/secrets.ts';
import type { ReplyAddress } from '../../core/forums/reply-by-email.ts';
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
 * | reply address by token hash       | pk = REPLYADDR#<hash>, sk = REPLYADDR              |
 * | reply addresses of a member       | gsi1pk = MEMBER#<email>, gsi1sk begins REPLYADDR#  |
 * | inbound mail seen (by Message-ID) | pk = INBOUND#<hash of Message-ID>, sk = INBOUND    |
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
    async replyAddressesOf(email: string) {
      return (await personItems(table, email, 'REPLYADDR')).map((item) => withoutKeys<ReplyAddress>(item)!);
    },
    async forgetLinksOf(email: string) {
      const links = [...(await personItems(table, email, 'NOTIFYLINK')), ...(await personItems(table, email, 'REPLYADDR'))];
      await Promise.all(links.map((l) => table.documents.send(new DeleteCommand({ TableName: table.name, Key: { pk: l.pk, sk: l.sk } }))));
      return links.length;
    },
    async getLink(hash: string) {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: { pk: `NOTIFYLINK#${hash}`, sk: 'NOTIFYLINK' } }));
      return withoutKeys<SettingsLink>(Item);
    },
    /** A notification's reply address (its token's hash only), expiring with its settings link. */
    async saveReplyAddress(hash: string, address: ReplyAddress) {
      await table.documents.send(
        new PutCommand({ TableName: table.name, Item: { pk: `REPLYADDR#${hash}`, sk: 'REPLYADDR', ...personIndex(address.email, 'REPLYADDR', hash), type: 'reply-address', ...address } }),
      );
    },
    async getReplyAddress(hash: string) {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: { pk: `REPLYADDR#${hash}`, sk: 'REPLYADDR' } }));
      return withoutKeys<ReplyAddress>(Item);
    },
    /**
     * Marks an inbound mail as being handled, for `leaseSeconds`: `claimed` when this delivery may
     * handle it; `done` when a delivery handled it already (the same message delivered twice, or
     * retried after it was handled); `busy` while another delivery holds a live lease. A lease left by
     * a handler that died (a timeout kills it without a catch) lapses, and a redelivery takes it over.
     * The mark holds no address.
     */
    async claimInbound(hash: string, expiresAt: number, nowSeconds: number, leaseSeconds: number): Promise<'claimed' | 'done' | 'busy'> {
      try {
        await table.documents.send(
          new PutCommand({
            TableName: table.name,
            Item: { pk: `INBOUND#${hash}`, sk: 'INBOUND', type: 'inbound-mail', expiresAt, leaseUntil: nowSeconds + leaseSeconds },
            ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
            ExpressionAttributeValues: { ':now': nowSeconds },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return error.Item?.leaseUntil ? 'busy' : 'done';
      }
    },
    /** The mail was handled (posted, or refused for good): later deliveries of it are duplicates. */
    async finishInbound(hash: string) {
      await table.documents.send(new UpdateCommand({ TableName: table.name, Key: { pk: `INBOUND#${hash}`, sk: 'INBOUND' }, UpdateExpression: 'REMOVE leaseUntil' }));
    },
    /** Lets a mail whose handling failed midway be handled again when it is redelivered. */
    async releaseInbound(hash: string) {
      await table.documents.send(new DeleteCommand({ TableName: table.name, Key: { pk: `INBOUND#${hash}`, sk: 'INBOUND' } }));
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
