import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { outsideBodyKinds } from '../../core/reports/outside.ts';
import { reportInputSchema, reviewInputSchema } from '../../core/reports/report.ts';
import { InvalidFieldError } from '../../core/errors.ts';
import type { Env } from '../env.ts';
import { currentSession, requireSecretariat } from '../middleware/session.ts';
import { ownReport, plenaryBrief, reviewReport, submitReport } from '../services/reports.ts';
import { eventIdParam } from './events.ts';
import { error, errors, json, jsonBody, storedKind } from './schemas.ts';

export const reportSchema = z
  .object({
    type: storedKind('developments-report'),
    id: z.string(),
    eventId: z.string(),
    eventTitle: z.string(),
    eventStartsAt: z.string(),
    eventTimeZone: z.string(),
    outside: z
      .object({ body: z.string(), bodyKind: z.enum(outsideBodyKinds), date: z.string(), place: z.string(), online: z.boolean(), workingOn: z.string() })
      .optional()
      .openapi({ description: 'Set on the report of a meeting outside the hub' }),
    whatHappened: z.string(),
    actions: z.array(z.number()),
    links: z.array(z.string()),
    followUp: z.string(),
    author: z.object({ email: z.string(), name: z.string(), organisation: z.string() }),
    status: z.enum(['pending', 'accepted', 'rejected']),
    submittedAt: z.string(),
    review: z.object({ decision: z.enum(['accepted', 'rejected']), note: z.string(), by: z.string(), at: z.string(), edited: z.boolean() }).optional(),
    original: z.object({ whatHappened: z.string(), actions: z.array(z.number()), links: z.array(z.string()), followUp: z.string() }).optional(),
  })
  .openapi('DevelopmentsReport');

/** A period as two calendar days, both included. */
export const periodQuery = z.object({
  from: z.iso.date('field.dateDay').openapi({ param: { name: 'from', in: 'query' } }),
  to: z.iso.date('field.dateDay').openapi({ param: { name: 'to', in: 'query' } }),
});
/** A period's end on or after its start and, where a read grows with its length, at most `maxDays` long. */
export function checkPeriod(period: { from: string; to: string }, maxDays = Infinity) {
  if (period.to < period.from) throw new InvalidFieldError('to', 'report.periodOrder');
  if ((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 >= maxDays) throw new InvalidFieldError('to', 'report.periodTooLong', { days: maxDays });
  return period;
}

const reportIdParam = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{8,64}\.[a-f0-9]{20}$/, 'field.reportId').openapi({ param: { name: 'id', in: 'path' } }),
});
const unprocessable = error(422, 'The rules do not allow it now');
const conflict = error(409, 'Already reviewed');

/** Developments reports: members write them after an event; the secretariat reviews and compiles them. */
export const reports = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/events/{id}/report',
      summary: 'This member\'s developments report on an event',
      request: { params: eventIdParam },
      responses: { ...errors(400), 200: json(reportSchema, 'The report'), ...errors(401, 404) },
    }),
    async (c) => c.json(await ownReport(c.var.deps, currentSession(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/events/{id}/report',
      summary: 'Submit (or, until reviewed, replace) a developments report',
      request: { params: eventIdParam, ...jsonBody(reportInputSchema) },
      responses: {
        201: json(reportSchema, 'Submitted to the review queue'),
        ...errors(400),
        ...errors(401),
        ...errors(404),
        ...conflict,
        ...unprocessable,
      },
    }),
    async (c) => c.json(await submitReport(c.var.deps, currentSession(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/reports',
      summary: 'The review queue, oldest first (secretariat)',
      responses: { 200: json(z.object({ reports: z.array(reportSchema) }), 'Pending reports'), ...errors(401, 403) },
    }),
    async (c) => {
      requireSecretariat(c);
      return c.json({ reports: await c.var.deps.reports.pending() }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/reports/{id}/review',
      summary: 'Accept or reject a report, optionally editing it, with a note (secretariat)',
      request: { params: reportIdParam, ...jsonBody(reviewInputSchema) },
      responses: {
        200: json(reportSchema, 'Reviewed'),
        ...errors(400),
        ...errors(401),
        ...errors(403),
        ...errors(404),
        ...conflict,
        ...unprocessable,
      },
    }),
    async (c) => {
      const session = requireSecretariat(c);
      return c.json(await reviewReport(c.var.deps, session, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/brief',
      summary: 'The plenary brief of a period: accepted reports by Action, and the agreements agreed in it (secretariat)',
      request: { query: periodQuery },
      responses: {
        200: json(
          z.object({
            from: z.string(),
            to: z.string(),
            sections: z.array(z.object({ action: z.number(), title: z.string(), reports: z.array(reportSchema) })),
            agreements: z.array(
              z.object({ id: z.string(), title: z.string(), text: z.string(), state: z.string(), agreedOn: z.string(), group: z.string(), bindingGroups: z.array(z.string()), public: z.boolean() }),
            ),
            markdown: z.string(),
          }),
          'The brief',
        ),
        ...errors(400),
        ...errors(401),
        ...errors(403),
      },
    }),
    async (c) => {
      requireSecretariat(c);
      const { from, to } = checkPeriod(c.req.valid('query'));
      return c.json(await plenaryBrief(c.var.deps, from, to), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/brief.md',
      summary: 'The plenary brief of a period as a Markdown download (secretariat)',
      request: { query: periodQuery },
      responses: {
        200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } },
        ...errors(400),
        ...errors(401),
        ...errors(403),
      },
    }),
    async (c) => {
      requireSecretariat(c);
      const { from, to } = checkPeriod(c.req.valid('query'));
      const { markdown } = await plenaryBrief(c.var.deps, from, to);
      return c.body(markdown, 200, {
        'content-type': 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="plenary-brief-${from}-to-${to}.md"`,
      });
    },
  );
