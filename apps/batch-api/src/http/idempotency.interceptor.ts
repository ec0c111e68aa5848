import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, RequestMethod, SetMetadata, Type, UseInterceptors, applyDecorators } from '@nestjs/common';
import { HTTP_CODE_METADATA, INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import type { BusNames } from '@strata/contracts';
import { BadRequestError, ConflictError } from '@strata/domain';
import { TOKENS } from '@strata/platform';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { Observable, finalize, from, map, of, switchMap, tap } from 'rxjs';
import type { BatchApiConfig } from '../config';
import { BATCH_API_CONFIG } from '../ingestion.provider';
import { currentPrincipal } from './auth.guard';

/** How long a key remembers its response. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const AFTER_PARTS = 'strata:idempotency-after-parts';

/** Extends a pending key's lease only while it still holds this request's claim. */
const RENEW_LEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

interface Stored {
  state: 'pending' | 'done';
  fingerprint: string;
  /** Tells this request's claim from a later one's, so a lease is renewed only by its holder. */
  claim?: string;
  status?: number;
  body?: unknown;
  /** sha256 of a streamed request body (the bulk route), which the fingerprint cannot hold: a repeat's body is hashed and compared. */
  streamedBodyHash?: string;
}

/**
 * Where a route that reads its body as a stream leaves that body's sha256 once it has read it
 * (see {@link hashStreamedBody}), for the Idempotency-Key check of a repeat.
 */
const STREAMED_BODY_HASH = Symbol('strata.streamedBodyHash');
type WithStreamedHash = Request & { [STREAMED_BODY_HASH]?: string };

/**
 * Passes a request's body through while hashing it; when it ends, the hash is kept on the request
 * so the Idempotency-Key interceptor stores it with the answer.
 */
export async function* hashStreamedBody(req: Request): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    yield bytes;
  }
  (req as WithStreamedHash)[STREAMED_BODY_HASH] = hash.digest('hex');
}

/** The sha256 of a streamed body the handler did not read (a repeat that is answered from the store). */
async function hashUnreadBody(req: Request): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of req as AsyncIterable<Buffer | string>) hash.update(chunk);
  return hash.digest('hex');
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function uploadedFiles(req: Request): Express.Multer.File[] {
  const files = req.files;
  if (files === undefined) return [];
  return Array.isArray(files) ? files : Object.values(files).flat();
}

/**
 * What makes two requests "the same": method, path with query, namespace, body fields and, for
 * multipart, every file part (field name, file name, type, size and a hash of the bytes), so a
 * different upload under the same key is told apart.
 */
function fingerprintOf(req: Request): string {
  const parts = uploadedFiles(req).map((f) => [f.fieldname, f.originalname, f.mimetype, f.size, sha256(f.buffer)]);
  return sha256(JSON.stringify([req.method, req.originalUrl, req.header('x-namespace') ?? null, req.body ?? null, parts]));
}

