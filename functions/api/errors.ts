import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  MutedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  RuleViolationError,
  SignInRefusedError,
  UnauthenticatedError,
} from '../core/errors.ts';
import type { Env } from './env.ts';
import { describeError, logLine, scrub } from '../core/privacy/log-line.ts';

/** The one error envelope of the API: `{ error: { code, message, details? } }`. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function validationDetails(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

export function validationFailed(c: Context, error: ZodError) {
  return c.json(
    errorBody('validation_failed', 'The request is not valid: see details for each field.', validationDetails(error)),
    400,
  );
}

const domainStatus = new Map<abstract new (...args: never[]) => DomainError, ContentfulStatusCode>([
  [NotFoundError, 404],
  [ConflictError, 409],
  [RuleViolationError, 422],
  [ForbiddenError, 403],
  [MutedError, 403],
  [UnauthenticatedError, 401],
  [RateLimitedError, 429],
  [PayloadTooLargeError, 413],
  [SignInRefusedError, 400],
]);

/** `api` mounted under `/api`, with the root's answers for an unknown route and for an error. */
export function rootOf(api: Hono<Env>) {
  const app = new Hono<Env>().route('/api', api);
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError(onError);
  return app;
}

/** The single onError of the root app: known errors keep their meaning, anything else is a logged 500. */
export function onError(error: Error, c: Context) {
  if (error instanceof HTTPException) {
    if (error.res) return error.res;
    return c.json(errorBody(codeForStatus(error.status), error.message), error.status);
  }
  if (error instanceof ZodError) return validationFailed(c, error);
  if (error instanceof DomainError) {
    const status = domainStatus.get(error.constructor as typeof NotFoundError) ?? 400;
    if (error instanceof RateLimitedError) c.header('Retry-After', String(error.retryAfterSeconds));
    return c.json(errorBody(error.code, error.message, error.details), status);
  }
  const requestId = crypto.randomUUID();
  // The path may hold an address or a token, and the error text may quote one: both are scrubbed.
  logLine('error', 'request failed', { requestId, method: c.req.method, path: scrub(c.req.path), ...describeError(error, { stack: true }) });
  return c.json(errorBody('internal', `Something went wrong on our side (request ${requestId}).`), 500);
}

export function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  };
  return codes[status] ?? 'error';
}
