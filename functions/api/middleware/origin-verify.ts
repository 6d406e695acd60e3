import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { answers } from './answers.ts';
import type { Env } from '../env.ts';

export const ORIGIN_VERIFY_HEADER = 'x-hub-origin-verify';

/**
 * Only CloudFront may call the API: the API's own domain is public (CloudFront needs a name to reach
 * it), and a request sent there directly could forge `CloudFront-Viewer-Address`, the header every
 * per-client limit trusts. CloudFront adds a secret header the stack generated; a request without it
 * is refused before anything else runs. Locally (no ORIGIN_VERIFY) there is no edge, and no check.
 */
export function originVerify(): MiddlewareHandler<Env> {
  return async function originVerify(c, next) {
    const expected = c.var.deps.config.ORIGIN_VERIFY;
    if (expected && !(await timingSafeEqual(c.req.header(ORIGIN_VERIFY_HEADER) ?? '', expected))) {
      return c.json((await answers()).refusalBody(c, 'forbidden', 'request.hubAddressOnly'), 403);
    }
    await next();
  };
}

