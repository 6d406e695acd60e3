import { z } from 'zod';
import { MAX_ATTACHMENTS_PER_POST } from './attachments.ts';

/** What a member types; the limits keep one post within one DynamoDB item (400 KB). */
export const postBodySchema = z.string().trim().min(1, 'field.someText').max(20_000, 'field.atMost20000');
export const threadTitleSchema = z.string().trim().min(3, 'field.atLeast3').max(200, 'field.atMost200');
export const attachmentIdsSchema = z
  .array(z.string().regex(/^[A-Za-z0-9_-]{10,40}$/, 'field.attachmentId'))
  .max(MAX_ATTACHMENTS_PER_POST, 'field.attachmentsMax')
  .default([]);

export const newThreadSchema = z.object({ title: threadTitleSchema, body: postBodySchema, attachments: attachmentIdsSchema });
export const replySchema = z.object({ body: postBodySchema, attachments: attachmentIdsSchema });
export const editSchema = z.object({ body: postBodySchema });

/** A file attached to a post, as the post keeps it (the bytes live in the attachment storage). */
export interface AttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/** A thread's header: kept in the thread's own partition, beside its posts. */
export interface Thread {
  id: string;
  groupId: string;
  title: string;
  authorEmail: string;
  authorName: string;
  createdAt: string;
  lastActivityAt: string;
  pinned: boolean;
  locked: boolean;
  postCount: number;
  /** The opening post's text, so lists and search need not read the posts. */
  excerpt: string;
  /** Set while a moderator hides the opening post: lists and search then show no excerpt. */
  openingHidden?: boolean;
}

/** A thread as lists and search show it: the excerpt of a hidden opening post is not shown. */
export function listedThread(thread: Thread): Thread {
  return thread.openingHidden ? { ...thread, excerpt: '' } : thread;
}

/** A moderator's hiding of a post: the words stay, shown only to their author and the moderators. */
export interface Hidden {
  at: string;
  reason: string;
}

export interface Revision {
  body: string;
  editedAt: string;
}

export interface Decision {
  recordedAt: string;
  recordedBy: string;
}

export interface Post {
  id: string;
  threadId: string;
  groupId: string;
  /** Kept on each post (titles never change) so search and the decision log need no second read. */
  threadTitle: string;
  authorEmail: string;
  authorName: string;
  createdAt: string;
  body: string;
  /** Sanitized HTML of `body`, rendered once at write time. */
  html: string;
  attachments: AttachmentRef[];
  editedAt?: string;
  /** Earlier bodies, oldest first: an edit never loses what was said. */
  revisions?: Revision[];
  /** A tombstone: the post stays in place, its words do not. */
  deletedAt?: string;
  decision?: Decision;
  hidden?: Hidden;
}

/** Who reads a post: its author and the group's moderators still see a hidden post, and why. */
export interface Viewer {
  email: string;
  canModerate: boolean;
}

/** Whether the viewer sees the words of a post: always, unless a moderator hid it from them. */
export function seesWords(post: Pick<Post, 'hidden' | 'authorEmail'>, viewer: Viewer): boolean {
  return !post.hidden || viewer.canModerate || (viewer.email !== '' && viewer.email === post.authorEmail);
}

/**
 * How a post leaves the API for one viewer: a deleted post shows only that it was there; a hidden
 * one shows its author and the moderators its words with the reason, and everyone else only that
 * a moderator hid it (no words, files, earlier versions or decision mark).
 */
export function publicPost(post: Post, viewer: Viewer) {
  const who = { id: post.id, threadId: post.threadId, authorEmail: post.authorEmail, authorName: post.authorName, createdAt: post.createdAt };
  const none = { html: '', body: '', attachments: [] as AttachmentRef[], decision: false };
  if (post.hidden && !post.deletedAt && !seesWords(post, viewer)) return { ...who, edited: false, revisionCount: 0, deleted: false, hidden: true, ...none };
  const base = {
    ...who,
    edited: post.editedAt !== undefined,
    ...(post.editedAt ? { editedAt: post.editedAt } : {}),
    revisionCount: post.revisions?.length ?? 0,
  };
  if (post.deletedAt) return { ...base, deleted: true, hidden: false, ...none };
  return {
    ...base,
    deleted: false,
    hidden: post.hidden !== undefined,
    ...(post.hidden ? { hiddenReason: post.hidden.reason, hiddenAt: post.hidden.at } : {}),
    html: post.html,
    body: post.body,
    attachments: post.attachments,
    decision: post.decision !== undefined,
  };
}

/** Sortable, unguessable ids: time first, so posts written in one millisecond still sort apart. */
export function newId(now: Date, random: string): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${random}`;
}