function isMultipart(req: Request): boolean {
  return typeof req.is('multipart/form-data') === 'string';
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its successful response is
 * kept for 24 h (Redis); a repeat with the same key and the same request gets that response again
 * (header `Idempotent-Replayed: true`) without running twice. The same key with a different
 * request, or while the first is still running, is a 409. Keys are per API key (or per
 * installation without authentication).
 *
 * A running request holds its key for a short lease (`IDEMPOTENCY_LEASE_MS`), renewed while it
 * runs; a failed request releases the key at once, and one whose process died loses it when the
 * lease runs out, so the retry runs instead of meeting "still being processed" for a day.
 *
 * It is put on every POST route of the API ({@link idempotentPostRoutes}), not registered
 * globally: a global interceptor makes every request (GET batch included) pass through Nest's
 * interceptor chain (two AsyncResource binds and rxjs plumbing per request). Multipart routes
 * declare {@link MultipartBody}: their parts are parsed by a route interceptor, after this one,
 * so the check runs there, on the parsed fields and files.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** True for the instance running after the multipart parser of a {@link MultipartBody} route. */
  protected readonly afterParts: boolean = false;

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKENS.redis) private readonly redis: Redis,
    @Inject(TOKENS.busNames) private readonly names: BusNames,
    @Inject(BATCH_API_CONFIG) private readonly config: BatchApiConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next.handle();
    const partsRoute = this.reflector.get<boolean | undefined>(AFTER_PARTS, context.getHandler()) === true;
    // Exactly one instance handles a request: the route one for multipart bodies, the global one otherwise.
    if (partsRoute && isMultipart(req) !== this.afterParts) return next.handle();
    if (!KEY_FORMAT.test(key)) throw new BadRequestError('Idempotency-Key must be 1-255 printable ASCII characters without spaces');
    const scope = currentPrincipal().keyId ?? 'open';
    const redisKey = `${this.names.redisPrefix}idempotency:${scope}:${sha256(key)}`;
    const fingerprint = fingerprintOf(req);
    const status = (this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201) as number;
    const leaseMs = this.config.IDEMPOTENCY_LEASE_MS;
    const pending = JSON.stringify({ state: 'pending', fingerprint, claim: randomUUID() } satisfies Stored);
    return from(this.redis.set(redisKey, pending, 'PX', leaseMs, 'NX')).pipe(
      switchMap((claimed) => {
        if (claimed === 'OK') {
          const renew = setInterval(() => {
            void this.redis.eval(RENEW_LEASE, 1, redisKey, pending, String(leaseMs)).catch(() => undefined);
          }, Math.max(Math.floor(leaseMs / 3), 50));
          return next.handle().pipe(
            // Store before answering, so a repeat that arrives right after sees the response.
            switchMap((body) => {
              clearInterval(renew);
              const streamedBodyHash = (req as WithStreamedHash)[STREAMED_BODY_HASH];
              const done: Stored = { state: 'done', fingerprint, status, body, ...(streamedBodyHash === undefined ? {} : { streamedBodyHash }) };
              return from(this.redis.set(redisKey, JSON.stringify(done), 'EX', IDEMPOTENCY_TTL_SECONDS)).pipe(map(() => body));
            }),
            tap({
              error: () => {
                void this.redis.del(redisKey).catch(() => undefined);
              },
            }),
            finalize(() => clearInterval(renew)),
          );
        }
        return from(this.redis.multi().get(redisKey).pttl(redisKey).exec()).pipe(
          switchMap((replies) => {
            const raw = (replies?.[0]?.[1] ?? null) as string | null;
            const stored = raw === null ? null : (JSON.parse(raw) as Stored);
            if (stored === null) throw new ConflictError('this Idempotency-Key was released a moment ago; send the request again');
            if (stored.fingerprint !== fingerprint) {
              throw new ConflictError('this Idempotency-Key was already used with a different request; use a new key');
            }
            if (stored.state === 'pending') {
              const ttl = Number(replies?.[1]?.[1] ?? leaseMs);
              res.setHeader('retry-after', String(Math.max(1, Math.ceil(ttl / 1000))));
              throw new ConflictError('a request with this Idempotency-Key is still being processed; retry shortly');
            }
            const replay = () => {
              res.status(stored.status ?? status);
              res.setHeader('idempotent-replayed', 'true');
              return stored.body;
            };
            if (stored.streamedBodyHash === undefined) return of(replay());
            return from(hashUnreadBody(req)).pipe(
              map((hash) => {
                if (hash !== stored.streamedBodyHash) throw new ConflictError('this Idempotency-Key was already used with a different request; use a new key');
                return replay();
              }),
            );
          }),
        );
      }),
    );
  }
}

/** The {@link IdempotencyInterceptor} instance that runs after a route's multipart parser. */
@Injectable()
export class MultipartIdempotencyInterceptor extends IdempotencyInterceptor {
  protected override readonly afterParts = true;
}

/**
 * A route accepting multipart bodies (any file parts): parses them, then applies Idempotency-Key
 * to the parsed fields and files.
 */
export function MultipartBody(): MethodDecorator {
  return applyDecorators(SetMetadata(AFTER_PARTS, true), UseInterceptors(AnyFilesInterceptor(), MultipartIdempotencyInterceptor));
}

/**
 * Puts {@link IdempotencyInterceptor} first on every POST handler of `controllers` (before the
 * route's own interceptors, where the global one ran). Called before Nest scans the modules.
 */
export function idempotentPostRoutes(controllers: ReadonlyArray<Type<unknown>>): void {
  for (const controller of controllers) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) continue;
      const existing = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
      if (existing.includes(IdempotencyInterceptor)) continue;
      Reflect.defineMetadata(INTERCEPTORS_METADATA, [IdempotencyInterceptor, ...existing], handler);
    }
  }
}
