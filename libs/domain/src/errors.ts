/**
 * Error categories, as in Mixpeek's ErrorCategory. They are part of the public API
 * (`error_type` of failed items) and of the retry policy.
 */
export const ERROR_CATEGORIES = ['dependency', 'authentication', 'validation', 'runtime', 'network', 'resource'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** Categories whose failures are worth retrying as they are (transient). */
export const TRANSIENT_CATEGORIES: ReadonlySet<ErrorCategory> = new Set(['network', 'resource', 'dependency']);

/** Base of every error the domain throws. `type` is a stable machine id; the app layer maps it. */
export abstract class DomainError extends Error {
  abstract readonly type: string;
  /** True when the same operation may succeed if tried again unchanged. */
  readonly retryable: boolean = false;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options?.details;
  }
}

/** A named resource does not exist (in this namespace). */
export class NotFoundError extends DomainError {
  readonly type = 'NotFoundError';
  constructor(resource: string, id: string) {
    super(`${resource} '${id}' was not found`, { details: { resource, id } });
  }
}

/** The request is well-formed but asks for something the current state does not allow. */
export class ConflictError extends DomainError {
  readonly type = 'ConflictError';
}

/** A resource with the same unique name or key already exists. */
export class AlreadyExistsError extends DomainError {
  readonly type = 'AlreadyExistsError';
}

/** Input that cannot be processed as given; the message says what to fix. */
export class ValidationError extends DomainError {
  readonly type = 'ValidationError';
  constructor(
    message: string,
    readonly issues: ReadonlyArray<{ location: string; message: string; type: string }> = [],
  ) {
    super(message, { details: issues.length > 0 ? { validation_errors: issues } : undefined });
  }
}

/** A request that is syntactically valid but semantically wrong (e.g. a missing header). */
export class BadRequestError extends DomainError {
  readonly type = 'BadRequestError';
}

/** A batch status change that the state machine does not allow. */
export class InvalidTransitionError extends DomainError {
  readonly type = 'InvalidTransitionError';
}

/** A dependency (store, bus) failed in a way that may pass on retry. */
export class TransientError extends DomainError {
  readonly type = 'TransientError';
  override readonly retryable = true;
}

/** An item failed while being extracted; carries the category and stage shown to users. */
export class ExtractionError extends DomainError {
  readonly type = 'FeatureExtractionError';
  override readonly retryable: boolean;
  constructor(
    message: string,
    readonly category: ErrorCategory,
    readonly stage: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options);
    this.retryable = options?.retryable ?? TRANSIENT_CATEGORIES.has(category);
  }
}

/** Best-effort classification of an unknown thrown value into an error category. */
export function categorize(error: unknown): ErrorCategory {
  if (error instanceof ExtractionError) return error.category;
  if (error instanceof ValidationError) return 'validation';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(code)) return 'network';
    if (/^(ENOMEM|ENOSPC|EMFILE|SQLITE_BUSY|SQLITE_FULL)$/.test(code)) return 'resource';
    if (code === 'ENOENT') return 'dependency';
  }
  return 'runtime';
}

/** No valid credentials were presented. */
export class UnauthorizedError extends DomainError {
  readonly type = 'UnauthorizedError';
}

/** The credentials are valid but do not allow this operation. */
export class ForbiddenError extends DomainError {
  readonly type = 'ForbiddenError';
}
