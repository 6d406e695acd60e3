import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describeError, logLine } from '../../core/privacy/log-line.ts';
import type { Env } from '../env.ts';

const partStatus = z.enum(['ok', 'down']);
const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    dynamodb: partStatus,
    ses: partStatus,
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Whether DynamoDB and SES answer',
  description: 'Anyone may ask, so the answer is only "ok" or "down" per engine; what went wrong goes to the log.',
  responses: {
    200: { description: 'Every part answers', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'A part is down', content: { 'application/json': { schema: healthSchema } } },
  },
});

export const health = new OpenAPIHono<Env>().openapi(route, async (c) => {
  const { probes } = c.var.deps;
  const parts = ['dynamodb', 'ses'] as const;
  const results = await Promise.allSettled(parts.map((part) => probes[part]()));
  const state = (i: number) => (results[i]?.status === 'fulfilled' ? ('ok' as const) : ('down' as const));
  const body = { dynamodb: state(0), ses: state(1) };
  if (results.every((r) => r.status === 'fulfilled')) return c.json({ status: 'ok' as const, ...body }, 200);
  // The error text names tables, endpoints and accounts: useful to the operator, of use to a
  // stranger probing the hub. So it goes to the log, in one line, and the answer says only up or down.
  const problems = Object.fromEntries(
    results.flatMap((result, i) => (result.status === 'rejected' ? [[parts[i]!, describeError(result.reason).error]] : [])),
  );
  logLine('error', 'health check failed', { problems });
  return c.json({ status: 'degraded' as const, ...body }, 503);
});
