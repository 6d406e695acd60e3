import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from './env.ts';
import { SESSION_COOKIE } from './middleware/session.ts';

type Document = ReturnType<OpenAPIHono<Env>['getOpenAPI31Document']>;
type Operation = { responses?: Record<string, unknown>; security?: Record<string, string[]>[] };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const UNSAFE = new Set<string>(['put', 'post', 'delete', 'patch']);
const envelope = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/**
 * The answers the app's middleware and root give on every route, whatever the route declares:
 * the edge check (and, for a change, the origin check) may refuse, any body may be too large, and
 * anything unforeseen is a 500. They are added here, once, so a route declares only its own.
 */
const sharedAnswers = (method: string) => ({
  403: {
    description: UNSAFE.has(method)
      ? 'Refused: the request did not come through the hub’s own address, or came from another site'
      : 'Refused: the request did not come through the hub’s own address',
    content: envelope,
  },
  ...(UNSAFE.has(method) ? { 413: { description: 'The body is larger than the limit for this route', content: envelope } } : {}),
  500: { description: 'Something went wrong on our side; the message names the request', content: envelope },
});

/**
 * The OpenAPI document of the API as served: the routes' own declarations, the shared answers, and
 * the session cookie as the security of every operation that can answer 401 (the others are open,
 * or take their credential, a token or a feed key, in the path or body).
 */
export function apiDocument(api: OpenAPIHono<Env>): Document {
  const document = api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Partnership Hub API', version: '1', description: 'Every error answer is `{ error: { code, message, details? } }`.' },
    servers: [{ url: '/api' }],
  });
  document.components = {
    ...document.components,
    securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie set by POST /auth/verify (`__Host-` prefixed over HTTPS)' } },
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const own = operation.responses ?? {};
      const shared = sharedAnswers(method);
      // A route's own description of a shared status wins (e.g. its 403 says which role it needs).
      operation.responses = { ...own, ...Object.fromEntries(Object.entries(shared).filter(([status]) => !(status in own))) };
      operation.security = '401' in own ? [{ session: [] }] : [];
    }
  }
  return document;
}
