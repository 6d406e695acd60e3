import { ConditionalCheckFailedException, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from './document-client.ts';
import type { Session } from '../../core/auth/session.ts';
import type { SignInRequest } from '../../core/auth/sign-in.ts';
import { personIndex, personItems, queryAll, sendIf, withoutKeys, type Table } from './items.ts';

/**
 * Pending sign-ins and sessions. Both expire through TTL and are also checked on read.
 *
 * | access pattern            | key condition                                        |
 * |---------------------------|------------------------------------------------------|
 * | sign-in by pending cookie | pk = SIGNIN#<hash of pending cookie>, sk = SIGNIN    |
 * | session by cookie         | pk = SESSION#<hash of session id>, sk = SESSION      |
 * | sessions of a member      | gsi1pk = MEMBER#<email>, gsi1sk begins SESSION#      |
 * | sign-ins of a member      | gsi1pk = MEMBER#<email>, gsi1sk begins SIGNIN#       |
 */
export function authStore(table: Table) {
  const signInKey = (pendingHash: string) => ({ pk: `SIGNIN#${pendingHash}`, sk: 'SIGNIN' });
  const sessionKey = (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' });
  // Every page: a revocation that stopped at the first would leave sessions open.
  const sessionsOf = async (email: string) =>
    (await queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :m AND begins_with(gsi1sk, :s)', ExpressionAttributeValues: { ':m': `MEMBER#${email}`, ':s': 'SESSION#' } })).map(
      (item) => withoutKeys<Session>(item)!,
    );

  return {
    /**
     * A member's request is indexed under their address (export, erasure); the stand-in kept for an
     * address that may not sign in is not, so it never makes the hub "know" a stranger.
     */
    async saveSignIn(request: SignInRequest, options: { indexed: boolean } = { indexed: true }) {
      await table.documents.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...signInKey(request.pendingHash), ...(options.indexed ? personIndex(request.email, 'SIGNIN', request.pendingHash) : {}), type: 'sign-in', ...request },
        }),
      );
    },
    /** Pending sign-ins and invitations of an address (export, erasure). */
    async signInsOf(email: string) {
      return (await personItems(table, email, 'SIGNIN')).map((item) => withoutKeys<SignInRequest>(item)!);
    },
    async forgetSignInsOf(email: string) {
      const requests = await personItems(table, email, 'SIGNIN');
      await Promise.all(requests.map((r) => table.documents.send(new DeleteCommand({ TableName: table.name, Key: { pk: r.pk, sk: r.sk } }))));
      return requests.length;
    },
    async getSignIn(pendingHash: string) {
      const { Item } = await table.documents.send(
        new GetCommand({ TableName: table.name, Key: signInKey(pendingHash), ConsistentRead: true }),
      );
      return withoutKeys<SignInRequest>(Item);
    },
    /**
     * Reserves one code attempt before the code is compared: the update counts and checks in one
     * step, so of any number of parallel guesses only `maxAttempts` get through. False when the
     * request is gone or its attempts are spent.
     */
    async reserveCodeAttempt(pendingHash: string, maxAttempts: number): Promise<boolean> {
      return sendIf(
        table,
        new UpdateCommand({
          TableName: table.name,
          Key: signInKey(pendingHash),
          UpdateExpression: 'ADD codeAttempts :one',
          ConditionExpression: 'attribute_exists(pk) AND codeAttempts < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts },
        }),
      );
    },
    /**
     * Single use: only the first of two concurrent verifications deletes the request, and only while
     * its attempts are within the budget (checked again here, where it is decided).
     */
    async consumeSignIn(pendingHash: string, maxAttempts: number): Promise<boolean> {
      return sendIf(
        table,
        new DeleteCommand({
          TableName: table.name,
          Key: signInKey(pendingHash),
          ConditionExpression: 'attribute_exists(pk) AND codeAttempts <= :max',
          ExpressionAttributeValues: { ':max': maxAttempts },
        }),
      );
    },
    async createSession(session: Session) {
      await table.documents.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...sessionKey(session.idHash), gsi1pk: `MEMBER#${session.email}`, gsi1sk: `SESSION#${session.idHash}`, type: 'session', ...session },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async getSession(idHash: string) {
      const { Item } = await table.documents.send(new GetCommand({ TableName: table.name, Key: sessionKey(idHash) }));
      return withoutKeys<Session>(Item);
    },
    /** Marks the session used at `lastSeenAt` (epoch seconds), for the idle timeout. */
    async touchSession(idHash: string, lastSeenAt: number) {
      await table.documents
        .send(
          new UpdateCommand({
            TableName: table.name,
            Key: sessionKey(idHash),
            UpdateExpression: 'SET lastSeenAt = :t',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':t': lastSeenAt },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
    sessionsOf,
    async deleteSession(idHash: string) {
      await table.documents.send(new DeleteCommand({ TableName: table.name, Key: sessionKey(idHash) }));
    },
    async deleteSessionsOf(email: string) {
      const sessions = await sessionsOf(email);
      await Promise.all(sessions.map((s) => table.documents.send(new DeleteCommand({ TableName: table.name, Key: sessionKey(s.idHash) }))));
      return sessions.length;
    },
    /**
     * After a membership or role change, every open session of the member carries the new roles,
     * and the contributor mark as the member record now has it (a later contribution extends it,
     * a lasting place removes it).
     */
    async refreshSessionsOf(email: string, patch: Pick<Session, 'groups' | 'secretariat' | 'name' | 'contributorUntil'>) {
      const sessions = await sessionsOf(email);
      await Promise.all(
        sessions.map((s) =>
          table.documents
            .send(
              new UpdateCommand({
                TableName: table.name,
                Key: sessionKey(s.idHash),
                UpdateExpression: patch.contributorUntil
                  ? 'SET #groups = :g, secretariat = :s, #name = :n, contributorUntil = :c'
                  : 'SET #groups = :g, secretariat = :s, #name = :n REMOVE contributorUntil',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#groups': 'groups', '#name': 'name' },
                ExpressionAttributeValues: { ':g': patch.groups, ':s': patch.secretariat, ':n': patch.name, ...(patch.contributorUntil ? { ':c': patch.contributorUntil } : {}) },
              }),
            )
            .catch((error: unknown) => {
              if (!(error instanceof ConditionalCheckFailedException)) throw error;
            }),
        ),
      );
    },
  };
}
export type AuthStore = ReturnType<typeof authStore>;
