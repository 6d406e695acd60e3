import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';
import { unsubscribe as unsubscribeByToken } from '../services/subscriptions.ts';
import { errorResponses, json, messageSchema } from './schemas.ts';

/**
 * RFC 8058 one-click target, and the unsubscribe page's button. The token is the credential: no
 * cookie is read and the origin check exempts this path, since mail providers POST it themselves
 * (form-encoded `List-Unsubscribe=One-Click`, or nothing). There is deliberately no GET.
 */
export const unsubscribe = new OpenAPIHono<Env>().openapi(
  createRoute({
    method: 'post',
    path: '/unsubscribe/{token}',
    summary: 'Unsubscribe (RFC 8058 one-click; also the unsubscribe page button)',
    request: { params: z.object({ token: z.string().min(20).max(200) }) },
    responses: { 200: json(messageSchema, 'Unsubscribed'), 400: errorResponses[400], 404: errorResponses[404] },
  }),
  async (c) => {
    await unsubscribeByToken(c.var.deps, c.req.valid('param').token);
    return c.json({ message: 'You are unsubscribed: you will not receive the Partnership’s updates any more.' }, 200);
  },
);
