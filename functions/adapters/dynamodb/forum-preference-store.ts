import { DeleteCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import type { NotificationSetting } from '../../core/forums/notifications.ts';
import { queryAll, withoutKeys, type Table } from './items.ts';

/**
 * Each member's forum preferences per group: the notification setting and when they last looked.
 *
 * | access pattern                        | key condition                       |
 * |---------------------------------------|-------------------------------------|
 * | a member's preferences in a group     | pk = MEMBER#<email>, sk = FORUM#<g> |
 * | a member's preferences in all groups  | pk = MEMBER#<email>, sk begins FORUM# |
 * | every member's preferences in a group | gsi2pk = GROUP#<g>#PREFS            |
 */
const prefsKey = (email: string, groupId: string) => ({ pk: `MEMBER#${email}`, sk: `FORUM#${groupId}` });

export interface ForumPreferences {
  email: string;
  groupId: string;
  setting?: NotificationSetting;
  lastSeen?: string;
}

export function forumPreferences(table: Table) {
  const send = table.documents.send.bind(table.documents);
  const TableName = table.name;
  const preferences = {
    async preferencesOf(email: string) {
      const page = await send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :m AND begins_with(sk, :f)',
          ExpressionAttributeValues: { ':m': `MEMBER#${email}`, ':f': 'FORUM#' },
        }),
      );
      return (page.Items ?? []).map((item) => withoutKeys<ForumPreferences>(item)!);
    },

    async forgetPreferencesOf(email: string) {
      const prefs = await preferences.preferencesOf(email);
      await Promise.all(prefs.map((p) => send(new DeleteCommand({ TableName, Key: prefsKey(email, p.groupId) }))));
      return prefs.length;
    },

    async preferencesIn(groupId: string) {
      return (await queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :g', ExpressionAttributeValues: { ':g': `GROUP#${groupId}#PREFS` } })).map((item) => withoutKeys<ForumPreferences>(item)!);
    },

    async setPreference(email: string, groupId: string, change: { setting?: NotificationSetting; lastSeen?: string }) {
      const sets = Object.entries(change).filter(([, v]) => v !== undefined);
      await send(
        new UpdateCommand({
          TableName,
          Key: prefsKey(email, groupId),
          UpdateExpression: `SET #type = :type, email = :email, groupId = :groupId, gsi2pk = :g, gsi2sk = :email${sets.map(([k]) => `, #${k} = :${k}`).join('')}`,
          ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(sets.map(([k]) => [`#${k}`, k])) },
          ExpressionAttributeValues: { ':type': 'forum-preferences', ':email': email, ':groupId': groupId, ':g': `GROUP#${groupId}#PREFS`, ...Object.fromEntries(sets.map(([k, v]) => [`:${k}`, v])) },
        }),
      );
    },
  };
  return preferences;
}
