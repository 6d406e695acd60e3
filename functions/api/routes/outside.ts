import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { outsideBodyKinds, outsideInputSchema, requestSettingSchema } from '../../core/reports/outside.ts';
import type { Env } from '../env.ts';
import { currentSession, requireSecretariat } from '../middleware/session.ts';
import { changeRequestSetting, connections, connectionsSpreadsheet, requestSetting, submitOutsideReport } from '../services/outside.ts';
import { reportSchema } from './reports.ts';
import { error, errors, json, jsonBody } from './schemas.ts';

const connectionSchema = z.object({
  body: z.string(),
  bodyKind: z.enum(outsideBodyKinds),
  meetings: z.array(
    z.object({ reportId: z.string(), date: z.string(), title: z.string(), attendee: z.object({ name: z.string(), organisation: z.string() }), place: z.string(), online: z.boolean() }),
  ),
  workingOn: z.array(z.object({ date: z.string(), text: z.string() })),
  lastMet: z.string(),
  gap: z.boolean(),
});
const overviewSchema = z
  .object({
    connections: z.array(connectionSchema),
    gaps: z.object({ months: z.number(), since: z.string(), notMetSince: z.array(z.string()), kindsWithoutConnection: z.array(z.enum(outsideBodyKinds)) }),
  })
  .openapi('ConnectionsOverview');
const settingAnswer = z
  .object({ setting: requestSettingSchema, changedAt: z.string().optional(), currentPeriod: z.string().nullable() })
  .openapi('OutsideRequestSetting');
const unprocessable = error(422, 'The rules do not allow it');
const admin = { ...errors(401, 403) };

/** Outside meetings: members report them; the connections overview; the secretariat's regular request. */
export const outside = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/outside-reports',
      summary: 'Report a meeting attended outside the hub (to the review queue)',
      request: jsonBody(outsideInputSchema),
      responses: { 201: json(reportSchema, 'Submitted to the review queue'), ...errors(400, 401), ...unprocessable },
    }),
    async (c) => c.json(await submitOutsideReport(c.var.deps, currentSession(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/connections',
      summary: "The Partnership's connections with outside bodies, from accepted reports, and the outreach gaps",
      responses: { 200: json(overviewSchema, 'The overview'), ...errors(401) },
    }),
    async (c) => {
      currentSession(c);
      return c.json(await connections(c.var.deps), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/connections.csv',
      summary: 'The connections overview as a spreadsheet, one row a meeting',
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errors(401) },
    }),
    async (c) => {
      currentSession(c);
      const csv = await connectionsSpreadsheet(c.var.deps);
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="connections.csv"', 'cache-control': 'no-store' });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/outside-request',
      summary: 'How often members are asked about their outside meetings (secretariat)',
      responses: { 200: json(settingAnswer, 'The setting'), ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json(await requestSetting(c.var.deps), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/outside-request',
      summary: 'Set the regular request: off, monthly or every N weeks (secretariat)',
      request: jsonBody(requestSettingSchema),
      responses: { 200: json(settingAnswer, 'The new setting'), ...errors(400), ...admin },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      return c.json(await changeRequestSetting(c.var.deps, session, c.req.valid('json')), 200);
    },
  );
