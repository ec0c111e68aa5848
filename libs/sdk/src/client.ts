import createClient, { type Client } from 'openapi-fetch';
import { StrataError, errorFromResponse } from './errors';
import type { paths } from './generated/openapi';
import { DEFAULT_RETRY, FetchLike, RetryOptions, retryingFetch } from './retry';

/** Configuration of a client. */
export interface StrataClientOptions {
  /** Where batch-api listens, e.g. `http://localhost:3000` (no `/v1`). */
  baseUrl: string;
  /** An API key (`sk_...`), sent as `Authorization: Bearer`. Leave out when the server runs AUTH_MODE=none. */
  apiKey?: string | null;
  /** Namespace id (`ns_...`) or name, sent as `X-Namespace` on every call. */
  namespace?: string | null;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Retries on 429/503 and broken connections; `false` turns them off. */
  retry?: Partial<RetryOptions> | false;
  /** Called before each retry (logging, progress displays). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** A fetch implementation (default: the global one). */
  fetch?: FetchLike;
}

/** The result shape openapi-fetch returns for every call. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Options of a call made with {@link StrataClient.request} (routes the typed client cannot express). */
export interface RawRequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  /** A JSON value, or a FormData / Blob / stream sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send without the retrying wrapper (bodies that can be read only once, such as streams). */
  noRetry?: boolean;
}

function isRawBody(body: unknown): body is NonNullable<RequestInit['body']> {
  return (
    body instanceof FormData ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    body instanceof Uint8Array ||
    body instanceof URLSearchParams ||
    (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream)
  );
}

/**
 * The transport every part of the SDK shares: configuration, the typed openapi-fetch client over
 * the generated `paths`, the retrying fetch, and the mapping of error envelopes to typed errors.
 */
export class StrataTransport {
  /** The generated, fully typed client (every route of the OpenAPI document). */
  readonly api: Client<paths>;
  readonly baseUrl: string;
  private readonly fetchOnce: FetchLike;
  private readonly fetchRetrying: FetchLike;

  constructor(readonly options: StrataClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchOnce = options.fetch ?? ((input: Request) => globalThis.fetch(input));
    const retry = options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
    this.fetchRetrying = retryingFetch(this.fetchOnce, retry, options.onRetry);
    this.api = createClient<paths>({ baseUrl: this.baseUrl, headers: this.defaultHeaders(), fetch: this.fetchRetrying });
  }

  /** The headers every call carries: auth, namespace, extras. */
  defaultHeaders(): Record<string, string> {
    const headers: Record<string, string> = { ...(this.options.headers ?? {}) };
    if (this.options.apiKey) headers['authorization'] = `Bearer ${this.options.apiKey}`;
    if (this.options.namespace) headers['x-namespace'] = this.options.namespace;
    return headers;
  }

  /**
   * Awaits a typed call and returns its data, or throws the typed error of its envelope
   * (NotFoundError, ValidationError, ...).
   */
  async unwrap<T>(pending: Promise<FetchResult<T>>, what: string): Promise<T> {
    const { data, error, response } = await pending;
    if (!response.ok) throw errorFromResponse(response.status, error, what, response.headers);
    return data as T;
  }

  /** A raw call: the response is returned as it is when ok, else its typed error is thrown. */
  async request(method: string, path: string, options: RawRequestOptions = {}): Promise<Response> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers = new Headers({ ...this.defaultHeaders(), ...(options.headers ?? {}) });
    let body: RequestInit['body'] | undefined;
    if (options.body !== undefined) {
      if (isRawBody(options.body)) body = options.body;
      else {
        body = JSON.stringify(options.body);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body, signal: options.signal };
    // A stream body needs half-duplex mode (fetch standard); it also cannot be re-sent.
    if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) init.duplex = 'half';
    const request = new Request(url, init);
    const response = await (options.noRetry === true ? this.fetchOnce : this.fetchRetrying)(request);
    if (response.ok) return response;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not an envelope (a proxy's page): keep the text for the message.
    }
    throw errorFromResponse(response.status, parsed, `${method} ${path}`, response.headers);
  }

  /** A raw call whose JSON answer is returned. */
  async requestJson<T>(method: string, path: string, options: RawRequestOptions = {}): Promise<T> {
    const response = await this.request(method, path, options);
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new StrataError(`${method} ${path}: the answer is not JSON`, { cause: error });
    }
  }
}

/** Path segments are user data (names, ids): always encoded. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
