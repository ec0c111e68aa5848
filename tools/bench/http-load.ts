/**
 * The load generator and the bare endpoint shared by `npm run bench:api` and `npm run bench:scale`:
 * `clients` loops of GET without think time, and a bare express + better-sqlite3 endpoint
 * (bare-endpoint.ts, its own process) serving a given body, so Strata's GET batch is compared
 * with the same load against the same body.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export interface LoadResult {
  /** How long the phase lasted (its seconds, or less when `stop` ended it). */
  seconds: number;
  requests: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  requests_per_s: number;
  body_bytes: number;
  lastBody: string;
}

export interface LoadOptions {
  clients: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Checked before each request: true ends the phase early (e.g. the batch it measures completed). */
  stop?: () => boolean;
}

/** `clients` loops of GET `url` without think time; every non-200 or transport failure is an error. */
export async function load(url: string, options: LoadOptions): Promise<LoadResult> {
  const stop = options.stop ?? (() => false);
  const headers = options.headers ?? {};
  const latencies: number[] = [];
  let errors = 0;
  let lastBody = '';
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (Date.now() < deadline && !stop()) {
        const t0 = process.hrtime.bigint();
        try {
          const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
          const body = await res.text();
          if (res.status === 200) lastBody = body;
          else errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds: +seconds.toFixed(1),
    requests: latencies.length,
    errors,
    p50_ms: +percentile(latencies, 50).toFixed(1),
    p99_ms: +percentile(latencies, 99).toFixed(1),
    requests_per_s: Math.round(latencies.length / Math.max(0.001, seconds)),
    body_bytes: Buffer.byteLength(lastBody),
    lastBody,
  };
}

/** Strata's figure over the bare endpoint's: requests/s as a fraction, p99 as a multiple. */
export function ratio(strata: LoadResult, bare: LoadResult): { requests_per_s: number; p99: number } {
  return {
    requests_per_s: +(strata.requests_per_s / Math.max(1, bare.requests_per_s)).toFixed(2),
    p99: +(strata.p99_ms / Math.max(0.1, bare.p99_ms)).toFixed(2),
  };
}

/** The bare endpoint in its own process, serving `body`; resolves its URL and a stop function. */
export async function startBare(body: string): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(__dirname, 'bare-endpoint.js'), [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('message', (m: { port: number }) => resolvePort(m.port));
    child.once('exit', (code) => reject(new Error(`bare endpoint exited with ${String(code)}`)));
    child.send({ id: 'b1', body });
  });
  return { url: `http://127.0.0.1:${port}/body/b1`, stop: () => child.kill('SIGTERM') };
}

/** A result without the body it kept, for printing. */
export function row<T extends LoadResult>({ lastBody: _body, ...rest }: T): Omit<T, 'lastBody'> {
  return rest;
}
