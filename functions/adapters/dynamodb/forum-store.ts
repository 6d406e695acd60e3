import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactionCanceledException, TransactWriteCommand, UpdateCommand } from './document-client.ts';
import { ConflictError } from '../../core/errors.ts';
import type { Decision, Hidden, Post, Thread } from '../../core/forums/forum.ts';
import type { Mute } from '../../core/forums/moderation.ts';
import { FORMER_MEMBER } from '../../core/privacy/personal-data.ts';
import { attachmentRecords } from './forum-attachment-store.ts';
import { forumPreferences } from './forum-preference-store.ts';
import { ignoreMissing, orConflict, personIndex, personItems, queryAll, sendIf, withoutKeys, type Table } from './items.ts';

/**
 * Threads, posts, decisions and mutes; attachments' records (forum-attachment-store.ts) and each
 * member's forum preferences per group (forum-preference-store.ts) are the same table's, beside.
 *
 * A thread's header and its posts share one partition, so a thread page is one Query whatever
 * the number of posts. Post ids start with their time, so `POST#<id>` sorts oldest first.
 *
 * | access pattern                          | key condition                                              |
 * |-----------------------------------------|------------------------------------------------------------|
 * | a thread page (header + first posts)    | pk = THREAD#<id> (HEADER sorts before POST#)                |
 * | next posts of a thread                  | pk = THREAD#<id>, sk > POST#<last id>                       |
 * | a post                                  | pk = THREAD#<id>, sk = POST#<post id>                       |
 * | threads of a group, pinned then active  | gsi1pk = GROUP#<g>#THREADS, gsi1sk = <1|0>#<activity>#<id> desc |
 * | recent posts of a group (search, digest)| gsi1pk = GROUP#<g>#POSTS, gsi1sk = <post id> desc           |
 * | decisions of a group                    | gsi2pk = GROUP#<g>#DECISIONS, gsi2sk = <recorded at>#<post id> |
 * | threads or posts of an author (erasure) | the group's THREADS or POSTS index, filtered on authorEmail |
 * | a member's mute in a group              | pk = GROUP#<g>, sk = MUTE#<email>                           |
 * | mutes of a group                        | pk = GROUP#<g>, sk begins MUTE#                             |
 * | mutes of a member (erasure)             | gsi1pk = MEMBER#<email>, gsi1sk begins MUTE#                |
 */
export const forumKeys = {
  thread: (id: string) => ({ pk: `THREAD#${id}`, sk: 'HEADER' }),
  threadIndex: (t: Pick<Thread, 'groupId' | 'pinned' | 'lastActivityAt' | 'id'>) => ({
    gsi1pk: `GROUP#${t.groupId}#THREADS`,
    gsi1sk: `${t.pinned ? 1 : 0}#${t.lastActivityAt}#${t.id}`,
  }),
  post: (threadId: string, postId: string) => ({ pk: `THREAD#${threadId}`, sk: `POST#${postId}` }),
  postIndex: (groupId: string, postId: string) => ({ gsi1pk: `GROUP#${groupId}#POSTS`, gsi1sk: postId }),
  mute: (groupId: string, email: string) => ({ pk: `GROUP#${groupId}`, sk: `MUTE#${email}` }),
};

/** What one Query of a thread's partition gives: the header (first page only) and posts. */
export interface ThreadPage {
  thread?: Thread;
  posts: Post[];
  nextCursor?: string;
}

const isThread = (item: Record<string, unknown>) => item.sk === 'HEADER';

