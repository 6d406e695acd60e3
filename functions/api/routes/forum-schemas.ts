import { z } from '@hono/zod-openapi';
import { groupIdSchema } from '../../core/groups/group.ts';
import { storedKind } from './schemas.ts';

/** The shapes of the forum routes, named in the OpenAPI document. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{10,40}$/, 'field.id');
// Core schemas may be built before @hono/zod-openapi extends zod, so they carry no .openapi():
// the documented string pipes into the core rule instead.
export const groupParam = z.object({ group: z.string().openapi({ param: { name: 'group', in: 'path' }, example: 'action-1' }).pipe(groupIdSchema) });
export const threadParam = z.object({ thread: idSchema.openapi({ param: { name: 'thread', in: 'path' } }) });
export const postParams = threadParam.extend({ post: idSchema.openapi({ param: { name: 'post', in: 'path' } }) });

export const threadCursorSchema = z
  .string()
  .regex(/^[01]#\d{4}-\d{2}-\d{2}T[\d:.]+Z#[A-Za-z0-9_-]{10,40}$/, 'field.nextCursor')
  .optional();
export const postCursorSchema = idSchema.optional();

export const threadSchema = z
  .object({
    type: storedKind('thread'),
    id: z.string(),
    groupId: z.string(),
    title: z.string(),
    authorEmail: z.string(),
    authorName: z.string(),
    createdAt: z.string(),
    lastActivityAt: z.string(),
    pinned: z.boolean(),
    locked: z.boolean(),
    postCount: z.number(),
    excerpt: z.string(),
    openingHidden: z.boolean().optional(),
  })
  .openapi('Thread');

export const attachmentRefSchema = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() }).openapi('AttachmentRef');

export const postSchema = z
  .object({
    id: z.string(),
    threadId: z.string(),
    authorEmail: z.string(),
    authorName: z.string(),
    createdAt: z.string(),
    edited: z.boolean(),
    editedAt: z.string().optional(),
    revisionCount: z.number(),
    deleted: z.boolean(),
    /** Hidden by a moderator. Only its author and the moderators get its words, `hiddenReason` and `hiddenAt`; others get none. */
    hidden: z.boolean(),
    hiddenReason: z.string().optional(),
    hiddenAt: z.string().optional(),
    /** Sanitized HTML: the only form of a post the site renders. */
    html: z.string(),
    body: z.string(),
    attachments: z.array(attachmentRefSchema),
    decision: z.boolean(),
  })
  .openapi('Post');

export const youSchema = z.object({ role: z.string(), canPost: z.boolean(), canModerate: z.boolean(), mutedUntil: z.string().optional() });

export const muteSchema = z
  .object({ member: z.string(), name: z.string(), groupId: z.string(), until: z.string(), reason: z.string(), mutedAt: z.string() })
  .openapi('Mute');
