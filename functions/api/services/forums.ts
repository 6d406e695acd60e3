import { newSecret } from '../../core/auth/secrets.ts';
import type { Session } from '../../core/auth/session.ts';
import { ConflictError, NotFoundError, PayloadTooLargeError, RateLimitedError, RuleViolationError } from '../../core/errors.ts';
import { moderateAccess, postAccess, readAccess, assertAuthor } from '../../core/forums/access.ts';
import { MAX_ATTACHMENT_BYTES } from '../../core/forums/attachment-limits.ts';
import { checkAttachment } from '../../core/forums/attachments.ts';
import { decisionLogMarkdown } from '../../core/forums/decisions.ts';
import { listedThread, newId, publicPost, seesWords, type AttachmentRef, type Post, type Thread, type Viewer } from '../../core/forums/forum.ts';
import { mutedUntil } from '../../core/forums/moderation.ts';
import { defaultSetting, type NotificationSetting } from '../../core/forums/notifications.ts';
import { searchHits, unreadCount } from '../../core/forums/reading.ts';
import { markdownToText, renderMarkdown } from '../../core/markdown/render.ts';
import type { Group } from '../../core/groups/group.ts';
import { activeMemberships } from '../../core/groups/standing.ts';
import type { Deps } from '../deps.ts';
import { assertNotMuted, auditThreadChange } from './moderation.ts';
import { notifyPost, recordNotificationChoice } from './notifications.ts';

/** What reading and writing threads and posts touches. */
type ForumPorts = Pick<Deps, 'forums' | 'now'>;
/** The forums and the member's groups, for services that answer what a member may see. */
type MemberForumPorts = Pick<Deps, 'forums' | 'now' | 'partnership'>;
/** What posting touches: the rate limit, the forums, and the notifications a post sends. */
type PostingPorts = Pick<Deps, 'config' | 'forums' | 'ledger' | 'notifications' | 'now' | 'outbox' | 'outboxQueue' | 'partnership' | 'rateLimiter'>;

export const THREADS_PER_PAGE = 25;
export const POSTS_PER_PAGE = 50;
/** Unread counts and search look at this many of a group's newest threads and posts. */
const RECENT_THREADS = 100;
const RECENT_POSTS = 300;
/** Posting limit per member: generous for people, a brake on scripts. */
const POST_LIMIT = { count: 30, windowSeconds: 60 };

const notFound = () => new NotFoundError('forum.noGroup');

export async function visibleGroup(deps: Pick<Deps, 'now' | 'partnership'>, session: Session, groupId: string) {
  const access = readAccess(session, groupId, deps.now());
  const group = await deps.partnership.getGroup(groupId);
  if (!group) throw notFound();
  return { group, access };
}

function writable(group: Group) {
  if (group.archived) throw new ConflictError('forum.archived');
}

async function limitPosting(deps: Pick<Deps, 'now' | 'rateLimiter'>, session: Session) {
  const verdict = await deps.rateLimiter.hit('forum-post', session.email, POST_LIMIT.count, POST_LIMIT.windowSeconds, deps.now());
  if (!verdict.allowed) throw new RateLimitedError('forum.postingFast', verdict.retryAfterSeconds);
}

/** Attachments named in a post: uploaded by its author, to this group. */
async function attachmentsFor(deps: Pick<Deps, 'forums'>, session: Session, groupId: string, ids: string[]): Promise<AttachmentRef[]> {
  return Promise.all(
    ids.map(async (id) => {
      const record = await deps.forums.getAttachment(id);
      if (!record || record.groupId !== groupId || record.uploadedBy !== session.email) {
        throw new RuleViolationError('forum.attachmentNotYours', { id }, { field: 'attachments' });
      }
      if (record.pending) throw new RuleViolationError('forum.uploadUnconfirmed', { filename: record.filename }, { field: 'attachments' });
      return { id: record.id, filename: record.filename, contentType: record.contentType, size: record.size };
    }),
  );
}

const newPostId = (deps: Pick<Deps, 'now'>) => newId(deps.now(), newSecret(8));

