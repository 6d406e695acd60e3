import { ConditionalCheckFailedException, DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import type { Contact } from '../../core/contacts/contact.ts';
import type { Group, Membership } from '../../core/groups/group.ts';
import type { Member } from '../../core/members/member.ts';
import type { Network } from '../../core/networks/network.ts';
import type { Language } from '../../core/partnership/vocabulary.ts';
import { batchGetAll, putIfAbsent, queryAll, sendIf, withoutKeys, type Table } from './items.ts';

/**
 * Members, groups, memberships, networks and contacts.
 *
 * | access pattern                 | key condition                                  |
 * |--------------------------------|------------------------------------------------|
 * | member by email                | pk = MEMBER#<email>, sk = PROFILE              |
 * | the secretariat's members      | gsi2pk = SECRETARIAT, gsi2sk = <email> (sparse)  |
 * | every member                   | gsi1pk = MEMBERS, gsi1sk = <email>             |
 * | group by id                    | pk = GROUP#<id>, sk = GROUP                    |
 * | all groups                     | gsi1pk = GROUPS                                |
 * | members of a group             | pk = GROUP#<id>, sk begins_with MEMBER#        |
 * | groups of a member             | gsi1pk = MEMBER#<email>, gsi1sk begins GROUP#  |
 * | network by id / all networks   | pk = NETWORK#<id> / gsi1pk = NETWORKS          |
 * | contact by email               | pk = CONTACT#<email>, sk = CONTACT             |
 * | contacts of an audience        | gsi1pk = AUDIENCE#<audience>, gsi1sk = <country>#<email> |
 * | anything kept on a person      | pk = MEMBER#<email>, or gsi1pk = MEMBER#<email> (Limit 1) |
 */
export const keys = {
  member: (email: string) => ({ pk: `MEMBER#${email}`, sk: 'PROFILE' }),
  /** The profile's entry in the list of every member (profiles written before it existed have none). */
  everyMember: (email: string) => ({ gsi1pk: 'MEMBERS', gsi1sk: email }),
  group: (id: string) => ({ pk: `GROUP#${id}`, sk: 'GROUP', gsi1pk: 'GROUPS', gsi1sk: id }),
  membership: (groupId: string, email: string) => ({
    pk: `GROUP#${groupId}`,
    sk: `MEMBER#${email}`,
    gsi1pk: `MEMBER#${email}`,
    gsi1sk: `GROUP#${groupId}`,
  }),
  network: (id: string) => ({ pk: `NETWORK#${id}`, sk: 'NETWORK', gsi1pk: 'NETWORKS', gsi1sk: id }),
  contact: (email: string, audience: string, country = '--') => ({
    pk: `CONTACT#${email}`,
    sk: 'CONTACT',
    gsi1pk: `AUDIENCE#${audience}`,
    gsi1sk: `${country}#${email}`,
  }),
};

export function partnershipStore(table: Table) {
  const get = async <T>(key: { pk: string; sk: string }) =>
    withoutKeys<T>((await table.documents.send(new GetCommand({ TableName: table.name, Key: key }))).Item);
  const entities = async <T>(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) => {
    return (await queryAll(table, input)).map((item) => withoutKeys<T>(item)!);
  };
  const { member, everyMember, group, membership, network, contact } = keys;
  /** An update under a named condition; answers whether the condition held. */
  const updateIf = (command: UpdateCommand) => sendIf(table, command);
  return {
    // Secretariat profiles are indexed apart, so the hub can write to the secretariat without a Scan.
    addMember: (m: Member) =>
      putIfAbsent(table, { ...member(m.email), ...everyMember(m.email), ...(m.secretariat ? { gsi2pk: 'SECRETARIAT', gsi2sk: m.email } : {}), type: 'member', ...m }),
    /** Every member, in or out of groups, read from their profiles' index: no Scan, and no detour through groups. */
    listMembers: () => entities<Member>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'MEMBERS' } }),
    /** The secretariat's members: who is told when the hub needs a decision (a paused send). */
    secretariatMembers: () =>
      queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :s', ExpressionAttributeValues: { ':s': 'SECRETARIAT' } }).then((items) => items.map((i) => withoutKeys<Member>(i)!)),
    getMember: (email: string) => get<Member>(member(email)),
    /** The language each of these members chose (absent ones are left out): one BatchGet, for a mailing's words. */
    languagesOf: async (emails: readonly string[]): Promise<Map<string, string>> => {
      const found = await batchGetAll(table, [...new Set(emails)].map(member), { projection: 'email, #language', names: { '#language': 'language' } });
      return new Map(found.map((item) => [String(item.email), String(item.language ?? 'en')]));
    },
    /** The language a member chose for the hub's emails to them; false when there is no such member. */
    setMemberLanguage: (email: string, language: Language) =>
      updateIf(
        new UpdateCommand({
          TableName: table.name,
          Key: member(email),
          UpdateExpression: 'SET #language = :l',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#language': 'language' },
          ExpressionAttributeValues: { ':l': language },
        }),
      ),
    /**
     * Moves a contributor-only member's mark to a later end. Only a record that carries the mark
     * moves: a member with a lasting place is never turned into a contributor. Answers whether it moved.
     */
    extendContributorMark: (email: string, until: string) =>
      updateIf(
        new UpdateCommand({
          TableName: table.name,
          Key: member(email),
          UpdateExpression: 'SET contributorUntil = :u',
          // Marks are written in UTC by toISOString, so later ends compare greater as strings.
          ConditionExpression: 'attribute_exists(contributorUntil) AND contributorUntil < :u',
          ExpressionAttributeValues: { ':u': until },
        }),
      ),
    /** The person has a lasting place now: they sign in whatever happens to their contributions. */
    clearContributorMark: (email: string) =>
      updateIf(
        new UpdateCommand({
          TableName: table.name,
          Key: member(email),
          UpdateExpression: 'REMOVE contributorUntil',
          ConditionExpression: 'attribute_exists(contributorUntil)',
        }),
      ),
    /**
     * Gives an existing contributor membership a later end (and its TTL with it). Only a
     * contributor's time-limited membership moves: a regular member of the group is left as they
     * are. On refusal answers the membership as stored, so the caller can say why.
     */
    async extendContribution(
      groupId: string,
      email: string,
      until: string,
    ): Promise<{ extended: true } | { extended: false; existing: Pick<Membership, 'role' | 'until'> | undefined }> {
      const expiresAt = Math.floor(Date.parse(until) / 1000);
      try {
        await table.documents.send(
          new UpdateCommand({
            TableName: table.name,
            Key: { pk: membership(groupId, email).pk, sk: membership(groupId, email).sk },
            UpdateExpression: 'SET #until = :u, expiresAt = :e',
            ConditionExpression: 'attribute_exists(pk) AND #role = :contributor AND attribute_exists(expiresAt) AND expiresAt < :e',
            ExpressionAttributeNames: { '#until': 'until', '#role': 'role' },
            ExpressionAttributeValues: { ':u': until, ':e': expiresAt, ':contributor': 'contributor' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { extended: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // The old item comes back in attribute-value form (aws-sdk-js-v3 #6723): read the two fields needed.
        const old = error.Item as { role?: { S?: string }; until?: { S?: string } } | undefined;
        const role = old?.role?.S as Membership['role'] | undefined;
        return { extended: false, existing: role ? { role, ...(old?.until?.S ? { until: old.until.S } : {}) } : undefined };
      }
    },
    /** Erasure only: memberships, sessions and posts are the callers' to handle first. */
    removeMember: (email: string) => table.documents.send(new DeleteCommand({ TableName: table.name, Key: member(email) })),
    /** Whether anything is kept under the member's own partition (profile, forum preferences, calendar feed). */
    async holdsMemberPartition(email: string) {
      const page = await table.documents.send(
        new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `MEMBER#${email}` }, Limit: 1, ProjectionExpression: 'pk' }),
      );
      return (page.Items ?? []).length > 0;
    },
    /** Whether any item is indexed under the address (memberships, sessions, registrations, links). */
    async indexedUnder(email: string) {
      const page = await table.documents.send(
        new QueryCommand({ TableName: table.name, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `MEMBER#${email}` }, Limit: 1 }),
      );
      return (page.Items ?? []).length > 0;
    },
    addGroup: (g: Group) => putIfAbsent(table, { ...group(g.id), type: 'group', ...g }),
    getGroup: (id: string) => get<Group>({ pk: `GROUP#${id}`, sk: 'GROUP' }),
    listGroups: () =>
      entities<Group>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'GROUPS' },
      }),
    addMembership: (m: Membership) =>
      putIfAbsent(table, {
        ...membership(m.groupId, m.email),
        type: 'membership',
        ...m,
        // A contributor's membership ends by itself: sessions check `until`, TTL removes the item.
        ...(m.until ? { expiresAt: Math.floor(Date.parse(m.until) / 1000) } : {}),
      }),
    groupsOf: (email: string) =>
      entities<Membership>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :g)',
        ExpressionAttributeValues: { ':p': `MEMBER#${email}`, ':g': 'GROUP#' },
      }),
    membersOf: (groupId: string) =>
      entities<Membership>({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':p': `GROUP#${groupId}`, ':m': 'MEMBER#' },
      }),
    addNetwork: (n: Network) => putIfAbsent(table, { ...network(n.id), type: 'network', ...n }),
    listNetworks: () =>
      entities<Network>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'NETWORKS' },
      }),
    addContact: (c: Contact) => putIfAbsent(table, { ...contact(c.email, c.audience, c.country), type: 'contact', ...c }),
    getContact: (email: string) => get<Contact>({ pk: `CONTACT#${email}`, sk: 'CONTACT' }),
    contactsOfAudience: (audience: string) =>
      entities<Contact>({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `AUDIENCE#${audience}` },
      }),
  };
}
export type PartnershipStore = ReturnType<typeof partnershipStore>;
