import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { newThreadSchema } from '../../core/forums/forum.ts';
import { notificationSettingSchema } from '../../core/forums/notifications.ts';
import { liftSchema, muteSchema as muteRequestSchema } from '../../core/forums/moderation.ts';
import type { Env } from '../env.ts';
import { currentSession } from '../middleware/session.ts';
import * as forums from '../services/forums.ts';
import * as moderation from '../services/moderation.ts';
import { error, errors, json, jsonBody, messageSchema } from './schemas.ts';
import { groupParam, muteSchema, postSchema, threadCursorSchema, threadSchema, youSchema } from './forum-schemas.ts';

const groupSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    archived: z.boolean(),
    role: z.string(),
    unread: z.number(),
    threads: z.number(),
    notifications: notificationSettingSchema,
  })
  .openapi('GroupSummary');

const groupErrors = { ...errors(401, 403, 404) };

const decisionSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  threadTitle: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  html: z.string(),
});

export const groups = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups',
      summary: "The member's groups, with how many threads moved since they last looked",
      responses: { 200: json(z.object({ groups: z.array(groupSummarySchema) }), 'The groups'), ...errors(401) },
    }),
    async (c) => c.json({ groups: await forums.myGroups(c.var.deps, currentSession(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/threads',
      summary: 'Threads of a group: pinned first, then by last activity',
      request: { params: groupParam, query: z.object({ cursor: threadCursorSchema }) },
      responses: {
        200: json(
          z.object({ group: z.object({ id: z.string(), name: z.string(), description: z.string(), archived: z.boolean() }), you: youSchema, threads: z.array(threadSchema), nextCursor: z.string().optional() }),
          'A page of threads',
        ),
        ...errors(400),
        ...groupErrors,
      },
    }),
    async (c) => c.json(await forums.listThreads(c.var.deps, currentSession(c), c.req.valid('param').group, c.req.valid('query').cursor), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/threads',
      summary: 'Start a thread (Markdown body)',
      request: { params: groupParam, ...jsonBody(newThreadSchema) },
      responses: { 201: json(z.object({ thread: threadSchema, post: postSchema, notified: z.number() }), 'The new thread'), ...errors(400), ...groupErrors },
    }),
    async (c) => c.json(await forums.startThread(c.var.deps, currentSession(c), c.req.valid('param').group, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/seen',
      summary: 'Mark the group as read now (unread counts start again from here)',
      request: { params: groupParam },
      responses: { ...errors(400), 200: json(messageSchema, 'Marked'), ...groupErrors },
    }),
    async (c) => {
      await forums.markSeen(c.var.deps, currentSession(c), c.req.valid('param').group);
      return c.json({ message: 'Marked as read.' }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/decisions',
      summary: 'The decision log of a group, oldest first',
      request: { params: groupParam },
      responses: { ...errors(400), 200: json(z.object({ group: z.object({ id: z.string(), name: z.string() }), decisions: z.array(decisionSchema) }), 'Decisions'), ...groupErrors },
    }),
    async (c) => {
      const { group, posts } = await forums.decisions(c.var.deps, currentSession(c), c.req.valid('param').group);
      return c.json(
        {
          group: { id: group.id, name: group.name },
          decisions: posts.map((p) => ({ id: p.id, threadId: p.threadId, threadTitle: p.threadTitle, authorName: p.authorName, createdAt: p.createdAt, recordedAt: p.decision!.recordedAt, recordedBy: p.decision!.recordedBy, html: p.html })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/decisions.md',
      summary: 'The decision log of a group as a Markdown file',
      request: { params: groupParam },
      responses: { ...errors(400), 200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } }, ...groupErrors },
    }),
    async (c) => {
      const { group, markdown } = await forums.decisionLog(c.var.deps, currentSession(c), c.req.valid('param').group);
      c.header('Content-Disposition', `attachment; filename="decisions-${group.id}.md"`);
      c.header('Content-Type', 'text/markdown; charset=utf-8');
      return c.body(markdown, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/mutes',
      summary: 'The mutes in force in a group, soonest end first (leaders and secretariat)',
      request: { params: groupParam },
      responses: { ...errors(400), 200: json(z.object({ mutes: z.array(muteSchema) }), 'Mutes in force'), ...groupErrors },
    }),
    async (c) => c.json({ mutes: await moderation.mutesOf(c.var.deps, currentSession(c), c.req.valid('param').group) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/mutes',
      summary:
        'Mute a member of the group until a time, at most 90 days ahead, with a reason (leaders and secretariat). They can read but not post there. Leaders mute neither leaders nor the secretariat; nobody mutes the secretariat. A new mute replaces one in force (200)',
      request: { params: groupParam, ...jsonBody(muteRequestSchema) },
      responses: {
        201: json(z.object({ mute: muteSchema, replaced: z.boolean() }), 'Muted'),
        200: json(z.object({ mute: muteSchema, replaced: z.boolean() }), 'An earlier mute in force was replaced'),
        ...errors(400),
        ...groupErrors,
        ...error(422, '`until` is past or more than 90 days ahead'),
      },
    }),
    async (c) => {
      const answer = await moderation.mute(c.var.deps, currentSession(c), c.req.valid('param').group, c.req.valid('json'));
      return answer.replaced ? c.json(answer, 200) : c.json(answer, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/groups/{group}/mutes/lift',
      summary: "Lift a member's mute before its end (leaders and secretariat). A member who is not muted answers 409",
      request: { params: groupParam, ...jsonBody(liftSchema) },
      responses: {
        200: json(z.object({ member: z.string(), name: z.string(), groupId: z.string(), lifted: z.literal(true) }), 'Lifted'),
        ...errors(400),
        ...groupErrors,
        ...error(409, 'Not muted'),
      },
    }),
    async (c) => c.json(await moderation.liftMute(c.var.deps, currentSession(c), c.req.valid('param').group, c.req.valid('json').member), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/groups/{group}/notifications',
      summary: 'How often this member hears from the group by email',
      request: { params: groupParam },
      responses: { ...errors(400), 200: json(z.object({ groupId: z.string(), setting: notificationSettingSchema }), 'The setting'), ...groupErrors },
    }),
    async (c) => c.json(await forums.notificationSetting(c.var.deps, currentSession(c), c.req.valid('param').group), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/groups/{group}/notifications',
      summary: 'Change how often this member hears from the group: immediate, digest or off',
      request: { params: groupParam, ...jsonBody(z.object({ setting: notificationSettingSchema })) },
      responses: { 200: json(z.object({ groupId: z.string(), setting: notificationSettingSchema }), 'The new setting'), ...errors(400), ...groupErrors },
    }),
    async (c) => c.json(await forums.changeNotificationSetting(c.var.deps, currentSession(c), c.req.valid('param').group, c.req.valid('json').setting), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/search',
      summary: "Search titles and posts in the member's own groups",
      request: { query: z.object({ q: z.string().trim().min(2, 'field.atLeast2').max(200) }) },
      responses: {
        200: json(
          z.object({ results: z.array(z.object({ groupId: z.string(), threadId: z.string(), title: z.string(), postId: z.string().optional(), excerpt: z.string(), at: z.string() })) }),
          'Results, newest first',
        ),
        ...errors(400),
        ...errors(401),
      },
    }),
    async (c) => c.json({ results: await forums.search(c.var.deps, currentSession(c), c.req.valid('query').q) }, 200),
  );
