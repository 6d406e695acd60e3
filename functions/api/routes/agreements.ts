import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { agreementIdSchema, agreementStateSchema, changeAgreementSchema, markAgreementSchema, registerQuerySchema } from '../../core/agreements/agreement.ts';
import type { Env } from '../env.ts';
import { currentSession } from '../middleware/session.ts';
import * as agreements from '../services/agreements.ts';
import { error, errors, json, jsonBody } from './schemas.ts';
import { postParams } from './forum-schemas.ts';

const named = { id: z.string(), name: z.string() };
const entrySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    text: z.string(),
    html: z.string(),
    state: agreementStateSchema,
    group: z.object(named),
    bindingGroups: z.array(z.object(named)),
    agreedOn: z.string().optional(),
    supersededBy: z.object({ id: z.string(), title: z.string() }).optional(),
    public: z.boolean(),
    markedAt: z.string(),
    markedBy: z.string(),
    changedAt: z.string(),
    changedBy: z.string(),
    thread: z.object({ id: z.string(), path: z.string() }).optional().openapi({ description: 'Only for a reader who can open the thread' }),
    canChange: z.boolean(),
  })
  .openapi('Agreement');

const publicSchema = z
  .object({ id: z.string(), title: z.string(), text: z.string(), html: z.string(), groups: z.array(z.string()), agreedOn: z.string().optional(), state: agreementStateSchema, supersededBy: z.string().optional() })
  .openapi('PublicAgreement');

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }).pipe(agreementIdSchema) });
const registerFilters = registerQuerySchema.shape;
const registerQuery = z.object({
  q: z.string().optional().openapi({ param: { name: 'q', in: 'query' }, description: 'Words in the title, text or group names' }).pipe(registerFilters.q),
  group: z.string().optional().openapi({ param: { name: 'group', in: 'query' }, description: 'The originating or a bound group' }).pipe(registerFilters.group),
  state: z.string().optional().openapi({ param: { name: 'state', in: 'query' }, description: 'proposed, agreed or superseded' }).pipe(registerFilters.state),
});

const memberErrors = { ...errors(400, 401, 403) };
const conflict = error(409, 'The state does not allow it, or the agreement changed meanwhile');
const ruleBroken = error(422, 'A rule of agreements: a date, the replacing agreement');

export const agreementRoutes = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/threads/{thread}/posts/{post}/agreement',
      summary: "Mark a recorded decision as an agreement: its state, the groups it binds, the day agreed, whether it is public (the group's leaders and the secretariat; audited)",
      request: { params: postParams, ...jsonBody(markAgreementSchema) },
      responses: { 201: json(entrySchema, 'The agreement'), ...memberErrors, ...errors(404), ...conflict, ...ruleBroken },
    }),
    async (c) => {
      const { thread, post } = c.req.valid('param');
      return c.json(await agreements.markAgreement(c.var.deps, currentSession(c), thread, post, c.req.valid('json')), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/agreements/{id}',
      summary: "Change an agreement: agree it, supersede it (naming the agreement that replaces it), change the groups it binds or whether it is public (the group's leaders and the secretariat; audited)",
      request: { params: idParam, ...jsonBody(changeAgreementSchema) },
      responses: { 200: json(entrySchema, 'The agreement as changed'), ...memberErrors, ...errors(404), ...conflict, ...ruleBroken },
    }),
    async (c) => c.json(await agreements.changeAgreement(c.var.deps, currentSession(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/agreements/{id}',
      summary: 'Withdraw a proposed agreement (an agreed one is superseded, never removed)',
      request: { params: idParam },
      responses: { 200: json(z.object({ id: z.string(), withdrawn: z.literal(true) }), 'Withdrawn'), ...memberErrors, ...errors(404), ...conflict },
    }),
    async (c) => c.json(await agreements.withdrawAgreement(c.var.deps, currentSession(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/agreements/register',
      summary: "The register of agreements across every group, for the partnership's members; a thread is linked only for those who can open it",
      request: { query: registerQuery },
      responses: { 200: json(z.object({ agreements: z.array(entrySchema), groups: z.array(z.object(named)) }), 'The register, latest agreed first, proposals on top; and the working groups by name'), ...memberErrors },
    }),
    async (c) => {
      const session = currentSession(c);
      const [entries, groups] = await Promise.all([agreements.register(c.var.deps, session, c.req.valid('query')), agreements.groupsToName(c.var.deps, session)]);
      return c.json({ agreements: entries, groups }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/agreements/register.csv',
      summary: 'The register (with the same filters) as a CSV download',
      request: { query: registerQuery },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...memberErrors },
    }),
    async (c) => {
      const csv = await agreements.registerExport(c.var.deps, currentSession(c), c.req.valid('query'), 'csv');
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="agreements.csv"', 'cache-control': 'no-store' });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/agreements/register.md',
      summary: 'The register (with the same filters) as a Markdown download',
      request: { query: registerQuery },
      responses: { 200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } }, ...memberErrors },
    }),
    async (c) => {
      const markdown = await agreements.registerExport(c.var.deps, currentSession(c), c.req.valid('query'), 'md');
      return c.body(markdown, 200, { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': 'attachment; filename="agreements.md"', 'cache-control': 'no-store' });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/agreements',
      summary: 'The agreements marked public, for the public site (no sign-in): title, text, the groups bound, the day agreed, the state',
      responses: { 200: json(z.object({ agreements: z.array(publicSchema) }), 'Public agreements, latest agreed first') },
    }),
    async (c) => {
      c.header('cache-control', 'public, max-age=300');
      return c.json({ agreements: await agreements.publicAgreements(c.var.deps) }, 200);
    },
  );
