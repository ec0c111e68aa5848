import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@strata/ports';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** Request-scoped context (correlation id) carried through async calls. */
export interface RequestContext {
  correlationId: string;
  /** Set by the app's auth guard; opaque to this library. */
  principal?: unknown;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Log fields that may carry credentials, at the top level and one level down (e.g. `headers.authorization`). */
export const REDACT_PATHS = ['authorization', 'password', 'secret', 'api_key', 'apiKey', 'token'].flatMap((k) => [k, `*.${k}`]);

/** Structured JSON logs: one line per event, with the service name and the correlation id. */
export function createLogger(service: string, level: string): Logger & pino.Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A safety net under the access log's own rules: credentials logged by mistake are masked.
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const ctx = requestContext.getStore();
      return ctx === undefined ? {} : { correlation_id: ctx.correlationId };
    },
  });
}

/** Routes Nest's own log lines into the same JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
}
