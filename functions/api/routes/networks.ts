import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors.ts';
import { networkSchema } from '../../core/networks/network.ts';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { networkWithFeeds, rotateFeedKey } from '../services/network-feeds.ts';
import { errors, json, jsonBody, messageSchema, storedKind } from './schemas.ts';

const idParam = z.object({ id: networkSchema.shape.id });
const storedNetwork = networkSchema.extend({ type: storedKind('network') });
const admin = { ...errors(401, 403) };
const feedsSchema = z
  .object({ rss: z.string(), json: z.string(), issuedAt: z.string() })
  .openapi('NetworkFeeds', { description: "The network's private feed URLs (RSS 2.0 and JSON Feed 1.1), and when their key was issued" });

/** The multiplier networks updates are relayed through, managed by the secretariat. */
export const networks = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/networks',
      summary: 'All networks',
      responses: { 200: json(z.object({ networks: z.array(storedNetwork) }), 'The networks'), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      const list = await c.var.deps.networks.list();
      return c.json({ networks: list.sort((a, b) => a.name.localeCompare(b.name)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/networks/{id}',
      summary: 'One network, with its private feed URLs (null until a feed key is issued)',
      request: { params: idParam },
      // A union, not feedsSchema.nullable(): that would make the named NetworkFeeds itself nullable in the document, the feed-key answer included.
      responses: { ...errors(400), 200: json(storedNetwork.extend({ feeds: z.union([feedsSchema, z.null()]) }), 'The network'), ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await networkWithFeeds(c.var.deps, c.req.valid('param').id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/networks/{id}/feed-key',
      summary: "Issue a new key for the network's feed URLs; the previous URLs stop working at once (audited)",
      request: { params: idParam },
      responses: { ...errors(400), 200: json(feedsSchema, 'The new feed URLs'), ...errors(404), ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      return c.json(await rotateFeedKey(c.var.deps, session, c.req.valid('param').id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/admin/networks/{id}',
      summary: 'Create or replace a network',
      request: { params: idParam, ...jsonBody(networkSchema.omit({ id: true })) },
      responses: { 200: json(networkSchema, 'Saved'), ...errors(400), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      const network = networkSchema.parse({ ...c.req.valid('json'), id: c.req.valid('param').id });
      await c.var.deps.networks.save(network);
      return c.json(network, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/admin/networks/{id}',
      summary: 'Remove a network (updates already sent keep their report)',
      request: { params: idParam },
      responses: { ...errors(400), 200: json(messageSchema, 'Removed'), ...errors(404), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      const { id } = c.req.valid('param');
      if (!(await c.var.deps.networks.get(id))) throw new NotFoundError('network.none', { id });
      await c.var.deps.networks.remove(id);
      return c.json({ message: `Network ${id} removed.` }, 200);
    },
  );
