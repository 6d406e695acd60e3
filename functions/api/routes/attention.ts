import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';
import { requireSecretariat } from '../middleware/session.ts';
import { attentionCounts } from '../services/attention.ts';
import { errorResponses, json } from './schemas.ts';

const count = z.number().int().nonnegative();
const attentionSchema = z
  .object({
    reports: count.openapi({ description: 'Developments reports in the review queue' }),
    pausedSends: count.openapi({ description: 'Updates whose send the brake paused, waiting for the secretariat to resume or cancel' }),
    scheduledUpdates: count.openapi({ description: 'Updates scheduled to go out' }),
  })
  .openapi('Attention');

/** The console's navigation: what needs the secretariat's attention, as counts. */
export const attention = new OpenAPIHono<Env>().openapi(
  createRoute({
    method: 'get',
    path: '/admin/attention',
    summary: "What waits for the secretariat, as counts for the console's navigation (secretariat)",
    responses: { 200: json(attentionSchema, 'The counts'), 401: errorResponses[401], 403: errorResponses[403] },
  }),
  async (c) => {
    requireSecretariat(c);
    return c.json(await attentionCounts(c.var.deps), 200);
  },
);
