import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { outreachFor } from '../services/outreach.ts';
import { checkPeriod, periodQuery } from './reports.ts';
import { errors, json } from './schemas.ts';

const rowSchema = z.object({ key: z.string(), label: z.string(), events: z.number(), updates: z.number().nullable(), reached: z.boolean() });

/** Where the partnership's outreach reached in a period, and where it did not. */
export const outreach = new OpenAPIHono<Env>().openapi(
  createRoute({
    method: 'get',
    path: '/admin/outreach',
    summary: 'Audiences, countries and networks reached by events and updates in a period (secretariat)',
    request: { query: periodQuery },
    responses: {
      200: json(
        z
          .object({
            from: z.string(),
            to: z.string(),
            audiences: z.array(rowSchema),
            countries: z.array(rowSchema),
            networks: z.array(rowSchema),
            pending: z.array(z.string()),
            calls: z.object({
              sent: z.number(),
              emails: z.number(),
              answers: z.number(),
              interested: z.number(),
              byType: z.record(z.string(), z.number()),
              byCountry: z.record(z.string(), z.number()),
              topicsWithoutExpert: z.array(z.string()),
            }),
          })
          .openapi('Outreach'),
        'Rows reached and not reached; `pending` names sources not counted yet',
      ),
      ...errors(400),
      ...errors(401),
      ...errors(403),
    },
  }),
  async (c) => {
    requireSecretariat(c);
    const { from, to } = checkPeriod(c.req.valid('query'));
    return c.json(await outreachFor(c.var.deps, from, to), 200);
  },
);
