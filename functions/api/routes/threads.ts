import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { editSchema, replySchema } from '../../core/forums/forum.ts';
import { hideSchema } from '../../core/forums/moderation.ts';
import type { Env } from '../env.ts';
import { currentSession } from '../middleware/session.ts';
import * as forums from '../services/forums.ts';
import * as moderation from '../services/moderation.ts';
import { error, errors, json, jsonBody } from './schemas.ts';
import { postCursorSchema, postParams, postSchema, threadParam, threadSchema, youSchema } from './forum-schemas.ts';

const threadErrors = { ...errors(401, 403, 404), ...error(409, 'The thread is locked, archived, or changed meanwhile') };

export const threads = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/threads/{thread}',
      summary: 'A thread with its posts, oldest first (the header comes with the first page)',
      request: { params: threadParam, query: z.object({ cursor: postCursorSchema }) },
      responses: {
        200: json(z.object({ thread: threadSchema.optional(), you: youSchema.extend({ email: z.string() }), posts: z.array(postSchema), nextCursor: z.string().optional() }), 'A page of posts'),
        ...errors(400),
        ...threadErrors,
      },
    }),
    async (c) => c.json(await forums.readThread(c.var.deps, currentSession(c), c.req.valid('param').thread, c.req.valid('query').cursor), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/threads/{thread}/posts',
      summary: 'Reply in a thread',
      request: { params: threadParam, ...jsonBody(replySchema) },
      responses: { 201: json(z.object({ post: postSchema, notified: z.number() }), 'The reply'), ...errors(400), ...threadErrors },
    }),
    async (c) => c.json(await forums.reply(c.var.deps, currentSession(c), c.req.valid('param').thread, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/threads/{thread}/posts/{post}',
      summary: 'Edit your own post (the previous text is kept as a revision)',
      request: { params: postParams, ...jsonBody(editSchema) },
      responses: { 200: json(postSchema, 'The edited post'), ...errors(400), ...threadErrors },
    }),
    async (c) => {
      const { thread, post } = c.req.valid('param');
      return c.json(await forums.editPost(c.var.deps, currentSession(c), thread, post, c.req.valid('json').body), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/threads/{thread}/posts/{post}/revisions',
      summary: "A post's earlier versions, oldest first (each as sanitized HTML, with the time it was replaced)",
      request: { params: postParams },
      responses: { ...errors(400), 200: json(z.object({ revisions: z.array(z.object({ editedAt: z.string(), html: z.string() })) }), 'Earlier versions'), ...threadErrors },
    }),
    async (c) => {
      const { thread, post } = c.req.valid('param');
      return c.json({ revisions: await forums.revisionsOf(c.var.deps, currentSession(c), thread, post) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/threads/{thread}/posts/{post}',
      summary: 'Delete your own post (a tombstone stays in its place)',
      request: { params: postParams },
      responses: { ...errors(400), 200: json(postSchema, 'The tombstone'), ...threadErrors },
    }),
    async (c) => {
      const { thread, post } = c.req.valid('param');
      return c.json(await forums.deletePost(c.var.deps, currentSession(c), thread, post), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/threads/{thread}/pin',
      summary: 'Pin or unpin a thread (leaders and secretariat)',
      request: { params: threadParam, ...jsonBody(z.object({ pinned: z.boolean() })) },
      responses: { 200: json(threadSchema, 'The thread'), ...errors(400), ...threadErrors },
    }),
    async (c) => c.json(await forums.moderateThread(c.var.deps, currentSession(c), c.req.valid('param').thread, { pinned: c.req.valid('json').pinned }), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/threads/{thread}/lock',
      summary: 'Lock or unlock a thread (leaders and secretariat)',
      request: { params: threadParam, ...jsonBody(z.object({ locked: z.boolean() })) },
      responses: { 200: json(threadSchema, 'The thread'), ...errors(400), ...threadErrors },
    }),
    async (c) => c.json(await forums.moderateThread(c.var.deps, currentSession(c), c.req.valid('param').thread, { locked: c.req.valid('json').locked }), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/threads/{thread}/posts/{post}/decision',
      summary: "Record a post as a decision of the group, or withdraw it (leaders and secretariat)",
      request: { params: postParams, ...jsonBody(z.object({ decision: z.boolean() })) },
      responses: { 200: json(postSchema, 'The post'), ...errors(400), ...threadErrors },
    }),
    async (c) => {
      const { thread, post } = c.req.valid('param');
      return c.json(await forums.recordDecision(c.var.deps, currentSession(c), thread, post, c.req.valid('json').decision), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/threads/{thread}/posts/{post}/hide',
      summary:
        "Hide a post, with a reason (leaders and secretariat). Its author and the moderators still see it and the reason; other members see only that a post was hidden. Hiding a hidden post answers 409",
      request: { params: postParams, ...jsonBody(hideSchema) },
      responses: { 200: json(postSchema, 'The post, as its moderators see it'), ...errors(400), ...threadErrors },
    }),
    async (c) => {
      const { thread, post } = c.req.valid('param');
      return c.json(await moderation.hidePost(c.var.deps, currentSession(c), thread, post, c.req.valid('json').reason), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/threads/{thread}/posts/{post}/unhide',
      summary: 'Show a hidden post to everyone again (leaders and secretariat). A post that is not hidden answers 409',
      request: { params: postParams },
      responses: { ...errors(400), 200: json(postSchema, 'The post'), ...threadErrors },
    }),
    async (c) => {
      const { thread, post } = c.req.valid('param');
      return c.json(await moderation.unhidePost(c.var.deps, currentSession(c), thread, post), 200);
    },
  );