/** Threads, their posts and decisions, and the group's mutes. */
export function threadStore(table: Table) {
  const { thread: threadKey, threadIndex, post: postKey, postIndex, mute: muteKey } = forumKeys;
  const send = table.documents.send.bind(table.documents);
  const TableName = table.name;
  async function filtered<T>(gsi1pk: string, email: string) {
    return (await queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :g', FilterExpression: 'authorEmail = :e', ExpressionAttributeValues: { ':g': gsi1pk, ':e': email } })).map((item) => withoutKeys<T>(item)!);
  }

  return {
    /** A new thread: its header and opening post, together or not at all. */
    async createThread(thread: Thread, opening: Post) {
      await send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { ...threadKey(thread.id), ...threadIndex(thread), type: 'thread', ...thread }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName, Item: { ...postKey(thread.id, opening.id), ...postIndex(thread.groupId, opening.id), type: 'post', ...opening }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    },

    async getThread(id: string) {
      const { Item } = await send(new GetCommand({ TableName, Key: threadKey(id) }));
      return withoutKeys<Thread>(Item);
    },

    /**
     * One Query: without a cursor the header comes first (HEADER < POST#), then the oldest posts;
     * with one, the posts after it.
     */
    async threadPage(id: string, pageSize: number, after?: string): Promise<ThreadPage> {
      const page = await send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `THREAD#${id}`, ...(after ? { ':after': `POST#${after}` } : {}) },
          Limit: after ? pageSize : pageSize + 1,
        }),
      );
      const items = page.Items ?? [];
      const header = items.find(isThread);
      const posts = items.filter((item) => !isThread(item)).map((item) => withoutKeys<Post>(item)!);
      return {
        ...(header ? { thread: withoutKeys<Thread>(header)! } : {}),
        posts,
        ...(page.LastEvaluatedKey && posts.length ? { nextCursor: posts.at(-1)!.id } : {}),
      };
    },

    /** Threads of a group, pinned first then by last activity; the cursor is the last index key. */
    async threadsOf(groupId: string, limit: number, after?: string) {
      const page = await send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: after ? 'gsi1pk = :g AND gsi1sk < :after' : 'gsi1pk = :g',
          ExpressionAttributeValues: { ':g': `GROUP#${groupId}#THREADS`, ...(after ? { ':after': after } : {}) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      const items = page.Items ?? [];
      return {
        threads: items.map((item) => withoutKeys<Thread>(item)!),
        ...(page.LastEvaluatedKey && items.length ? { nextCursor: String(items.at(-1)!.gsi1sk) } : {}),
      };
    },

    /** Threads of a group active since a time (both pinned and not), for the digest. */
    async threadsActiveSince(groupId: string, since: string) {
      const threads: Thread[] = [];
      for (const flag of ['0', '1']) {
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await send(
            new QueryCommand({
              TableName,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :g AND gsi1sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':g': `GROUP#${groupId}#THREADS`, ':from': `${flag}#${since}`, ':to': `${flag}#~` },
              ExclusiveStartKey,
            }),
          );
          threads.push(...(page.Items ?? []).map((item) => withoutKeys<Thread>(item)!));
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
      }
      return threads;
    },

    /** The newest posts of a group, newest first; bounded, for search and digests. */
    async recentPostsOf(groupId: string, limit: number, sinceId?: string) {
      const page = await send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: sinceId ? 'gsi1pk = :g AND gsi1sk > :since' : 'gsi1pk = :g',
          ExpressionAttributeValues: { ':g': `GROUP#${groupId}#POSTS`, ...(sinceId ? { ':since': sinceId } : {}) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((item) => withoutKeys<Post>(item)!);
    },

    /**
     * A reply and the thread's new activity, together. The header's condition refuses a locked
     * thread and a pin that changed since it was read (the index key depends on it).
     */
    async addReply(thread: Thread, reply: Post) {
      try {
        await send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName, Item: { ...postKey(thread.id, reply.id), ...postIndex(thread.groupId, reply.id), type: 'post', ...reply }, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Update: {
                  TableName,
                  Key: threadKey(thread.id),
                  UpdateExpression: 'SET lastActivityAt = :at, gsi1sk = :index ADD postCount :one',
                  ConditionExpression: 'attribute_exists(pk) AND locked = :open AND pinned = :pinned',
                  ExpressionAttributeValues: {
                    ':at': reply.createdAt,
                    ':index': threadIndex({ ...thread, lastActivityAt: reply.createdAt }).gsi1sk,
                    ':one': 1,
                    ':open': false,
                    ':pinned': thread.pinned,
                  },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw new ConflictError('forum.changedWhileWriting', {}, undefined, { cause: error });
        }
        throw error;
      }
    },

    async getPost(threadId: string, postId: string) {
      const { Item } = await send(new GetCommand({ TableName, Key: postKey(threadId, postId), ConsistentRead: true }));
      return withoutKeys<Post>(Item);
    },

    /** An edit keeps the previous body; the condition makes two concurrent edits keep both. */
    async editPost(post: Post, body: string, html: string, at: string) {
      await orConflict(
        send(
          new UpdateCommand({
            TableName,
            Key: postKey(post.threadId, post.id),
            UpdateExpression: 'SET body = :body, html = :html, editedAt = :at, revisions = list_append(if_not_exists(revisions, :none), :previous)',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt) AND body = :old',
            ExpressionAttributeValues: { ':body': body, ':html': html, ':at': at, ':none': [], ':previous': [{ body: post.body, editedAt: post.editedAt ?? post.createdAt }], ':old': post.body },
          }),
        ),
        'forum.postChanged',
      );
    },

    /** A tombstone: the post keeps its place and author; its words, revisions and files go. */
    async deletePost(post: Post, at: string) {
      await orConflict(
        send(
          new UpdateCommand({
            TableName,
            Key: postKey(post.threadId, post.id),
            UpdateExpression: 'SET deletedAt = :at, body = :empty, html = :empty, attachments = :none REMOVE revisions, decision, gsi2pk, gsi2sk',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
            ExpressionAttributeValues: { ':at': at, ':empty': '', ':none': [] },
          }),
        ),
        'forum.postAlreadyDeleted',
      );
    },

    async setDecision(post: Post, decision: Decision | undefined) {
      await orConflict(
        send(
          new UpdateCommand({
            TableName,
            Key: postKey(post.threadId, post.id),
            ...(decision
              ? {
                  UpdateExpression: 'SET decision = :d, gsi2pk = :g, gsi2sk = :s',
                  ExpressionAttributeValues: { ':d': decision, ':g': `GROUP#${post.groupId}#DECISIONS`, ':s': `${decision.recordedAt}#${post.id}` },
                }
              : { UpdateExpression: 'REMOVE decision, gsi2pk, gsi2sk' }),
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt)',
          }),
        ),
        'forum.deletedNoDecision',
      );
    },

    /**
     * Hides a post, or shows it again (`hidden` undefined). The conditions make a repeat a conflict
     * and refuse a deleted post. The opening post also marks its thread's header, whose excerpt
     * repeats its words, in the same transaction.
     */
    async setHidden(post: Post, hidden: Hidden | undefined) {
      const postUpdate = {
        TableName,
        Key: postKey(post.threadId, post.id),
        // `hidden` is one of DynamoDB's reserved words: always named through #hidden.
        ExpressionAttributeNames: { '#hidden': 'hidden' },
        ...(hidden
          ? { UpdateExpression: 'SET #hidden = :hidden', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt) AND attribute_not_exists(#hidden)', ExpressionAttributeValues: { ':hidden': hidden } }
          : { UpdateExpression: 'REMOVE #hidden', ConditionExpression: 'attribute_exists(pk) AND attribute_exists(#hidden)' }),
      };
      const refused = hidden ? 'moderation.hiddenMeanwhile' : 'moderation.shownMeanwhile';
      if (post.id !== post.threadId) return void (await orConflict(send(new UpdateCommand(postUpdate)), refused));
      try {
        await send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: postUpdate },
              {
                Update: {
                  TableName,
                  Key: threadKey(post.threadId),
                  ...(hidden ? { UpdateExpression: 'SET openingHidden = :yes', ExpressionAttributeValues: { ':yes': true } } : { UpdateExpression: 'REMOVE openingHidden' }),
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) throw new ConflictError(refused, {}, undefined, { cause: error });
        throw error;
      }
    },

    /** A member's mute in a group: one per member and group, a new one replaces the old. TTL forgets it after its end. */
    async saveMute(mute: Mute) {
      await send(
        new PutCommand({
          TableName,
          Item: { ...muteKey(mute.groupId, mute.email), ...personIndex(mute.email, 'MUTE', mute.groupId), type: 'mute', ...mute, expiresAt: Math.ceil(Date.parse(mute.until) / 1000) },
        }),
      );
    },

    async getMute(groupId: string, email: string) {
      const { Item } = await send(new GetCommand({ TableName, Key: muteKey(groupId, email), ConsistentRead: true }));
      if (!Item) return undefined;
      const { expiresAt: _expiresAt, ...mute } = withoutKeys<Mute & { expiresAt?: number }>(Item)!;
      return mute as Mute;
    },

    /** Lifts a mute; answers whether there was one to lift. */
    async removeMute(groupId: string, email: string) {
      return sendIf(table, new DeleteCommand({ TableName, Key: muteKey(groupId, email), ConditionExpression: 'attribute_exists(pk)' }));
    },

    async mutesOf(groupId: string) {
      const items = await queryAll(table, { KeyConditionExpression: 'pk = :g AND begins_with(sk, :m)', ExpressionAttributeValues: { ':g': `GROUP#${groupId}`, ':m': 'MUTE#' } });
      return items.map((item) => {
        const { expiresAt: _expiresAt, ...mute } = withoutKeys<Mute & { expiresAt?: number }>(item)!;
        return mute as Mute;
      });
    },

    /** Erasure: a person's mutes go with them. */
    async forgetMutesOf(email: string) {
      const items = await personItems(table, email, 'MUTE');
      await Promise.all(items.map((item) => send(new DeleteCommand({ TableName, Key: { pk: item.pk, sk: item.sk } }))));
      return items.length;
    },

    async decisionsOf(groupId: string) {
      return (await queryAll(table, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :g', ExpressionAttributeValues: { ':g': `GROUP#${groupId}#DECISIONS` } })).map((item) => withoutKeys<Post>(item)!);
    },

    /** Pin or lock; the pin rewrites the index key, conditioned on the activity it was built from. */
    async moderateThread(thread: Thread, change: { pinned?: boolean; locked?: boolean }) {
      const pinned = change.pinned ?? thread.pinned;
      const locked = change.locked ?? thread.locked;
      await orConflict(
        send(
          new UpdateCommand({
            TableName,
            Key: threadKey(thread.id),
            UpdateExpression: 'SET pinned = :pinned, locked = :locked, gsi1sk = :index',
            ConditionExpression: 'attribute_exists(pk) AND lastActivityAt = :seen',
            ExpressionAttributeValues: { ':pinned': pinned, ':locked': locked, ':index': threadIndex({ ...thread, pinned }).gsi1sk, ':seen': thread.lastActivityAt },
          }),
        ),
        'forum.threadChanged',
      );
      return { ...thread, pinned, locked };
    },

    /** A group's threads and posts by one author: the group's indexes, filtered (erasure and export are rare). */
    async threadsBy(groupId: string, email: string) {
      return filtered<Thread>(`GROUP#${groupId}#THREADS`, email);
    },

    async postsBy(groupId: string, email: string) {
      return filtered<Post>(`GROUP#${groupId}#POSTS`, email);
    },

    /**
     * Erasure: a thread header or a post stays where it is, its words too, but no longer names its
     * author. The conditions keep a concurrent delete from bringing an item back.
     */
    async attributeToFormerMember(threadId: string, postId?: string) {
      await send(
        new UpdateCommand({
          TableName,
          Key: postId ? postKey(threadId, postId) : threadKey(threadId),
          UpdateExpression: 'SET authorEmail = :none, authorName = :former',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':none': '', ':former': FORMER_MEMBER },
        }),
      ).catch(ignoreMissing);
    },

    /** Erasure of a moderator: the decision stays recorded, by a former member. */
    async attributeDecisionToFormerMember(post: Post) {
      await send(
        new UpdateCommand({
          TableName,
          Key: postKey(post.threadId, post.id),
          UpdateExpression: 'SET decision.recordedBy = :former',
          ConditionExpression: 'attribute_exists(decision)',
          ExpressionAttributeValues: { ':former': FORMER_MEMBER },
        }),
      ).catch(ignoreMissing);
    },
  };
}
export type ThreadStore = ReturnType<typeof threadStore>;

/** The forums' storage: threads, posts, decisions and mutes here; attachments' records and preferences beside. */
export function forumStore(table: Table) {
  return { ...threadStore(table), ...attachmentRecords(table), ...forumPreferences(table) };
}
export type ForumStore = ReturnType<typeof forumStore>;