/** The session as a reader of posts: its own and, for moderators, hidden posts' words stay visible. */
const viewerOf = (session: Session, access: { canModerate: boolean }): Viewer => ({ email: session.email, canModerate: access.canModerate });
/** The author of a post just written or changed: they see their own words, hidden or not. */
const asAuthor = (session: Session): Viewer => ({ email: session.email, canModerate: false });

/** The member's groups, each with how many threads moved since they last opened it. */
export async function myGroups(deps: MemberForumPorts, session: Session) {
  const now = deps.now();
  const memberOf = activeMemberships(session.groups, now);
  const ids = session.secretariat ? (await deps.partnership.listGroups()).map((g) => g.id) : memberOf.map((g) => g.groupId);
  const preferences = new Map((await deps.forums.preferencesOf(session.email)).map((p) => [p.groupId, p]));
  const groups = await Promise.all(
    ids.map(async (id) => {
      const [group, { threads }] = await Promise.all([deps.partnership.getGroup(id), deps.forums.threadsOf(id, RECENT_THREADS)]);
      if (!group) return undefined;
      const role = memberOf.find((g) => g.groupId === id)?.role;
      const prefs = preferences.get(id);
      return {
        id,
        name: group.name,
        description: group.description,
        archived: group.archived,
        role: role ?? 'secretariat',
        unread: unreadCount(threads.filter((t) => t.authorEmail !== session.email || t.postCount > 1), prefs?.lastSeen),
        threads: threads.length,
        notifications: prefs?.setting ?? defaultSetting(role),
      };
    }),
  );
  return groups.filter((g) => g !== undefined).sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name));
}

