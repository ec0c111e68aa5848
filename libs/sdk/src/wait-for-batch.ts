import type { StrataTransport } from './client';
import { segment } from './client';
import { StrataApiError, StrataError, StrataTimeoutError } from './errors';
import { sleep } from './retry';
import { readServerSentEvents } from './sse';
import { Batch, BatchProgressView, isTerminalBatchStatus } from './types';

/** How a batch update reached the caller. */
export type BatchUpdateSource = 'status' | 'progress' | 'poll';

export interface WaitForBatchOptions {
  /** Called with the batch on every status or progress change (events carry the batch without object_ids). */
  onProgress?: (batch: BatchProgressView, source: BatchUpdateSource) => void;
  /** Called once when the live stream is unusable and the wait falls back to polling. */
  onFallback?: (reason: string) => void;
  /** `auto` (default): the SSE stream, polling when it fails; `sse` or `poll` to force one. */
  transport?: 'auto' | 'sse' | 'poll';
  /** Polling interval (default 1000 ms). */
  pollIntervalMs?: number;
  /** Give up after this long with a StrataTimeoutError (default: wait as long as it takes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The stream cannot be used (old proxy, broken connection): the caller polls instead. */
class StreamUnavailable extends StrataError {}

function combinedSignal(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  const signals = [signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return undefined;
  return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}

/**
 * Waits until a batch is terminal (COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELED) and returns
 * it as GET returns it. Follows GET .../batches/{id}/events (Server-Sent Events: `status`,
 * `progress`, `end`); when the stream cannot be opened or breaks, polls GET instead. Errors that
 * polling would hit too (404, 401, 403) are thrown as they are.
 */
export async function waitForBatch(transport: StrataTransport, bucket: string, batchId: string, options: WaitForBatchOptions = {}): Promise<Batch> {
  const signal = combinedSignal(options.signal, options.timeoutMs);
  const path = `/v1/buckets/${segment(bucket)}/batches/${segment(batchId)}`;
  const get = () => transport.requestJson<Batch>('GET', path, { signal });
  try {
    if (options.transport !== 'poll') {
      try {
        await followStream(transport, `${path}/events`, options, signal);
        return await get();
      } catch (error) {
        if (!(error instanceof StreamUnavailable) || options.transport === 'sse') throw error;
        options.onFallback?.(error.message);
      }
    }
    let lastPrint = '';
    for (;;) {
      const batch = await get();
      const print = JSON.stringify([batch.status, batch.progress, batch.health]);
      if (print !== lastPrint) {
        lastPrint = print;
        options.onProgress?.(batch, 'poll');
      }
      if (isTerminalBatchStatus(batch.status)) return batch;
      await sleep(options.pollIntervalMs ?? 1000, signal);
    }
  } catch (error) {
    if (signal?.aborted && options.signal?.aborted !== true && options.timeoutMs !== undefined) {
      throw new StrataTimeoutError(`batch ${batchId} did not finish within ${options.timeoutMs} ms`, { cause: error });
    }
    throw error;
  }
}

/** Reads the event stream until its `end` event; StreamUnavailable when it cannot be used. */
async function followStream(transport: StrataTransport, path: string, options: WaitForBatchOptions, signal: AbortSignal | undefined): Promise<void> {
  let response: Response;
  try {
    response = await transport.request('GET', path, { headers: { accept: 'text/event-stream' }, signal, noRetry: true });
  } catch (error) {
    if (signal?.aborted) throw error;
    // 404/401/403/422 would fail the polling too: report them. Anything else (a proxy without the
    // route, 5xx, no connection) leaves polling to try.
    if (error instanceof StrataApiError && error.status < 500 && error.status !== 405 && error.status !== 429) throw error;
    throw new StreamUnavailable(`the event stream could not be opened: ${(error as Error).message}`, { cause: error });
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream') || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw new StreamUnavailable(`the event stream answered with content-type '${type}'`);
  }
  try {
    for await (const event of readServerSentEvents(response.body)) {
      if (event.event === 'end') return;
      if (event.event === 'status' || event.event === 'progress') {
        options.onProgress?.(JSON.parse(event.data) as BatchProgressView, event.event);
      } else if (event.event === 'error') {
        throw new StreamUnavailable(`the event stream reported an error: ${event.data}`);
      }
    }
  } catch (error) {
    if (signal?.aborted || error instanceof StreamUnavailable) throw error;
    throw new StreamUnavailable(`the event stream broke: ${(error as Error).message}`, { cause: error });
  }
  throw new StreamUnavailable('the event stream ended before the batch finished');
}
