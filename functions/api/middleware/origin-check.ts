import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env.ts';
import { answers } from './answers.ts';

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF: an unsafe request from a browser must come from our own origin. Hono's csrf() checks only
 * form-encoded bodies and compares with the host the function sees (API Gateway's, on AWS), so
 * this compares `Origin` (or `Sec-Fetch-Site`) with the configured public origin for every body
 * type. RFC 8058 one-click unsubscribes come from mail providers, carry a token as credential and
 * read no cookie, so that path is exempt.
 */
export function originCheck(exempt: (path: string) => boolean): MiddlewareHandler<Env> {
  return async function originCheck(c, next) {
    if (unsafe.has(c.req.method) && !exempt(c.req.path)) {
      const expected = new URL(c.var.deps.config.BASE_URL).origin;
      const origin = c.req.header('origin');
      const fetchSite = c.req.header('sec-fetch-site');
      if ((origin && origin !== expected) || (!origin && fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none')) {
        return c.json((await answers()).refusalBody(c, 'forbidden', 'request.otherOrigin', { origin: expected }), 403);
      }
    }
    await next();
  };
}
