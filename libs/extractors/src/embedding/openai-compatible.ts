import { ExtractionError } from '@strata/domain';

/** Settings of an endpoint speaking OpenAI's `POST /v1/embeddings` (OpenAI, vLLM, TEI, Ollama). */
export interface OpenAiCompatibleSettings {
  /** e.g. `http://127.0.0.1:8080` (the `/v1/embeddings` path is appended). */
  baseUrl: string;
  model: string;
  /** Dimensions the collection's vector index was created with; a response of another size fails. */
  dimensions: number;
  /** Texts per request. */
  batchSize: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Retries of one request on 429, 5xx and network errors. */
  maxRetries: number;
  /** Requests in flight at once per process (backpressure on the endpoint). */
  maxConcurrency: number;
}

/** Limits requests in flight per endpoint; waiting callers queue (backpressure instead of a burst of 429s). */
class Gate {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      this.queue.shift()?.();
    }
  }
}

const gates = new Map<string, Gate>();
function gateFor(settings: OpenAiCompatibleSettings): Gate {
  const key = `${settings.baseUrl}|${settings.maxConcurrency}`;
  let gate = gates.get(key);
  if (gate === undefined) {
    gate = new Gate(settings.maxConcurrency);
    gates.set(key, gate);
  }
  return gate;
}

/** Seconds or an HTTP date, as Retry-After allows; capped so a hostile value cannot stall a worker. */
export function retryAfterMs(header: string | null, fallbackMs: number): number {
  if (header === null) return fallbackMs;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.min(Math.max(Number.isFinite(ms) ? ms : fallbackMs, 0), 60_000);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function canceledError(signal: AbortSignal | undefined, cause: unknown): ExtractionError {
  if (cause instanceof ExtractionError) return cause;
  return new ExtractionError(`embedding aborted: ${String(signal?.reason ?? 'canceled')}`, 'runtime', 'embed', { cause, retryable: false });
}

/** Read through a call so the check after an await is not narrowed away by the one before it. */
function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** The batch was canceled (docs/reliability.md "Cancel"): no further request is sent for it. */
function throwIfCanceled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw canceledError(signal, signal.reason);
}

async function requestOnce(settings: OpenAiCompatibleSettings, texts: readonly string[], apiKey: string | null, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers['authorization'] = `Bearer ${apiKey}`;
  return fetch(`${settings.baseUrl.replace(/\/+$/, '')}/v1/embeddings`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: settings.model, input: texts }),
    signal: signal === undefined ? AbortSignal.timeout(settings.timeoutMs) : AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]),
  });
}

/**
 * Why a request failed, and whether its texts may fare differently one by one: an endpoint that
 * refuses a request (4xx other than credentials and rate limits, 5xx after the retries, a
 * malformed reply) may be refusing one of its texts; refused credentials, a rate limit, an
 * unreachable endpoint or a timeout would only repeat for every text.
 */
type BatchOutcome = { ok: true; vectors: Float32Array[] } | { ok: false; error: ExtractionError; perText: boolean };