export async function listThreads(deps: MemberForumPorts, session: Session, groupId: string, cursor?: string) {
  const { group, access } = await visibleGroup(deps, session, groupId);
  const page = await deps.forums.threadsOf(groupId, THREADS_PER_PAGE, cursor);
  const muted = mutedUntil(session, groupId, deps.now());
  return {
    group: { id: group.id, name: group.name, description: group.description, archived: group.archived },
    you: { role: access.role ?? 'secretariat', canPost: access.canPost && !group.archived && !muted, canModerate: access.canModerate, ...(muted ? { mutedUntil: muted } : {}) },
    threads: page.threads.map(listedThread),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** Marks the group read now; the unread count starts again from here. */
export async function markSeen(deps: MemberForumPorts, session: Session, groupId: string) {
  await visibleGroup(deps, session, groupId);
  await deps.forums.setPreference(session.email, groupId, { lastSeen: deps.now().toISOString() });
}

export async function startThread(deps: PostingPorts, session: Session, groupId: string, input: { title: string; body: string; attachments: string[] }) {
  postAccess(session, groupId, deps.now());
  const { group } = await visibleGroup(deps, session, groupId);
  writable(group);
  await assertNotMuted(deps, session, groupId);
  await limitPosting(deps, session);
  const attachments = await attachmentsFor(deps, session, groupId, input.attachments);
  const at = deps.now().toISOString();
  const id = newPostId(deps);
  const html = renderMarkdown(input.body);
  const thread: Thread = {
    id,
    groupId,
    title: input.title,
    authorEmail: session.email,
    authorName: session.name,
    createdAt: at,
    lastActivityAt: at,
    pinned: false,
    locked: false,
    postCount: 1,
    excerpt: markdownToText(input.body).slice(0, 300),
  };
  const opening: Post = { id, threadId: id, groupId, threadTitle: input.title, authorEmail: session.email, authorName: session.name, createdAt: at, body: input.body, html, attachments };
  await deps.forums.createThread(thread, opening);
  const notified = await notifyPost(deps, { group, thread, post: opening, event: 'thread' });
  return { thread, post: publicPost(opening, asAuthor(session)), notified };
}

/**
 * A thread page. The first page is one Query (header and first posts share a partition); later
 * pages are one Query too, authorized by the group each post carries.
 */
export async function readThread(deps: ForumPorts, session: Session, threadId: string, cursor?: string) {
  const now = deps.now();
  const page = await deps.forums.threadPage(threadId, POSTS_PER_PAGE, cursor);
  const thread = page.thread ?? (cursor && page.posts.length === 0 ? await deps.forums.getThread(threadId) : undefined);
  const groupId = thread?.groupId ?? page.posts[0]?.groupId;
  if (!groupId) throw new NotFoundError('forum.noThread');
  let access;
  try {
    access = readAccess(session, groupId, now);
  } catch {
    throw new NotFoundError('forum.noThread');
  }
  const muted = mutedUntil(session, groupId, now);
  const viewer = viewerOf(session, access);
  return {
    ...(page.thread ? { thread: page.thread } : {}),
    you: { email: session.email, role: access.role ?? 'secretariat', canPost: access.canPost && !muted, canModerate: access.canModerate, ...(muted ? { mutedUntil: muted } : {}) },
    posts: page.posts.map((post) => publicPost(post, viewer)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

async function visibleThread(deps: ForumPorts, session: Session, threadId: string) {
  const thread = await deps.forums.getThread(threadId);
  if (!thread) throw new NotFoundError('forum.noThread');
  try {
    readAccess(session, thread.groupId, deps.now());
  } catch {
    throw new NotFoundError('forum.noThread');
  }
  return thread;
}

export async function visiblePost(deps: ForumPorts, session: Session, threadId: string, postId: string) {
  const post = await deps.forums.getPost(threadId, postId);
  if (!post) throw new NotFoundError('forum.noPost');
  try {
    readAccess(session, post.groupId, deps.now());
  } catch {
    throw new NotFoundError('forum.noPost');
  }
  return post;
}

export async function reply(deps: PostingPorts, session: Session, threadId: string, input: { body: string; attachments: string[] }) {
  const thread = await visibleThread(deps, session, threadId);
  postAccess(session, thread.groupId, deps.now());
  if (thread.locked) throw new ConflictError('forum.locked');
  const group = await deps.partnership.getGroup(thread.groupId);
  if (!group) throw notFound();
  writable(group);
  await assertNotMuted(deps, session, thread.groupId);
  await limitPosting(deps, session);
  const attachments = await attachmentsFor(deps, session, thread.groupId, input.attachments);
  const at = deps.now().toISOString();
  const post: Post = {
    id: newPostId(deps),
    threadId,
    groupId: thread.groupId,
    threadTitle: thread.title,
    authorEmail: session.email,
    authorName: session.name,
    createdAt: at,
    body: input.body,
    html: renderMarkdown(input.body),
    attachments,
  };
  await deps.forums.addReply(thread, post);
  const notified = await notifyPost(deps, { group, thread, post, event: 'reply' });
  return { post: publicPost(post, asAuthor(session)), notified };
}

export async function editPost(deps: ForumPorts, session: Session, threadId: string, postId: string, body: string) {
  const post = await visiblePost(deps, session, threadId, postId);
  postAccess(session, post.groupId, deps.now());
  assertAuthor(session, post.authorEmail);
  if (post.deletedAt) throw new ConflictError('forum.postDeleted');
  await assertNotMuted(deps, session, post.groupId);
  const at = deps.now().toISOString();
  const html = renderMarkdown(body);
  await deps.forums.editPost(post, body, html, at);
  return publicPost({ ...post, body, html, editedAt: at, revisions: [...(post.revisions ?? []), { body: post.body, editedAt: post.editedAt ?? post.createdAt }] }, asAuthor(session));
}

/** A post's earlier texts, oldest first, rendered as safely as the post itself; none for a tombstone. */
export async function revisionsOf(deps: ForumPorts, session: Session, threadId: string, postId: string) {
  const post = await visiblePost(deps, session, threadId, postId);
  if (post.deletedAt) return [];
  // A hidden post's earlier words are as hidden as its words.
  if (!seesWords(post, viewerOf(session, readAccess(session, post.groupId, deps.now())))) return [];
  return (post.revisions ?? []).map((revision) => ({ editedAt: revision.editedAt, html: renderMarkdown(revision.body) }));
}

export async function deletePost(deps: Pick<Deps, 'agreements' | 'forums' | 'now'>, session: Session, threadId: string, postId: string) {
  const post = await visiblePost(deps, session, threadId, postId);
  postAccess(session, post.groupId, deps.now());
  assertAuthor(session, post.authorEmail);
  const at = deps.now().toISOString();
  await deps.forums.deletePost(post, at);
  // A deleted decision's agreement leaves the register with its words.
  await deps.agreements.setWithheld(post.id, true);
  return publicPost({ ...post, deletedAt: at }, asAuthor(session));
}

export async function moderateThread(deps: Pick<Deps, 'audit' | 'config' | 'forums' | 'now'>, session: Session, threadId: string, change: { pinned?: boolean; locked?: boolean }) {
  const thread = await visibleThread(deps, session, threadId);
  moderateAccess(session, thread.groupId, deps.now());
  const changed = await deps.forums.moderateThread(thread, change);
  await auditThreadChange(deps, session, thread, changed);
  return changed;
}

export async function recordDecision(deps: Pick<Deps, 'agreements' | 'forums' | 'now'>, session: Session, threadId: string, postId: string, decision: boolean) {
  const post = await visiblePost(deps, session, threadId, postId);
  moderateAccess(session, post.groupId, deps.now());
  if (post.deletedAt) throw new ConflictError('forum.deletedNoDecision');
  if (!decision && (await deps.agreements.get(post.id)) !== undefined) {
    throw new ConflictError('forum.decisionIsAgreement');
  }
  const recorded = decision ? { recordedAt: deps.now().toISOString(), recordedBy: session.name } : undefined;
  await deps.forums.setDecision(post, recorded);
  return publicPost({ ...post, ...(recorded ? { decision: recorded } : { decision: undefined }) }, { email: session.email, canModerate: true });
}

export async function decisions(deps: MemberForumPorts, session: Session, groupId: string) {
  const { group } = await visibleGroup(deps, session, groupId);
  // A hidden post is left out of the log (and its Markdown export) while it is hidden.
  const posts = (await deps.forums.decisionsOf(groupId)).filter((p) => p.decision && !p.deletedAt && !p.hidden);
  posts.sort((a, b) => a.decision!.recordedAt.localeCompare(b.decision!.recordedAt));
  return { group, posts };
}

export async function decisionLog(deps: MemberForumPorts, session: Session, groupId: string) {
  const { group, posts } = await decisions(deps, session, groupId);
  return { group, markdown: decisionLogMarkdown(group.name, posts, deps.now()) };
}

/**
 * Search in the member's own groups only: the groups come from the session, never from the
 * query. Each group's newest threads and posts are read (two bounded Queries) and filtered here.
 */
export async function search(deps: MemberForumPorts, session: Session, query: string) {
  const groups = (await myGroups(deps, session)).map((g) => g.id);
  const found = await Promise.all(
    groups.map(async (groupId) => {
      const [{ threads }, posts] = await Promise.all([deps.forums.threadsOf(groupId, RECENT_THREADS), deps.forums.recentPostsOf(groupId, RECENT_POSTS)]);
      return searchHits(threads, posts, query, 50);
    }),
  );
  return found.flat().sort((a, b) => b.at.localeCompare(a.at)).slice(0, 50);
}

export async function notificationSetting(deps: MemberForumPorts, session: Session, groupId: string) {
  const { access } = await visibleGroup(deps, session, groupId);
  const prefs = (await deps.forums.preferencesOf(session.email)).find((p) => p.groupId === groupId);
  return { groupId, setting: prefs?.setting ?? defaultSetting(access.role) };
}

export async function changeNotificationSetting(deps: Pick<Deps, 'forums' | 'ledger' | 'now' | 'partnership'>, session: Session, groupId: string, setting: NotificationSetting) {
  const { group } = await visibleGroup(deps, session, groupId);
  await deps.forums.setPreference(session.email, groupId, { setting });
  await recordNotificationChoice(deps, session.email, group, setting, 'members-pages');
  return { groupId, setting };
}

/** A pending upload is forgotten after this long (DynamoDB TTL) unless confirmed. */
const PENDING_UPLOAD_SECONDS = 24 * 60 * 60;

/**
 * Step 1 of an upload: checks the declared file against the allowlist and the 10 MB limit, keeps
 * a pending record, and answers where to PUT the bytes (a presigned URL on AWS, the hub locally).
 */
export async function requestUpload(deps: Pick<Deps, 'attachments' | 'forums' | 'now' | 'partnership'>, session: Session, groupId: string, file: { filename: string; contentType: string; size: number }) {
  postAccess(session, groupId, deps.now());
  const { group } = await visibleGroup(deps, session, groupId);
  writable(group);
  await assertNotMuted(deps, session, groupId);
  const { contentType } = checkAttachment(file.filename, file.contentType, file.size);
  const id = newSecret(16);
  const now = deps.now();
  const upload = await deps.attachments.uploadTarget(id, { contentType, size: file.size });
  await deps.forums.saveAttachment({
    id,
    groupId,
    filename: file.filename,
    contentType,
    size: file.size,
    uploadedBy: session.email,
    uploadedAt: now.toISOString(),
    pending: true,
    expiresAt: Math.floor(now.getTime() / 1000) + PENDING_UPLOAD_SECONDS,
  });
  return { id, filename: file.filename, contentType, size: file.size, upload, confirm: `/api/attachments/${id}/confirm`, url: `/api/attachments/${id}` };
}

/** The uploader's own pending file; anyone else is told it does not exist. */
async function ownUpload(deps: Pick<Deps, 'forums'>, session: Session, id: string) {
  const record = await deps.forums.getAttachment(id);
  if (!record || record.uploadedBy !== session.email) throw new NotFoundError('forum.noUpload');
  return record;
}

/** Step 2, where the storage takes the bytes through the hub (local disk): exactly the declared size. */
export async function receiveUpload(deps: Pick<Deps, 'attachments' | 'forums'>, session: Session, id: string, body: ReadableStream<Uint8Array>) {
  const record = await ownUpload(deps, session, id);
  const storage = deps.attachments;
  if (!storage.receive) throw new NotFoundError('upload.toUrl');
  if (!record.pending) throw new ConflictError('upload.already', { filename: record.filename });
  // Streamed with the 10 MB cap, whatever the request declared: a chunked body has no length to trust.
  const received = await storage.receive(id, body, MAX_ATTACHMENT_BYTES).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError('upload.already', { filename: record.filename }, undefined, { cause: error });
    throw error;
  });
  if ('tooLarge' in received) throw new PayloadTooLargeError('upload.tooLarge');
  if (received.bytes !== record.size) {
    await storage.discard?.(id);
    throw new RuleViolationError('upload.sizeDiffers', { bytes: received.bytes, declared: record.size }, { field: 'content-length' });
  }
}

/** Step 3: checks that the bytes arrived with the declared size; then the file can go into a post. */
export async function confirmUpload(deps: Pick<Deps, 'attachments' | 'forums' | 'now'>, session: Session, id: string) {
  const record = await ownUpload(deps, session, id);
  const answer = { id, filename: record.filename, contentType: record.contentType, size: record.size, url: `/api/attachments/${id}` };
  if (!record.pending) return answer;
  const stored = await deps.attachments.storedSize(id);
  if (stored === undefined) throw new ConflictError('upload.notArrived', { filename: record.filename });
  if (stored !== record.size) throw new RuleViolationError('upload.arrivedSizeDiffers', { filename: record.filename, bytes: stored, declared: record.size }, { field: 'size' });
  await deps.attachments.markStored?.(id);
  await deps.forums.confirmAttachment(id, deps.now().toISOString());
  return answer;
}

export async function downloadAttachment(deps: Pick<Deps, 'attachments' | 'forums' | 'now'>, session: Session, id: string) {
  const record = await deps.forums.getAttachment(id);
  const missing = new NotFoundError('forum.noFile');
  if (!record || record.pending) throw missing;
  let access;
  try {
    access = readAccess(session, record.groupId, deps.now());
  } catch {
    throw missing;
  }
  // The file of a hidden post: its uploader and the moderators only, like the post's words.
  if (record.hidden && !access.canModerate && record.uploadedBy !== session.email) throw missing;
  const file = await deps.attachments.download(id, record);
  if (!file) throw missing;
  return { record, file };
}
