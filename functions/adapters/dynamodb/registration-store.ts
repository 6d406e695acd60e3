import { ConditionalCheckFailedException, GetCommand, QueryCommand, TransactionCanceledException, TransactWriteCommand, UpdateCommand } from './document-client.ts';
import type { AgendaEvent } from '../../core/agenda/event.ts';
import type { Registration, RegistrationOutcome } from '../../core/agenda/registration.ts';
import type { Mailing } from '../../core/agenda/rules.ts';
import { NotFoundError } from '../../core/errors.ts';
import { eventKeys } from './event-store.ts';
import { withoutKeys, type Table } from './items.ts';

/**
 * Registrations, the waitlist and personal calendar feeds.
 *
 * | access pattern                     | key condition                                                 |
 * |------------------------------------|---------------------------------------------------------------|
 * | a member's registration for event  | pk = EVENT#<id>, sk = REG#<email>                             |
 * | registrations of an event          | pk = EVENT#<id>, sk begins_with REG#                          |
 * | waitlist of an event, earliest first | gsi2pk = WAITLIST#<id>, gsi2sk = <requestedAt>#<email>      |
 * | events a member registered for     | gsi1pk = MEMBER#<email>, gsi1sk begins_with EVENTREG#         |
 * | calendar feed by token             | pk = CALFEED#<hash of token>, sk = CALFEED                    |
 * | a member's feed token              | pk = MEMBER#<email>, sk = CALFEED                             |
 *
 * Seats: the event item holds `registered` and `waitlisted`. Taking a seat is one transaction of
 * "registered < capacity AND nobody waiting" on the event and "no registration yet" on the
 * registration, so concurrent requests can never overbook, and a freed seat goes to the waitlist
 * (earliest first) rather than to whoever asks next.
 */
const regKey = (eventId: string, email: string) => ({ pk: `EVENT#${eventId}`, sk: `REG#${email}` });
const waitlistIndex = (eventId: string, requestedAt: string, email: string) => ({
  gsi2pk: `WAITLIST#${eventId}`,
  gsi2sk: `${requestedAt}#${email}`,
});
const feedKey = (tokenHash: string) => ({ pk: `CALFEED#${tokenHash}`, sk: 'CALFEED' });
const feedPointer = (email: string) => ({ pk: `MEMBER#${email}`, sk: 'CALFEED' });

/** Busy items answer TransactionConflict; a short random pause lets the other writer finish. */
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));
const MAX_ATTEMPTS = 25;

function reasonsOf(error: unknown): { Code?: string | undefined; Item?: Record<string, unknown> | undefined }[] | undefined {
  return error instanceof TransactionCanceledException ? (error.CancellationReasons as never) : undefined;
}
const failedCondition = (reason: { Code?: string | undefined } | undefined) => reason?.Code === 'ConditionalCheckFailed';
const conflicted = (reasons: { Code?: string | undefined }[]) => reasons.some((r) => r.Code === 'TransactionConflict');

