/**
 * Typed errors from Strata's error envelope `{success: false, status, error: {message, type, details}}`
 * (Mixpeek's ErrorResponse). Every failed call throws a StrataApiError subclass chosen by status;
 * `type` keeps the server's stable id (NotFoundError, ValidationError, ...).
 */

/** Base of every error the SDK throws. */
export class StrataError extends Error {
  /** Whether repeating the same call later may succeed. */
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem of a 422 (`details.validation_errors`). */
export interface ValidationIssue {
  path?: string;
  message: string;
  [key: string]: unknown;
}

/** The server answered with an error status. */
export class StrataApiError extends StrataError {
  constructor(
    message: string,
    /** HTTP status. */
    readonly status: number,
    /** The envelope's stable error type, e.g. `NotFoundError`. */
    readonly type: string,
    /** The envelope's details (validation errors, ...), or null. */
    readonly details: Record<string, unknown> | null,
    /** The method and path of the failed request, for messages. */
    readonly request: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class BadRequestError extends StrataApiError {}
export class UnauthorizedError extends StrataApiError {}
export class ForbiddenError extends StrataApiError {}
export class NotFoundError extends StrataApiError {}
export class ConflictError extends StrataApiError {}
export class PayloadTooLargeError extends StrataApiError {}

export class ValidationError extends StrataApiError {
  /** Each problem the server found, with the path of the field to fix. */
  get issues(): ValidationIssue[] {
    const list = this.details?.['validation_errors'];
    return Array.isArray(list) ? (list as ValidationIssue[]) : [];
  }
}

/** 429: the caller should slow down; `retryAfterMs` is the server's Retry-After when it sent one. */
export class RateLimitedError extends StrataApiError {
  override readonly retryable = true;
  retryAfterMs: number | null = null;
}

/** 503: a dependency of the server is unavailable for now. */
export class ServiceUnavailableError extends StrataApiError {
  override readonly retryable = true;
  retryAfterMs: number | null = null;
}

/** 500 and other 5xx: a server fault (its log has the details). */
export class ServerError extends StrataApiError {}

/** The server could not be reached, or the connection broke. */
export class StrataConnectionError extends StrataError {
  override readonly retryable = true;
}

/** A wait (waitForBatch) ran out of time before the batch finished. */
export class StrataTimeoutError extends StrataError {}

type ApiErrorClass = new (...args: ConstructorParameters<typeof StrataApiError>) => StrataApiError;

const BY_STATUS: Record<number, ApiErrorClass> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: ValidationError,
  429: RateLimitedError,
  503: ServiceUnavailableError,
};

interface Envelope {
  error?: { message?: unknown; type?: unknown; details?: unknown };
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from now. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The typed error for a failed response. `body` is the parsed JSON body (the envelope), or the
 * text when the server (or a proxy in front of it) answered with something else.
 */
export function errorFromResponse(status: number, body: unknown, request: string, headers?: Headers): StrataApiError {
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as Envelope;
  const inner = envelope.error ?? {};
  const type = typeof inner.type === 'string' ? inner.type : `Http${status}`;
  const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 300) : `HTTP ${status}`;
  const message = typeof inner.message === 'string' ? inner.message : text;
  const details = typeof inner.details === 'object' && inner.details !== null ? (inner.details as Record<string, unknown>) : null;
  const Class = BY_STATUS[status] ?? (status >= 500 ? ServerError : StrataApiError);
  const error = new Class(message, status, type, details, request);
  if (error instanceof RateLimitedError || error instanceof ServiceUnavailableError) {
    error.retryAfterMs = retryAfterMs(headers?.get('retry-after') ?? null);
  }
  return error;
}
