import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, ValidationError } from '@strata/domain';
import type { Logger } from '@strata/ports';
import type { Response } from 'express';

/** Mixpeek's ErrorResponse: `{success:false, status, error:{message, type, details}}`. */
export interface ErrorEnvelope {
  success: false;
  status: number;
  error: { message: string; type: string; details: Record<string, unknown> | null };
}

const DOMAIN_STATUS: Record<string, number> = {
  NotFoundError: 404,
  ValidationError: 422,
  BadRequestError: 400,
  ConflictError: 409,
  AlreadyExistsError: 409,
  InvalidTransitionError: 409,
  TransientError: 503,
  UnauthorizedError: 401,
  ForbiddenError: 403,
};

const HTTP_TYPES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  409: 'ConflictError',
  413: 'PayloadTooLargeError',
  415: 'UnsupportedMediaTypeError',
  422: 'ValidationError',
  429: 'TooManyRequestsError',
  503: 'ServiceUnavailableError',
};

export function envelope(status: number, type: string, message: string, details: Record<string, unknown> | null = null): ErrorEnvelope {
  return { success: false, status, error: { message, type, details } };
}

/** Maps anything thrown (domain errors, Nest HTTP errors, body parser and upload errors) to the envelope. */
export function toEnvelope(error: unknown, logger: Logger): ErrorEnvelope {
  if (error instanceof DomainError) {
    const status = DOMAIN_STATUS[error.type] ?? 400;
    const details = error instanceof ValidationError && error.issues.length > 0 ? { validation_errors: error.issues } : (error.details ?? null);
    return envelope(status, error.type, error.message, details);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message =
      typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    if (status >= 500) logger.error({ err: error.message, status }, 'http error');
    return envelope(status, HTTP_TYPES[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequestError'), message, typeof body === 'object' && status === 503 ? (body as Record<string, unknown>) : null);
  }
  const e = error as { type?: string; status?: number; code?: string; message?: string; field?: string } | null;
  // body-parser errors
  if (e?.type === 'entity.parse.failed') {
    return envelope(400, 'BadRequestError', `request body is not valid JSON: ${e.message ?? 'parse error'}`);
  }
  if (e?.type === 'entity.too.large') return envelope(413, 'PayloadTooLargeError', 'request body is too large');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return envelope(415, 'UnsupportedMediaTypeError', e.message ?? 'unsupported body encoding');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return envelope(e.status, HTTP_TYPES[e.status] ?? 'BadRequestError', e.message ?? 'bad request');
  }
  // multer errors
  if (e?.code === 'LIMIT_FILE_SIZE') return envelope(413, 'PayloadTooLargeError', `file '${e.field ?? ''}' is too large`);
  if (typeof e?.code === 'string' && e.code.startsWith('LIMIT_')) {
    return envelope(400, 'BadRequestError', `upload rejected: ${e.message ?? e.code}`);
  }
  logger.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'unhandled error');
  return envelope(HttpStatus.INTERNAL_SERVER_ERROR, 'InternalServerError', 'internal error; the server log has the details');
}

@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = toEnvelope(exception, this.logger);
    if (!res.headersSent) res.status(body.status).json(body);
  }
}
