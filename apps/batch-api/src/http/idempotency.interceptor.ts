import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { BusNames } from '@strata/contracts';
import { BadRequestError, ConflictError } from '@strata/domain';
import { TOKENS } from '@strata/platform';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { Observable, from, map, of, switchMap, tap } from 'rxjs';
import { currentPrincipal } from './auth.guard';

/** How long a key remembers its response. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

interface Stored {
  state: 'pending' | 'done';
  fingerprint: string;
  status?: number;
  body?: unknown;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its successful response is
 * kept for 24 h (Redis); a repeat with the same key and the same request gets that response again
 * (header `Idempotent-Replayed: true`) without running twice. The same key with a different
 * request, or while the first is still running, is a 409. A failed request releases its key so it
 * can be retried. Keys are per API key (or per installation without authentication).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKENS.redis) private readonly redis: Redis,
    @Inject(TOKENS.busNames) private readonly names: BusNames,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next.handle();
    if (!KEY_FORMAT.test(key)) throw new BadRequestError('Idempotency-Key must be 1-255 printable ASCII characters without spaces');
    const scope = currentPrincipal().keyId ?? 'open';
    const redisKey = `${this.names.redisPrefix}idempotency:${scope}:${sha256(key)}`;
    const fingerprint = sha256(JSON.stringify([req.method, req.path, req.header('x-namespace') ?? null, req.body ?? null]));
    const status = (this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201) as number;
    return from(this.redis.set(redisKey, JSON.stringify({ state: 'pending', fingerprint } satisfies Stored), 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX')).pipe(
      switchMap((claimed) => {
        if (claimed === 'OK') {
          return next.handle().pipe(
            // Store before answering, so a repeat that arrives right after sees the response.
            switchMap((body) => {
              const done: Stored = { state: 'done', fingerprint, status, body };
              return from(this.redis.set(redisKey, JSON.stringify(done), 'EX', IDEMPOTENCY_TTL_SECONDS)).pipe(map(() => body));
            }),
            tap({
              error: () => {
                void this.redis.del(redisKey).catch(() => undefined);
              },
            }),
          );
        }
        return from(this.redis.get(redisKey)).pipe(
          switchMap((raw) => {
            const stored = raw === null ? null : (JSON.parse(raw) as Stored);
            if (stored === null) throw new ConflictError('this Idempotency-Key was released a moment ago; send the request again');
            if (stored.fingerprint !== fingerprint) {
              throw new ConflictError('this Idempotency-Key was already used with a different request; use a new key');
            }
            if (stored.state === 'pending') {
              throw new ConflictError('a request with this Idempotency-Key is still being processed; retry shortly');
            }
            res.status(stored.status ?? status);
            res.setHeader('idempotent-replayed', 'true');
            return of(stored.body);
          }),
        );
      }),
    );
  }
}
