import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  isFieldRefusal,
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
import { fieldMessage, refusalLanguage, refusalWords, type RefusalKey, type RefusalValues } from '../core/refusals.ts';

/** The one error envelope of the API: `{ error: { code, message, details? } }`. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** The language of this request's refusals: the best its `Accept-Language` asks for that the hub speaks. */
export const languageOf = (c: Context) => refusalLanguage(c.req.header('Accept-Language'));

/** The refusals' words in this request's language, for an answer that says why something stopped (a job's failure). */
export const wordsOf = (c: Context) => refusalWords(languageOf(c));

/** The envelope of a refusal a route or middleware answers itself, in the request's language. */
export const refusalBody = (c: Context, code: string, refusal: RefusalKey, values?: RefusalValues) => ({ error: { code, message: wordsOf(c)(refusal, values) } });

/** The value at a field's path in the input, for zod's message of its type. */
const valueAt = (input: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);

/**
 * A failed parse as the envelope says it, in the request's language: one field error per issue.
 * `input`, the value parsed when the caller has it, lets zod's messages name the type refused.
 */
export function validationFailed(c: Context, error: ZodError, input?: unknown) {
  const language = languageOf(c);
  const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: fieldMessage(language, issue, valueAt(input, issue.path)) }));
  return c.json(errorBody('validation_failed', refusalWords(language)('request.invalid'), details), 400);
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
  app.notFound(notFound);
  app.onError(onError);
  return app;
}

/** The root's answer for a path no route serves. */
export const notFound = (c: Context) => c.json(refusalBody(c, 'not_found', 'request.noRoute', { method: c.req.method, path: c.req.path }), 404);

/** The single onError of the root app: known errors keep their meaning, anything else is a logged 500. */
export function onError(error: Error, c: Context) {
  if (error instanceof HTTPException) {
    if (error.res) return error.res;
    // Hono's own refusals (a body that is not JSON) are told in the request's language, not Hono's words.
    return c.json(refusalBody(c, codeForStatus(error.status), error.status === 400 ? 'request.malformed' : 'request.refused'), error.status);
  }
  if (error instanceof ZodError) return validationFailed(c, error);
  if (error instanceof DomainError) {
    const status = domainStatus.get(error.constructor as typeof NotFoundError) ?? 400;
    if (error instanceof RateLimitedError) c.header('Retry-After', String(error.retryAfterSeconds));
    const say = refusalWords(languageOf(c));
    const details = Array.isArray(error.details)
      ? error.details.map((detail) => {
          if (!isFieldRefusal(detail)) return detail;
          const { refusal, values, ...field } = detail;
          return { ...field, message: say(refusal, values) };
        })
      : error.details;
    return c.json(errorBody(error.code, say(error.refusal, error.values), details), status);
  }
  const requestId = crypto.randomUUID();
  // The path may hold an address or a token, and the error text may quote one: both are scrubbed.
  logLine('error', 'request failed', { requestId, method: c.req.method, path: scrub(c.req.path), ...describeError(error, { stack: true }) });
  return c.json(errorBody('internal', refusalWords(languageOf(c))('internal', { requestId })), 500);
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
