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
