import { englishRefusal, type RefusalKey, type RefusalValues } from './refusals.ts';

/** A field a refusal names (`path`, as zod names a field) and what to fix there, as a catalogue key. */
export type FieldRefusal = { path: string; refusal: RefusalKey; values?: RefusalValues; variant?: string };
type Data = Readonly<Record<string, unknown>>;
export const isFieldRefusal = (detail: FieldRefusal | Data): detail is FieldRefusal => typeof detail.path === 'string' && typeof detail.refusal === 'string';

/**
 * Domain errors: each names a situation and carries a stable `code`, a key of the refusals'
 * catalogue (`functions/core/refusals.ts`) with its values, and data. The API maps them to HTTP
 * statuses and writes the key in the request's language; `message` is the English, for logs.
 * `details` is data, or a list of it where the fields refused (`FieldRefusal`) are written in the language too.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    readonly refusal: RefusalKey,
    readonly values: RefusalValues = {},
    readonly details?: readonly (FieldRefusal | Data)[] | Data,
    options?: ErrorOptions,
  ) {
    super(englishRefusal(refusal, values), options);
    this.name = new.target.name;
  }
}

/** Thrown when something does not exist, or exists but must not be disclosed to the caller. */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** Thrown when a write conflicts with what is stored (a duplicate, a changed state). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** Thrown when input passed the schema but breaks a rule of the domain. */
export class RuleViolationError extends DomainError {
  readonly code = 'rule_violated';
}

/** Thrown when the caller is known but their role does not allow the action. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** Thrown when a member muted in a group tries to write there; `until` says when they can again. */
export class MutedError extends DomainError {
  readonly code = 'muted';
  constructor(
    refusal: RefusalKey,
    values: RefusalValues,
    readonly until: string,
  ) {
    super(refusal, values, { until });
  }
}

/** Thrown when a route needs a signed-in member and there is none (or the session ended). */
export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
}

/** Thrown when an upload or a body is larger than the hub accepts. */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}

/** Thrown when a caller asked too often; `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  constructor(
    refusal: RefusalKey,
    readonly retryAfterSeconds: number,
  ) {
    super(refusal, {}, { retryAfterSeconds });
  }
}

/** Thrown when a sign-in link or code is wrong, used, expired, or from another browser. */
export class SignInRefusedError extends DomainError {
  readonly code: 'sign_in_expired' | 'sign_in_other_browser' | 'sign_in_wrong_code' | 'sign_in_void';
  constructor(code: SignInRefusedError['code'], refusal: RefusalKey, values?: RefusalValues) {
    super(refusal, values);
    this.code = code;
  }
}

/** Thrown when input is well-formed but one field names something that is not there (an unknown group); maps to 400. */
export class InvalidFieldError extends DomainError {
  readonly code = 'validation_failed';
  constructor(path: string, refusal: RefusalKey, values?: RefusalValues) {
    super('request.invalid', {}, [{ path, refusal, ...(values ? { values } : {}) }]);
  }
}
