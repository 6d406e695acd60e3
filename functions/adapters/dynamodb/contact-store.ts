import { ConditionalCheckFailedException, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import { hashSecret, newSecret } from '../../core/auth/secrets.ts';
import type { Contact } from '../../core/contacts/contact.ts';
import { InvalidFieldError } from '../../core/errors.ts';
import type { Suppression } from '../../core/contacts/suppression.ts';
import { recipientKeyOf } from '../../core/deliveries/delivery.ts';
import type { SubscriptionRequest } from '../../core/subscriptions/subscription.ts';
import { batchGetAll, batchWriteAll, personIndex, personItems, withoutKeys, type Table } from './items.ts';
import { keys } from './partnership-store.ts';

/**
 * Contacts, the suppression list, mail tokens and pending subscriptions.
 *
 * | access pattern                         | key condition                                            |
 * |----------------------------------------|----------------------------------------------------------|
 * | contact by email                       | pk = CONTACT#<email>, sk = CONTACT                       |
 * | contacts of an audience (by country)   | gsi1pk = AUDIENCE#<audience>, gsi1sk begins_with <country>#  |
 * | the whole suppression list             | pk = SUPPRESSIONS, sk = <hashed email>                   |
 * | a recipient's mail token               | pk = RECIPIENT#<recipientKey>, sk = MAILTOKEN            |
 * | whose mail token is this               | pk = MAILTOKEN#<hash of token>, sk = MAILTOKEN           |
 * | a pending subscription                 | pk = SUBSCRIBE#<hash of token>, sk = REQUEST (TTL)       |
 * | an address's mail tokens (erasure)     | gsi1pk = MEMBER#<email>, gsi1sk begins MAILTOKEN#        |
 * | an address's pending subscriptions     | gsi1pk = MEMBER#<email>, gsi1sk begins SUBSCRIBE#        |
 */
const contactKey = (email: string) => ({ pk: `CONTACT#${email}`, sk: 'CONTACT' });
/** A list's next page, kept server-side for an hour: the cursor a client holds is random and names no one. */
const cursorKey = (cursor: string) => ({ pk: `LISTCURSOR#${hashSecret(cursor)}`, sk: 'CURSOR' });
const CURSOR_LIFETIME_SECONDS = 3600;

export function contactStore(table: Table) {
  const send = table.documents.send.bind(table.documents);

  async function queryPages<T>(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>, limit = Infinity) {
    const items: T[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined = input.ExclusiveStartKey;
    do {
      const page = await send(new QueryCommand({ TableName: table.name, ...input, ExclusiveStartKey }));
      items.push(...(page.Items ?? []).map((i) => withoutKeys<T>(i)!));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length < limit);
    return { items, last: ExclusiveStartKey };
  }

  const batchGet = (keysToGet: { pk: string; sk: string }[]) => batchGetAll(table, keysToGet);

  /**
   * The next page's start is a DynamoDB key, and an index key holds an address: handing it to the
   * browser would put an address into a GET query string (and so into access logs). The key stays
   * here under a random cursor that expires within the hour (DynamoDB's TTL deletes it).
   */
  async function keepCursor(start: Record<string, unknown>, scope: string) {
    const cursor = newSecret(16);
    const expiresAt = Math.floor(Date.now() / 1000) + CURSOR_LIFETIME_SECONDS;
    await send(new PutCommand({ TableName: table.name, Item: { ...cursorKey(cursor), type: 'list-cursor', start, scope, expiresAt } }));
    return cursor;
  }

  async function resumeAt(cursor: string, scope: string) {
    const item = (await send(new GetCommand({ TableName: table.name, Key: cursorKey(cursor) }))).Item;
    if (!item || item.scope !== scope || (item.expiresAt as number) <= Date.now() / 1000) throw new InvalidFieldError('cursor', 'import.cursor');
    return item.start as Record<string, unknown>;
  }

  const contacts = {
    get: async (email: string) => withoutKeys<Contact>((await send(new GetCommand({ TableName: table.name, Key: contactKey(email) }))).Item),

    async getMany(emails: readonly string[]): Promise<Map<string, Contact>> {
      const items = await batchGet(emails.map(contactKey));
      return new Map(items.map((i) => [i.email as string, withoutKeys<Contact>(i)!]));
    },

    /**
     * Writes the contact; `previousUpdatedAt` makes it a compare-and-set (undefined: only if absent), so an
     * import never overwrites an unsubscribe that happened since it read the contact.
     */
    async save(contact: Contact, previousUpdatedAt?: string): Promise<boolean> {
      try {
        await send(
          new PutCommand({
            TableName: table.name,
            Item: { ...keys.contact(contact.email, contact.audience, contact.country), type: 'contact', ...contact },
            ConditionExpression: previousUpdatedAt ? 'updatedAt = :prev' : 'attribute_not_exists(pk)',
            ...(previousUpdatedAt ? { ExpressionAttributeValues: { ':prev': previousUpdatedAt } } : {}),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /**
     * Contacts of one audience (the index's key), optionally one country (its sort key's prefix), and
     * filtered by status, language and network; a page at a time (no Scan). A filter is applied to the
     * items each Query reads, so a page may take a few reads: fine for lists of tens of thousands.
     */
    async page(audience: string, options: { country?: string; status?: string; language?: string; network?: string; cursor?: string; limit: number }) {
      // A cursor continues the list it came from: the same audience and filters, not another one.
      const scope = JSON.stringify([audience, options.country ?? '', options.status ?? '', options.language ?? '', options.network ?? '']);
      const filters: [condition: string, attribute: string, placeholder: string, value: string][] = [];
      if (options.status) filters.push(['#status = :s', 'status', ':s', options.status]);
      if (options.language) filters.push(['#language = :l', 'language', ':l', options.language]);
      if (options.network) filters.push(['contains(#networks, :n)', 'networks', ':n', options.network]);
      const { items, last } = await queryPages<Contact>(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: options.country ? 'gsi1pk = :p AND begins_with(gsi1sk, :c)' : 'gsi1pk = :p',
          ...(filters.length ? { FilterExpression: filters.map((f) => f[0]).join(' AND ') } : {}),
          ExpressionAttributeNames: filters.length ? Object.fromEntries(filters.map((f) => [`#${f[1]}`, f[1]])) : undefined,
          ExpressionAttributeValues: {
            ':p': `AUDIENCE#${audience}`,
            ...(options.country ? { ':c': `${options.country}#` } : {}),
            ...Object.fromEntries(filters.map((f) => [f[2], f[3]])),
          },
          Limit: options.limit,
          ...(options.cursor ? { ExclusiveStartKey: await resumeAt(options.cursor, scope) } : {}),
        },
        options.limit,
      );
      return { contacts: items, cursor: last ? await keepCursor(last, scope) : undefined };
    },

    /**
     * One page of an audience's contacts, in index order, after the position `after` (an opaque
     * string from the previous page; it holds a key, and so an address: keep it no longer than the work).
     */
    async pageOfAudience(audience: string, after: string | undefined, limit: number): Promise<{ contacts: Contact[]; after?: string }> {
      const page = await send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': `AUDIENCE#${audience}` },
          Limit: limit,
          ...(after ? { ExclusiveStartKey: JSON.parse(after) as Record<string, unknown> } : {}),
        }),
      );
      return { contacts: (page.Items ?? []).map((i) => withoutKeys<Contact>(i)!), ...(page.LastEvaluatedKey ? { after: JSON.stringify(page.LastEvaluatedKey) } : {}) };
    },

    async allOfAudience(audience: string): Promise<Contact[]> {
      return (await queryPages<Contact>({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `AUDIENCE#${audience}` } })).items;
    },

    /** Moves a contact's status (unsubscribe, bounce, complaint); false when there is no such contact. */
    async setStatus(email: string, status: Contact['status'], now: Date): Promise<boolean> {
      try {
        await send(
          new UpdateCommand({
            TableName: table.name,
            Key: contactKey(email),
            UpdateExpression: 'SET #status = :s, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':s': status, ':now': now.toISOString() },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    remove: (email: string) => send(new DeleteCommand({ TableName: table.name, Key: contactKey(email) })),
  };

  const suppressions = {
    add: (s: Suppression) => send(new PutCommand({ TableName: table.name, Item: { pk: 'SUPPRESSIONS', sk: s.key, type: 'suppression', ...s } })),
    remove: (key: string) => send(new DeleteCommand({ TableName: table.name, Key: { pk: 'SUPPRESSIONS', sk: key } })),
    has: async (key: string) => Boolean((await send(new GetCommand({ TableName: table.name, Key: { pk: 'SUPPRESSIONS', sk: key } }))).Item),
    /** Which of these suppression keys are on the list (a page of contacts at a time). */
    async having(keysToCheck: readonly string[]): Promise<Set<string>> {
      const found = await batchGetAll(table, [...new Set(keysToCheck)].map((key) => ({ pk: 'SUPPRESSIONS', sk: key })), { projection: 'sk' });
      return new Set(found.map((i) => i.sk as string));
    },
    /** The whole list, read with Query: hashes are small, so even 100,000 take a few pages. */
    async all(): Promise<Set<string>> {
      const { items } = await queryPages<Suppression>({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'SUPPRESSIONS' }, ProjectionExpression: '#k', ExpressionAttributeNames: { '#k': 'key' } });
      return new Set(items.map((i) => i.key));
    },
  };

  /**
   * One long-lived token per recipient for the unsubscribe and preferences links of every email. The
   * recipient item keeps the token itself (it must go into each email); lookups go through its hash.
   * A contact's token is made when the contact is stored (an import, a confirmed subscription), so
   * planning the first update to a list only reads tokens; planning makes those still missing (a
   * network's relay contact, a contact stored before tokens were made with contacts).
   */
  const mailTokens = {
    async ensure(emails: readonly string[]): Promise<Map<string, string>> {
      if (emails.length === 0) return new Map();
      const byKey = new Map(emails.map((e) => [recipientKeyOf(e), e]));
      const found = await batchGet([...byKey.keys()].map((k) => ({ pk: `RECIPIENT#${k}`, sk: 'MAILTOKEN' })));
      const tokens = new Map(found.map((i) => [i.email as string, i.token as string]));
      const missing = [...new Set(emails.filter((e) => !tokens.has(e)))];
      // Batched, so without a condition: two sends racing for a new address may each write a token.
      // Both stay valid (each hash item names the address, and erasure finds both by the address);
      // the recipient item keeps the last, which later emails carry.
      const created = missing.map((email) => ({ email, token: newSecret(24) }));
      await batchWriteAll(
        table,
        created.flatMap(({ email, token }) => [
          { PutRequest: { Item: { pk: `MAILTOKEN#${hashSecret(token)}`, sk: 'MAILTOKEN', ...personIndex(email, 'MAILTOKEN', hashSecret(token)), type: 'mail-token', email } } },
          { PutRequest: { Item: { pk: `RECIPIENT#${recipientKeyOf(email)}`, sk: 'MAILTOKEN', type: 'recipient', email, token } } },
        ]),
      );
      for (const { email, token } of created) tokens.set(email, token);
      return tokens;
    },
    async emailOf(token: string): Promise<string | undefined> {
      const item = (await send(new GetCommand({ TableName: table.name, Key: { pk: `MAILTOKEN#${hashSecret(token)}`, sk: 'MAILTOKEN' } }))).Item;
      return item?.email as string | undefined;
    },
    /** Whether the emails to this address carry unsubscribe and preferences links (export). */
    async has(email: string): Promise<boolean> {
      return Boolean((await send(new GetCommand({ TableName: table.name, Key: { pk: `RECIPIENT#${recipientKeyOf(email)}`, sk: 'MAILTOKEN' } }))).Item);
    },
    /** Erasure: the recipient's token and every lookup item, also one a lost race left behind. */
    async forget(email: string) {
      const key = { pk: `RECIPIENT#${recipientKeyOf(email)}`, sk: 'MAILTOKEN' };
      const item = (await send(new GetCommand({ TableName: table.name, Key: key }))).Item;
      if (item) await send(new DeleteCommand({ TableName: table.name, Key: { pk: `MAILTOKEN#${hashSecret(item.token as string)}`, sk: 'MAILTOKEN' } }));
      await send(new DeleteCommand({ TableName: table.name, Key: key }));
      const lookups = await personItems(table, email, 'MAILTOKEN');
      await Promise.all(lookups.map((l) => send(new DeleteCommand({ TableName: table.name, Key: { pk: l.pk, sk: l.sk } }))));
      return (item ? 1 : 0) + lookups.length;
    },
  };

  const subscriptions = {
    save: (tokenHash: string, request: SubscriptionRequest) =>
      send(new PutCommand({ TableName: table.name, Item: { pk: `SUBSCRIBE#${tokenHash}`, sk: 'REQUEST', ...personIndex(request.email, 'SUBSCRIBE', tokenHash), type: 'subscription-request', ...request } })),
    async pendingOf(email: string) {
      return (await personItems(table, email, 'SUBSCRIBE')).map((item) => withoutKeys<SubscriptionRequest>(item)!);
    },
    async forgetAll(email: string) {
      const requests = await personItems(table, email, 'SUBSCRIBE');
      await Promise.all(requests.map((r) => send(new DeleteCommand({ TableName: table.name, Key: { pk: r.pk, sk: r.sk } }))));
      return requests.length;
    },
    /** Single use: the delete that takes the request is conditional, so two confirms never both win. */
    async take(tokenHash: string): Promise<SubscriptionRequest | undefined> {
      try {
        const result = await send(
          new DeleteCommand({ TableName: table.name, Key: { pk: `SUBSCRIBE#${tokenHash}`, sk: 'REQUEST' }, ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }),
        );
        return withoutKeys<SubscriptionRequest>(result.Attributes);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },
  };

  return { contacts, suppressions, mailTokens, subscriptions };
}
export type ContactStore = ReturnType<typeof contactStore>;
