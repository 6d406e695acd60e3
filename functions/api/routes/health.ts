import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';

const partStatus = z.enum(['ok', 'down']);
const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    dynamodb: partStatus,
    ses: partStatus,
    problems: z.array(z.string()).optional(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Whether DynamoDB and SES answer',
  responses: {
    200: { description: 'Every part answers', content: { 'application/json': { schema: healthSchema } } },
    503: { description: 'A part is down; `problems` names it', content: { 'application/json': { schema: healthSchema } } },
  },
});

export const health = new OpenAPIHono<Env>().openapi(route, async (c) => {
  const { probes } = c.var.deps;
  const parts = ['dynamodb', 'ses'] as const;
  const results = await Promise.allSettled(parts.map((part) => probes[part]()));
  const problems = results.flatMap((result, i) =>
    result.status === 'rejected' ? [`${parts[i]}: ${(result.reason as Error).message ?? result.reason}`] : [],
  );
  const state = (i: number) => (results[i]?.status === 'fulfilled' ? ('ok' as const) : ('down' as const));
  const body = { dynamodb: state(0), ses: state(1) };
  if (problems.length === 0) return c.json({ status: 'ok' as const, ...body }, 200);
  return c.json({ status: 'degraded' as const, ...body, problems }, 503);
});
