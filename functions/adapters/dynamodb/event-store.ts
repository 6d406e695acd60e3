import { ConditionalCheckFailedException, GetCommand, PutCommand, QueryCommand, UpdateCommand } from './document-client.ts';
import type { AgendaEvent } from '../../core/agenda/event.ts';
import { ConflictError } from '../../core/errors.ts';
import { FORMER_MEMBER } from '../../core/privacy/personal-data.ts';
import { queryAll, withoutKeys, type Table } from './items.ts';

/**
 * Events of the rolling agenda. The event item also carries the seat counters that
 * registration-store.ts guards with conditional writes.
 *
 * | access pattern                  | key condition                                            |
 * |---------------------------------|----------------------------------------------------------|
 * | event by id                     | pk = EVENT#<id>, sk = EVENT                              |
 * | events by start, in a period    | gsi1pk = EVENTS, gsi1sk BETWEEN <from> AND <to> (startsAt#id) |
 * | public events by start          | gsi2pk = PUBLIC_EVENTS, gsi2sk >= <from> (startsAt#id)   |
 * | events someone created (erasure) | gsi1pk = EVENTS, filtered on createdBy                  |
 */
export const eventKeys = {
  event: (id: string) => ({ pk: `EVENT#${id}`, sk: 'EVENT' }),
  indexes: (event: Pick<AgendaEvent, 'id' | 'startsAt' | 'visibility'>) => ({
    gsi1pk: 'EVENTS',
    gsi1sk: `${event.startsAt}#${event.id}`,
    ...(event.visibility === 'public' ? { gsi2pk: 'PUBLIC_EVENTS', gsi2sk: `${event.startsAt}#${event.id}` } : {}),
  }),
};

export function eventStore(table: Table) {
  const query = async (input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) => {
    return (await queryAll(table, input)).map((item) => withoutKeys<AgendaEvent>(item)!);
  };
  return {
    async createEvent(event: AgendaEvent) {
      try {
        await table.documents.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...eventKeys.event(event.id), ...eventKeys.indexes(event), type: 'event', ...event },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new ConflictError('event.exists', { id: event.id }, undefined, { cause: error });
        throw error;
      }
    },
    /** Consistent read: the seat counters must be the latest when a page shows them. */
    async getEvent(id: string) {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: eventKeys.event(id), ConsistentRead: true }));
      return withoutKeys<AgendaEvent>(Item);
    },
    /** Events starting in [from, to) (ISO instants), soonest first. */
    eventsStartingBetween: (from: string, to: string) =>
      query({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':p': 'EVENTS', ':from': from, ':to': `${to}` },
      }),
    createdBy: (email: string) =>
      query({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', FilterExpression: 'createdBy = :e', ExpressionAttributeValues: { ':p': 'EVENTS', ':e': email } }),
    /** Erasure of the secretariat member who put an event on the agenda: the event stays. */
    async attributeToFormerMember(id: string) {
      await table.documents.send(
        new UpdateCommand({ TableName: table.name, Key: eventKeys.event(id), UpdateExpression: 'SET createdBy = :former', ExpressionAttributeValues: { ':former': FORMER_MEMBER } }),
      );
    },
    publicEventsFrom: (from: string) =>
      query({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk >= :from',
        ExpressionAttributeValues: { ':p': 'PUBLIC_EVENTS', ':from': from },
      }),
  };
}
export type EventStore = ReturnType<typeof eventStore>;
