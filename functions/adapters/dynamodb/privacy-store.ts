import { ConditionalCheckFailedException, DeleteCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from './document-client.ts';
import { suppressionKeyOf } from '../../core/contacts/suppression.ts';
import type { PrivacyRequest, PrivacyRequestKind } from '../../core/privacy/requests.ts';
import { queryAll, withoutKeys, type Table } from './items.ts';

/** What the emailed link stands for, under the hash of its token. */
export interface PrivacyLink {
  requestId: string;
  kind: PrivacyRequestKind;
  email: string;
  expiresAt: number;
}

/**
 * The requests log and the links that confirm requests.
 *
 * | access pattern                     | key condition                                          |
 * |------------------------------------|--------------------------------------------------------|
 * | a request                          | pk = PRIVACY#<id>, sk = REQUEST                        |
 * | the log, newest first             | gsi1pk = PRIVACY-REQUESTS, gsi1sk = <received>#<id>    |
 * | a person's requests and open links | gsi2pk = PRIVACY-PERSON#<hash of email>                |
 * | a link                             | pk = PRIVACYLINK#<hash of token>, sk = LINK (TTL)      |
 */
export function privacyStore(table: Table) {
  const send = table.documents.send.bind(table.documents);
  const TableName = table.name;
  const requestKey = (id: string) => ({ pk: `PRIVACY#${id}`, sk: 'REQUEST' });
  const person = (email: string) => `PRIVACY-PERSON#${suppressionKeyOf(email)}`;

  async function personItems(email: string) {
    return queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': person(email) } });
  }

  return {
    /** The request and, for self-service, the link that confirms it, together or not at all. */
    async open(request: PrivacyRequest, expiresAt: number, link?: { tokenHash: string; expiresAt: number }) {
      const index = { gsi1pk: 'PRIVACY-REQUESTS', gsi1sk: `${request.receivedAt}#${request.id}`, gsi2pk: person(request.email!), gsi2sk: `REQUEST#${request.receivedAt}` };
      await send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { ...requestKey(request.id), ...index, type: 'privacy-request', ...request, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...(link
              ? [{ Put: { TableName, Item: { pk: `PRIVACYLINK#${link.tokenHash}`, sk: 'LINK', gsi2pk: person(request.email!), gsi2sk: `LINK#${link.tokenHash}`, type: 'privacy-link', requestId: request.id, kind: request.kind, email: request.email, expiresAt: link.expiresAt } } }]
              : []),
          ],
        }),
      );
    },

    /** Single use: the delete that takes the link is conditional, so two presses never both act. */
    async takeLink(tokenHash: string): Promise<PrivacyLink | undefined> {
      try {
        const { Attributes } = await send(new DeleteCommand({ TableName, Key: { pk: `PRIVACYLINK#${tokenHash}`, sk: 'LINK' }, ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }));
        return withoutKeys<PrivacyLink & { type: string }>(Attributes);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },

    complete: (id: string, at: string) =>
      send(new UpdateCommand({ TableName, Key: requestKey(id), UpdateExpression: 'SET #state = :done, completedAt = :at', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':done': 'completed', ':at': at } })),

    /** The log, newest first, a page at a time. */
    async log(limit: number): Promise<PrivacyRequest[]> {
      const page = await send(new QueryCommand({ TableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'PRIVACY-REQUESTS' }, ScanIndexForward: false, Limit: limit }));
      return (page.Items ?? []).map((i) => cleaned(i));
    },

    async requestsOf(email: string): Promise<PrivacyRequest[]> {
      return (await personItems(email)).filter((i) => i.type === 'privacy-request').map((i) => cleaned(i));
    },

    /**
     * Erasure: the person's requests stay in the log without the address or anything that leads back
     * to it; their open links go.
     */
    async forget(email: string): Promise<number> {
      const items = await personItems(email);
      for (const item of items) {
        if (item.type === 'privacy-link') {
          await send(new DeleteCommand({ TableName, Key: { pk: item.pk, sk: item.sk } }));
        } else {
          await send(new UpdateCommand({ TableName, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'SET email = :none REMOVE gsi2pk, gsi2sk', ExpressionAttributeValues: { ':none': null } }));
        }
      }
      return items.length;
    },
  };
}

function cleaned(item: Record<string, unknown>): PrivacyRequest {
  const { type: _type, expiresAt: _expiresAt, ...request } = withoutKeys<PrivacyRequest & { type: string; expiresAt: number }>(item)!;
  return request;
}
export type PrivacyStore = ReturnType<typeof privacyStore>;
