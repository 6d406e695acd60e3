import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { RefusalKey } from '../../core/refusals.ts';
import { answers } from './answers.ts';

/** What the API accepts from a JSON body unless a route says otherwise: every form of the hub fits. */
export const DEFAULT_BODY_BYTES = 64 * 1024;

export interface BodyCap {
  method: string;
  /** Matched against the whole path, `/api/…`. */
  path: RegExp;
  maxBytes: number;
  /** Why this route takes more (or less) than the default; also the error message's wording. */
  what: RefusalKey;
  /**
   * The route streams its body to storage with this cap itself; here only a declared
   * Content-Length is checked, so the body is not buffered in memory first.
   */
  streamed?: boolean;
}

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`);

async function tooLarge(c: Context, maxBytes: number, what: RefusalKey) {
  const { errorBody, wordsOf } = await answers();
  const say = wordsOf(c);
  return c.json(errorBody('payload_too_large', say('request.tooLarge', { size: size(maxBytes), what: say(what) })), 413);
}

/**
 * A size limit on every request body, checked before anything parses it: a declared Content-Length
 * is refused at once, and a chunked body is counted as it is read and refused past the limit (Hono's
 * bodyLimit), so nobody makes the function hold a body of any size in memory.
 */
export function bodyLimits(caps: readonly BodyCap[], defaultBytes = DEFAULT_BODY_BYTES): MiddlewareHandler {
  const limiters = new Map(caps.map((cap) => [cap, bodyLimit({ maxSize: cap.maxBytes, onError: (c) => tooLarge(c, cap.maxBytes, cap.what) })]));
  const fallback = bodyLimit({ maxSize: defaultBytes, onError: (c) => tooLarge(c, defaultBytes, 'what.request') });
  return async function limitBody(c, next) {
    const cap = caps.find((candidate) => candidate.method === c.req.method && candidate.path.test(c.req.path));
    if (cap?.streamed) {
      const declared = Number(c.req.header('content-length'));
      if (Number.isFinite(declared) && declared > cap.maxBytes) return tooLarge(c, cap.maxBytes, cap.what);
      return next();
    }
    return (cap ? limiters.get(cap)! : fallback)(c, next);
  };
}
