import { StrataConnectionError, retryAfterMs } from './errors';

/** How failed calls are repeated. */
export interface RetryOptions {
  /** Attempts after the first one (default 4). 0 turns retries off. */
  retries: number;
  /** First backoff delay; it doubles per attempt, with full jitter (default 250 ms). */
  baseDelayMs: number;
  /** Upper bound of one backoff delay (default 8 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is returned instead (default 60 s). */
  maxRetryAfterMs: number;
  /** Statuses that are repeated (default 429 and 503: the server did not do the work). */
  statuses: readonly number[];
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  statuses: [429, 503],
};

/** Methods that may be repeated after a broken connection (the server may have done the work once). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Resolves after `ms`, or rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The delay before attempt `attempt` (1-based): Retry-After when the server sent one, else jittered backoff. */
export function backoffDelay(attempt: number, options: RetryOptions, retryAfter: number | null, random = Math.random): number {
  if (retryAfter !== null) return retryAfter;
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type FetchLike = (input: Request) => Promise<Response>;

/**
 * Wraps fetch so 429/503 answers are repeated with backoff (honouring Retry-After), and broken
 * connections are repeated for idempotent methods. The request is cloned before each attempt, so
 * bodies (JSON, multipart) are sent again intact. A connection failure that outlasts the retries
 * becomes a StrataConnectionError.
 */
export function retryingFetch(base: FetchLike, options: RetryOptions, onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void): FetchLike {
  return async (request: Request) => {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= options.retries;
      const copy = last ? request : request.clone();
      let response: Response;
      try {
        response = await base(copy);
      } catch (error) {
        if (request.signal.aborted) throw error;
        if (last || !IDEMPOTENT.has(request.method)) {
          throw new StrataConnectionError(`${request.method} ${request.url}: ${(error as Error).message}`, { cause: error });
        }
        const delayMs = backoffDelay(attempt + 1, options, null);
        onRetry?.({ attempt: attempt + 1, delayMs, reason: (error as Error).message });
        await sleep(delayMs, request.signal);
        continue;
      }
      if (last || !options.statuses.includes(response.status)) return response;
      const after = retryAfterMs(response.headers.get('retry-after'));
      if (after !== null && after > options.maxRetryAfterMs) return response;
      const delayMs = backoffDelay(attempt + 1, options, after);
      // Free the connection before waiting.
      await response.body?.cancel().catch(() => undefined);
      onRetry?.({ attempt: attempt + 1, delayMs, reason: `HTTP ${response.status}` });
      await sleep(delayMs, request.signal);
    }
  };
}
