import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { toCsv } from '../../core/exports/csv.ts';
import { visibilityRows } from '../../core/visibility/counts.ts';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { visibilityFor } from '../services/visibility.ts';
import { checkPeriod, periodQuery } from './reports.ts';
import { errors, json } from './schemas.ts';

/** A year and a day: the longest period one answer covers (a month partition read per month). */
const MAX_DAYS = 366;


const counts = z.record(z.string(), z.number());
const admin = { ...errors(400, 401, 403) };

/** How much the public site is read, from the edge's request logs: counts, never people. */
export const visibility = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/visibility',
      summary: "The public site's page views in a period, by page, language, country, referring site and day; beside them the updates sent (secretariat)",
      request: { query: periodQuery },
      responses: {
        200: json(
          z
            .object({
              from: z.string(),
              to: z.string(),
              total: z.number(),
              pages: z.array(z.object({ path: z.string(), views: z.number(), byLanguage: counts, byCountry: counts })),
              referrers: z.array(z.object({ domain: z.string(), views: z.number() })),
              days: z.array(z.object({ date: z.string(), views: z.number() })),
              languages: counts,
              countries: counts,
              updates: z.array(
                z.object({
                  id: z.string(),
                  title: z.string(),
                  sentAt: z.string().nullable(),
                  reached: z.number(),
                  relays: z.array(z.object({ network: z.string(), name: z.string(), relayContacts: z.number(), confirmed: z.number() })),
                }),
              ),
            })
            .openapi('Visibility'),
          'Page views (country "--" is unknown) and the updates sent in the period',
        ),
        ...admin,
      },
    }),
    async (c) => {
      requireSecretariat(c);
      const { from, to } = checkPeriod(c.req.valid('query'), MAX_DAYS);
      return c.json(await visibilityFor(c.var.deps, from, to), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/visibility.csv',
      summary: "The period's page views as CSV: section, name, detail, views (secretariat)",
      request: { query: periodQuery },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...admin },
    }),
    async (c) => {
      requireSecretariat(c);
      const { from, to } = checkPeriod(c.req.valid('query'), MAX_DAYS);
      const { updates: _updates, ...report } = await visibilityFor(c.var.deps, from, to);
      const csv = toCsv([['section', 'name', 'detail', 'views'], ...visibilityRows(report).map((row) => row.map(String))]);
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="visibility-${from}-to-${to}.csv"`, 'cache-control': 'no-store' });
    },
  );