export function registrationStore(table: Table) {
  const T = table.name;
  const send = (items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>) =>
    table.documents.send(new TransactWriteCommand({ TransactItems: items }));
  const getRegistration = async (eventId: string, email: string) =>
    withoutKeys<Registration>((await table.documents.send(new GetCommand({ TableName: T, Key: regKey(eventId, email), ConsistentRead: true }))).Item);
  /** A repeat request answers what the member already holds (one consistent read, rare path). */
  const existing = async (eventId: string, email: string): Promise<RegistrationOutcome | undefined> => {
    const held = await getRegistration(eventId, email);
    return held ? { status: held.status, already: true } : undefined;
  };

  const registration = (event: AgendaEvent, person: { email: string; name: string; organisation: string }, status: Registration['status'], now: Date) => {
    const requestedAt = now.toISOString();
    return {
      ...regKey(event.id, person.email),
      gsi1pk: `MEMBER#${person.email}`,
      gsi1sk: `EVENTREG#${event.startsAt}#${event.id}`,
      ...(status === 'waitlisted' ? waitlistIndex(event.id, requestedAt, person.email) : {}),
      type: 'registration',
      eventId: event.id,
      email: person.email,
      name: person.name,
      organisation: person.organisation,
      status,
      requestedAt,
      mailings: {},
    };
  };

  return {
    getRegistration,

    /** Takes a seat if one is free and nobody waits, else a place on the waitlist; a repeat answers what is held. */
    async register(event: AgendaEvent, person: { email: string; name: string; organisation: string }, now: Date): Promise<RegistrationOutcome> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        try {
          await send([
            {
              Update: {
                TableName: T,
                Key: eventKeys.event(event.id),
                UpdateExpression: 'SET #registered = #registered + :one',
                ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#capacity) OR (#registered < #capacity AND #waitlisted = :zero))',
                ExpressionAttributeNames: { '#capacity': 'capacity', '#registered': 'registered', '#waitlisted': 'waitlisted' },
                ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
              },
            },
            {
              Put: {
                TableName: T,
                Item: registration(event, person, 'registered', now),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]);
          return { status: 'registered', already: false };
        } catch (error) {
          const reasons = reasonsOf(error);
          if (!reasons) throw error;
          const held = failedCondition(reasons[1]) ? await existing(event.id, person.email) : undefined;
          if (held) return held;
          if (!failedCondition(reasons[0])) {
            if (conflicted(reasons)) {
              await pause(attempt);
              continue;
            }
            throw error;
          }
        }
        // The event is full, or people are already waiting: join the waitlist.
        try {
          await send([
            {
              Update: {
                TableName: T,
                Key: eventKeys.event(event.id),
                UpdateExpression: 'SET #waitlisted = #waitlisted + :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#waitlisted': 'waitlisted' },
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            {
              Put: {
                TableName: T,
                Item: registration(event, person, 'waitlisted', now),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]);
          return { status: 'waitlisted', already: false };
        } catch (error) {
          const reasons = reasonsOf(error);
          if (!reasons) throw error;
          const held = failedCondition(reasons[1]) ? await existing(event.id, person.email) : undefined;
          if (held) return held;
          if (failedCondition(reasons[0])) throw new NotFoundError('event.none');
          if (!conflicted(reasons)) throw error;
          await pause(attempt);
        }
      }
      throw new Error(`registration for event ${event.id} kept conflicting after ${MAX_ATTEMPTS} attempts`);
    },

    /** Gives up a seat or a waitlist place; answers what was given up. */
    async cancel(eventId: string, email: string): Promise<Registration['status']> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const held = await getRegistration(eventId, email);
        if (!held) throw new NotFoundError('event.notRegistered');
        const counter = held.status === 'registered' ? 'registered' : 'waitlisted';
        try {
          await send([
            {
              Delete: {
                TableName: T,
                Key: regKey(eventId, email),
                ConditionExpression: '#status = :status',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': held.status },
              },
            },
            {
              Update: {
                TableName: T,
                Key: eventKeys.event(eventId),
                UpdateExpression: 'SET #counter = #counter - :one',
                ConditionExpression: '#counter > :zero',
                ExpressionAttributeNames: { '#counter': counter },
                ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
              },
            },
          ]);
          return held.status;
        } catch (error) {
          const reasons = reasonsOf(error);
          if (!reasons) throw error;
          // A promotion changed the status meanwhile, or another writer held the item: read again.
          if (failedCondition(reasons[0]) || conflicted(reasons)) {
            await pause(attempt);
            continue;
          }
          throw error;
        }
      }
      throw new Error(`cancellation for event ${eventId} kept conflicting after ${MAX_ATTEMPTS} attempts`);
    },

    /**
     * Moves the earliest waiting member to a free seat. Two concurrent callers never promote the
     * same member: the promotion is conditional on the member still waiting and a seat being free.
     */
    async promoteNext(eventId: string, now: Date): Promise<Registration | undefined> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const { Items = [] } = await table.documents.send(
          new QueryCommand({
            TableName: T,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :w',
            ExpressionAttributeValues: { ':w': `WAITLIST#${eventId}` },
            Limit: 10,
          }),
        );
        if (Items.length === 0) return undefined;
        let retry = false;
        for (const candidate of Items.map((item) => withoutKeys<Registration>(item)!)) {
          try {
            await send([
              {
                Update: {
                  TableName: T,
                  Key: eventKeys.event(eventId),
                  UpdateExpression: 'SET #registered = #registered + :one, #waitlisted = #waitlisted - :one',
                  ConditionExpression: '#registered < #capacity AND #waitlisted > :zero',
                  ExpressionAttributeNames: { '#capacity': 'capacity', '#registered': 'registered', '#waitlisted': 'waitlisted' },
                  ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
                },
              },
              {
                Update: {
                  TableName: T,
                  Key: regKey(eventId, candidate.email),
                  UpdateExpression: 'SET #status = :registered, promotedAt = :now REMOVE gsi2pk, gsi2sk',
                  ConditionExpression: '#status = :waitlisted',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':registered': 'registered', ':waitlisted': 'waitlisted', ':now': now.toISOString() },
                },
              },
            ]);
            return { ...candidate, status: 'registered', promotedAt: now.toISOString() };
          } catch (error) {
            const reasons = reasonsOf(error);
            if (!reasons) throw error;
            if (failedCondition(reasons[0])) return undefined;
            if (failedCondition(reasons[1])) continue;
            if (!conflicted(reasons)) throw error;
            retry = true;
            break;
          }
        }
        if (!retry) return undefined;
        await pause(attempt);
      }
      return undefined;
    },

    async registrationsOf(eventId: string): Promise<Registration[]> {
      const found: Registration[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await table.documents.send(
          new QueryCommand({
            TableName: T,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :r)',
            ExpressionAttributeValues: { ':p': `EVENT#${eventId}`, ':r': 'REG#' },
            ExclusiveStartKey,
          }),
        );
        found.push(...(page.Items ?? []).map((item) => withoutKeys<Registration>(item)!));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return found.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.email.localeCompare(b.email));
    },

    async registrationsOfMember(email: string): Promise<Registration[]> {
      const { Items = [] } = await table.documents.send(
        new QueryCommand({
          TableName: T,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :m AND begins_with(gsi1sk, :r)',
          ExpressionAttributeValues: { ':m': `MEMBER#${email}`, ':r': 'EVENTREG#' },
        }),
      );
      return Items.map((item) => withoutKeys<Registration>(item)!);
    },

    /** Marks a mailing as sent to one registrant; false when it was already (the job ran before) or they are no longer registered. */
    async claimMailing(eventId: string, email: string, mailing: Mailing, now: Date): Promise<boolean> {
      try {
        await table.documents.send(
          new UpdateCommand({
            TableName: T,
            Key: regKey(eventId, email),
            UpdateExpression: 'SET mailings.#m = :now',
            ConditionExpression: 'attribute_exists(pk) AND #status = :registered AND attribute_not_exists(mailings.#m)',
            ExpressionAttributeNames: { '#m': mailing, '#status': 'status' },
            ExpressionAttributeValues: { ':now': now.toISOString(), ':registered': 'registered' },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Issues a new feed token for a member; the previous one stops working in the same write. */
    async rotateFeed(email: string, tokenHash: string, now: Date) {
      const pointer = (await table.documents.send(new GetCommand({ TableName: T, Key: feedPointer(email), ConsistentRead: true }))).Item as
        | { tokenHash: string }
        | undefined;
      await send([
        ...(pointer ? [{ Delete: { TableName: T, Key: feedKey(pointer.tokenHash) } }] : []),
        { Put: { TableName: T, Item: { ...feedKey(tokenHash), type: 'calendar-feed', email, createdAt: now.toISOString() } } },
        { Put: { TableName: T, Item: { ...feedPointer(email), type: 'calendar-feed-pointer', tokenHash, createdAt: now.toISOString() } } },
      ]);
    },
    async revokeFeed(email: string): Promise<boolean> {
      const pointer = (await table.documents.send(new GetCommand({ TableName: T, Key: feedPointer(email), ConsistentRead: true }))).Item as
        | { tokenHash: string }
        | undefined;
      if (!pointer) return false;
      await send([{ Delete: { TableName: T, Key: feedKey(pointer.tokenHash) } }, { Delete: { TableName: T, Key: feedPointer(email) } }]);
      return true;
    },
    async feedStatus(email: string): Promise<{ createdAt: string } | undefined> {
      const { Item } = await table.documents.send(new GetCommand({ TableName: T, Key: feedPointer(email) }));
      return Item ? { createdAt: String(Item.createdAt) } : undefined;
    },
    async feedOwner(tokenHash: string): Promise<string | undefined> {
      const { Item } = await table.documents.send(new GetCommand({ TableName: T, Key: feedKey(tokenHash) }));
      return Item ? String(Item.email) : undefined;
    },
  };
}
export type RegistrationStore = ReturnType<typeof registrationStore>;
