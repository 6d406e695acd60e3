import { GetCommand, PutCommand } from './document-client.ts';
import type { RequestSetting } from '../../core/reports/outside.ts';
import { putIfAbsent, queryAll, type Table } from './items.ts';

/** The setting as stored: the period, and who set it when. */
export interface StoredRequestSetting {
  setting: RequestSetting;
  by: string;
  at: string;
}

/**
 * The regular request for outside-meeting reports: the secretariat's setting, and a mark for each
 * member mailed in a period (named by the hash of their address, never the address). The marks
 * make the request once per period even after the outbox has forgotten its messages.
 *
 * | access pattern              | key condition                                          |
 * |-----------------------------|--------------------------------------------------------|
 * | the setting                 | pk = SETTINGS, sk = OUTSIDE_REQUEST                    |
 * | members mailed in a period  | pk = OUTSIDE_REQUEST#<period>, sk = <recipientKey>     |
 */
const SETTING_KEY = { pk: 'SETTINGS', sk: 'OUTSIDE_REQUEST' };

/** Marks outlive the longest period (26 weeks) with room to spare, then TTL removes them. */
const MARK_DAYS = 400;

export function outsideRequestStore(table: Table) {
  return {
    async setting(): Promise<StoredRequestSetting | undefined> {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: SETTING_KEY, ConsistentRead: true }));
      return Item ? { setting: Item.setting as RequestSetting, by: String(Item.by), at: String(Item.at) } : undefined;
    },
    saveSetting: (stored: StoredRequestSetting) => table.documents.send(new PutCommand({ TableName: table.name, Item: { ...SETTING_KEY, type: 'outside-request-setting', ...stored } })),
    /** The recipient keys already mailed in the period. */
    async markedIn(period: string): Promise<Set<string>> {
      const items = await queryAll(table, { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `OUTSIDE_REQUEST#${period}` }, ProjectionExpression: 'sk' });
      return new Set(items.map((i) => String(i.sk)));
    },
    /** Marks a member mailed in the period; answers whether this call made the mark. */
    mark: (period: string, recipientKey: string, now: Date) =>
      putIfAbsent(table, { pk: `OUTSIDE_REQUEST#${period}`, sk: recipientKey, type: 'outside-request-mark', at: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + MARK_DAYS * 86_400 }),
  };
}
export type OutsideRequestStore = ReturnType<typeof outsideRequestStore>;
