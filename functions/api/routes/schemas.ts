import { z } from '@hono/zod-openapi';

/** A field a request got wrong: its path (e.g. `variants.0.translation`) and what is wrong with it. */
const fieldProblem = z.object({ path: z.string(), message: z.string(), variant: z.string().optional() });
/** The facts a domain error names, e.g. `{ field: 'agreedOn' }`, `{ until }`, `{ retryAfterSeconds }`. */
const facts = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]));

/** The one error envelope of the API (functions/api/errors.ts writes it). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ description: 'Stable, e.g. validation_failed, not_found, conflict, rule_violated, rate_limited' }),
      message: z.string(),
      details: z.union([z.array(fieldProblem), facts]).optional().openapi({ description: 'For invalid input, each field and its problem; otherwise the facts the error names' }),
    }),
  })
  .openapi('Error');

/** What each error status means across the API; a route may say more with `error(status, description)`. */
const meanings = {
  400: 'Invalid input; `details` lists each field',
  401: 'Not signed in',
  403: 'Signed in, but the role does not allow it',
  404: 'Not found (or not visible to this member)',
  409: 'Conflicts with the current state',
  413: 'Larger than the limit',
  415: 'A content type this route does not take',
  422: 'Well-formed, but breaks a rule; `details` names it',
  429: 'Asked too often; `Retry-After` says when to ask again',
} as const;
export type ErrorStatus = keyof typeof meanings;
type ErrorAnswer = { description: string; content: { 'application/json': { schema: typeof errorSchema } } };

/** One error answer with the envelope, described for this route: `...error(409, 'Already archived')`. */
export const error = <S extends ErrorStatus>(status: S, description: string = meanings[status]) =>
  ({ [status]: { description, content: { 'application/json': { schema: errorSchema } } } }) as { [K in S]: ErrorAnswer };

/**
 * The error answers a route can give besides the ones every route shares (functions/api/openapi.ts
 * adds 403 from the edge and origin checks, 413 for any body, 500): `responses: { 200: …, ...errors(400, 401, 404) }`.
 */
export function errors<S extends ErrorStatus>(...statuses: S[]): { [K in S]: ErrorAnswer } {
  return Object.assign({}, ...statuses.map((status) => error(status))) as { [K in S]: ErrorAnswer };
}

/** Kept for routes declared with it: the same answers as `errors(400, 401, 403, 404)`. */
export const errorResponses = errors(400, 401, 403, 404);

export const messageSchema = z.object({ message: z.string() }).openapi('Message');

/** The kind a stored record carries (`thread`, `group`…), present when the record was read back from the table. */
export const storedKind = (kind: string) => z.literal(kind).optional().openapi({ description: 'The kind of the stored record, present when read back' });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
