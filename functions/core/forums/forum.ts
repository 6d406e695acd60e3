import { z } from 'zod';

/** What a member types; the limits keep one post within one DynamoDB item (400 KB). */
export const postBodySchema = z.string().trim().min(1, 'expects some text').max(20_000, 'expects at most 20,000 characters');
export const threadTitleSchema = z.string().trim().min(3, 'expects at least 3 characters').max(200, 'expects at most 200 characters');
export const attachmentIdsSchema = z.array(z.string().regex(/^[A-Za-z0-9_-]{10,40}$/, 'expects an attachment id')).max(5, 'expects at most 5 attachments').default([]);

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
}

/** How a post leaves the API: a deleted post shows only that it was there. */
export function publicPost(post: Post) {
  const base = {
    id: post.id,
    threadId: post.threadId,
    authorEmail: post.authorEmail,
    authorName: post.authorName,
    createdAt: post.createdAt,
    edited: post.editedAt !== undefined,
    ...(post.editedAt ? { editedAt: post.editedAt } : {}),
    revisionCount: post.revisions?.length ?? 0,
  };
  if (post.deletedAt) return { ...base, deleted: true, html: '', body: '', attachments: [], decision: false };
  return { ...base, deleted: false, html: post.html, body: post.body, attachments: post.attachments, decision: post.decision !== undefined };
}

/** Sortable, unguessable ids: time first, so posts written in one millisecond still sort apart. */
export function newId(now: Date, random: string): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${random}`;
}
