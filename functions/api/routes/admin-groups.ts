import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { newGroupSchema } from '../../core/groups/administration.ts';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import * as membership from '../services/membership.ts';
import { error, errors, json, jsonBody, storedKind } from './schemas.ts';
import { groupParam } from './forum-schemas.ts';

const groupSchema = z
  .object({ type: storedKind('group'), id: z.string(), name: z.string(), description: z.string(), archived: z.boolean(), createdAt: z.string(), actionNumber: z.number().optional() })
  .openapi('Group');
const adminErrors = { ...errors(401, 403) };
const auditCursor = z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[A-Za-z0-9_-]+$/, 'field.nextCursor').optional();

/** Secretariat only: groups and the audit log of every membership and group change. */
export const adminGroups = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/groups',
      summary: 'Every group, archived ones included',
      responses: { 200: json(z.object({ groups: z.array(groupSchema) }), 'Groups'), ...adminErrors },
    }),
    async (c) => {
      requireSecretariat(c);
      const all = await c.var.deps.partnership.listGroups();
      return c.json({ groups: all.sort((a, b) => a.name.localeCompare(b.name)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/groups',
      summary: 'Create a group',
      request: jsonBody(newGroupSchema),
      responses: { 201: json(groupSchema, 'Created'), ...errors(400), ...error(409, 'The id is taken'), ...adminErrors },
    }),
    async (c) => c.json(await membership.createGroup(c.var.deps, requireSecretariat(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/groups/{group}/archive',
      summary: 'Archive a group: its forum stays readable, nobody writes in it',
      request: { params: groupParam },
      responses: { ...errors(400), 200: json(groupSchema, 'Archived'), ...errors(404), ...error(409, 'Already archived'), ...adminErrors },
    }),
    async (c) => c.json(await membership.archiveGroup(c.var.deps, requireSecretariat(c), c.req.valid('param').group), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/audit',
      summary: 'The audit log of member and group changes, newest first',
      request: { query: z.object({ cursor: auditCursor }) },
      responses: {
        200: json(
          z.object({
            entries: z.array(z.object({ type: storedKind('audit'), id: z.string(), at: z.string(), actor: z.string(), action: z.string(), groupId: z.string().optional(), subject: z.string().optional(), details: z.record(z.string(), z.string()) })),
            nextCursor: z.string().optional(),
          }),
          'Entries',
        ),
        ...errors(400),
        ...adminErrors,
      },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await c.var.deps.audit.list(50, c.req.valid('query').cursor), 200);
    },
  );