/** One request with up to `retries` retries; vectors in input order, or why it failed. */
async function embedBatch(settings: OpenAiCompatibleSettings, texts: readonly string[], apiKey: string | null, retries: number, signal?: AbortSignal): Promise<BatchOutcome> {
  let attempt = 0;
  for (;;) {
    attempt += 1;
    if (signal?.aborted === true) return { ok: false, error: canceledError(signal, signal.reason), perText: false };
    let response: Response;
    try {
      response = await gateFor(settings).run(() => {
        // Checked again once through the gate: a canceled batch's queued requests are never sent.
        throwIfCanceled(signal);
        return requestOnce(settings, texts, apiKey, signal);
      });
    } catch (cause) {
      if (cause instanceof ExtractionError || aborted(signal)) return { ok: false, error: canceledError(signal, cause), perText: false };
      const timedOut = (cause as Error).name === 'TimeoutError';
      if (attempt <= retries) {
        await sleep(Math.min(250 * 2 ** (attempt - 1), 5_000));
        continue;
      }
      const error = new ExtractionError(
        timedOut ? `embedding endpoint did not answer within ${settings.timeoutMs} ms` : `embedding endpoint unreachable: ${(cause as Error).message}`,
        'network',
        'embed',
        { cause },
      );
      return { ok: false, error, perText: false };
    }
    if (response.status === 429 || response.status >= 500) {
      const body = await response.text().catch(() => '');
      if (attempt <= retries) {
        await sleep(retryAfterMs(response.headers.get('retry-after'), Math.min(250 * 2 ** (attempt - 1), 5_000)));
        continue;
      }
      const error = new ExtractionError(
        `embedding endpoint answered ${response.status} after ${attempt} attempts: ${body.slice(0, 200)}`,
        response.status === 429 ? 'resource' : 'network',
        'embed',
      );
      return { ok: false, error, perText: response.status !== 429 };
    }
    if (response.status === 401 || response.status === 403) {
      return { ok: false, error: new ExtractionError(`embedding endpoint refused the credentials (${response.status})`, 'authentication', 'embed'), perText: false };
    }
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      return { ok: false, error: new ExtractionError(`embedding endpoint answered ${response.status}: ${body.slice(0, 200)}`, 'validation', 'embed'), perText: true };
    }
    const json = (await response.json()) as { data?: Array<{ index?: number; embedding?: unknown }> };
    const data = json.data;
    if (!Array.isArray(data) || data.length !== texts.length) {
      const error = new ExtractionError(`embedding endpoint returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${texts.length} texts`, 'dependency', 'embed', {
        retryable: false,
      });
      return { ok: false, error, perText: true };
    }
    const out: Float32Array[] = new Array(texts.length);
    for (const [position, item] of data.entries()) {
      const vector = item.embedding;
      if (!Array.isArray(vector) || vector.length !== settings.dimensions || !vector.every((v) => typeof v === 'number')) {
        const error = new ExtractionError(
          `embedding endpoint returned a vector of ${Array.isArray(vector) ? vector.length : 'no'} numbers; the collection expects ${settings.dimensions}`,
          'validation',
          'embed',
        );
        return { ok: false, error, perText: false };
      }
      out[typeof item.index === 'number' ? item.index : position] = Float32Array.from(vector as number[]);
    }
    return { ok: true, vectors: out };
  }
}

/**
 * Embeds texts in batches of `batchSize`, at most `maxConcurrency` requests in flight. The result
 * has one entry per text: its vector, or the error that text ran into; never throws.
 *
 * A request that still fails after its retries, in a way one of its texts may cause, is re-run
 * one text per request (as the onnx path does), so only the texts the endpoint refuses fail and
 * one bad input fails only the item it came from. The single-text requests are not retried: the
 * batch already spent its retries, and a retryable failure sends the work message back for
 * another delivery anyway (docs/reliability.md, "Bad inputs fail one item").
 *
 * `apiKey` is the installation's bearer token (ExtractorRuntime, from the worker's config): it is
 * never part of the parameters a collection stores.
 */
export async function embedOpenAiCompatible(
  settings: OpenAiCompatibleSettings,
  texts: readonly string[],
  apiKey: string | null,
  signal?: AbortSignal,
): Promise<Array<Float32Array | ExtractionError>> {
  const batches: Array<readonly string[]> = [];
  for (let i = 0; i < texts.length; i += settings.batchSize) batches.push(texts.slice(i, i + settings.batchSize));
  const results = await Promise.all(
    batches.map(async (batch): Promise<Array<Float32Array | ExtractionError>> => {
      const outcome = await embedBatch(settings, batch, apiKey, settings.maxRetries, signal);
      if (outcome.ok) return outcome.vectors;
      if (!outcome.perText || batch.length === 1) return batch.map(() => outcome.error);
      const single = await Promise.all(batch.map((text) => embedBatch(settings, [text], apiKey, 0, signal)));
      return single.map((one) => (one.ok ? (one.vectors[0] as Float32Array) : one.error));
    }),
  );
  return results.flat();
}
