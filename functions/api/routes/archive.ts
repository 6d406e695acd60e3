import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors.ts';
import type { Env } from '../env.ts';
import { archived } from '../services/updates.ts';
import { errors, json } from './schemas.ts';
import { archivedStatuses } from '../../core/updates/lifecycle.ts';

const entry = z.object({ id: z.string(), title: z.string(), subject: z.string(), sentAt: z.string(), intro: z.string().nullable().optional(), html: z.string().optional() }).openapi('ArchivedUpdate');

/** The public archive of sent updates, base version only. */
export const archive = new OpenAPIHono<Env>()
  .openapi(
    createRoute({ method: 'get', path: '/archive', summary: 'Sent updates, newest first', responses: { 200: json(z.object({ updates: z.array(entry) }), 'The archive') } }),
    async (c) => {
      const list = await c.var.deps.updates.archive();
      c.header('cache-control', 'public, max-age=60');
      return c.json({ updates: list.map((u) => archived(u, false)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/archive/{id}',
      summary: 'One sent update (base version)',
      request: { params: z.object({ id: z.string().regex(/^u-[a-z0-9]+$/) }) },
      responses: { ...errors(400), 200: json(entry, 'The update'), ...errors(404) },
    }),
    async (c) => {
      const update = await c.var.deps.updates.getUpdate(c.req.valid('param').id);
      if (!update || !archivedStatuses.includes(update.status)) throw new NotFoundError('update.noneArchived');
      c.header('cache-control', 'public, max-age=300');
      return c.json(archived(update, true), 200);
    },
  );
