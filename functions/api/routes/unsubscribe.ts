import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from '../env.ts';
import { unsubscribe as unsubscribeByToken } from '../services/subscriptions.ts';
import { errors, json, jsonBody, messageSchema } from './schemas.ts';

const tokenSchema = z.string().min(20).max(200);
const unsubscribed = 'You are unsubscribed: you will not receive the Partnership’s updates any more.';

/**
 * Unsubscribing by the token of an update email. The token is the credential: no cookie is read.
 * There is deliberately no GET: mail scanners open links.
 */
export const unsubscribe = new OpenAPIHono<Env>()
  .openapi(
    createRoute({
      method: 'post',
      path: '/unsubscribe/{token}',
      summary: 'RFC 8058 one-click target, named in the List-Unsubscribe header',
      description:
        'Mail providers POST this URL themselves with a fixed body (`List-Unsubscribe=One-Click`), so the token can only be in the path; ' +
        'the origin check exempts it. Nothing else links here: the unsubscribe page posts the token in the body to `POST /unsubscribe`.',
      request: { params: z.object({ token: tokenSchema }) },
      responses: { 200: json(messageSchema, 'Unsubscribed'), ...errors(400, 404) },
    }),
    async (c) => {
      await unsubscribeByToken(c.var.deps, c.req.valid('param').token);
      return c.json({ message: unsubscribed }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/unsubscribe',
      summary: "The unsubscribe page's button (token from the page's URL fragment, in the body)",
      request: jsonBody(z.object({ token: tokenSchema })),
      responses: { 200: json(messageSchema, 'Unsubscribed'), ...errors(400, 404) },
    }),
    async (c) => {
      await unsubscribeByToken(c.var.deps, c.req.valid('json').token);
      return c.json({ message: unsubscribed }, 200);
    },
  );
