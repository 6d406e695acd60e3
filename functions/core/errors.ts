/**
 * Domain errors: each names a situation, carries a stable `code` and data, never translated
 * text. The API maps them to HTTP statuses; the site turns codes into words.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
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
    message: string,
    readonly until: string,
  ) {
    super(message, { until });
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
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}

/** Thrown when a sign-in link or code is wrong, used, expired, or from another browser. */
export class SignInRefusedError extends DomainError {
  readonly code: 'sign_in_expired' | 'sign_in_other_browser' | 'sign_in_wrong_code' | 'sign_in_void';
  constructor(code: SignInRefusedError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** Thrown when input is well-formed but one field names something that is not there (an unknown group); maps to 400. */
export class InvalidFieldError extends DomainError {
  readonly code = 'validation_failed';
  constructor(path: string, message: string) {
    super('The request is not valid: see details for each field.', [{ path, message }]);
  }
}
