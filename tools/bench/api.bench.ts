/**
 * `npm run bench:api`: GET batch under load against a bare endpoint. Starts the four built apps,
 * creates a batch of BENCH_API_OBJECTS (default 10,000) small text objects and submits it; then
 * one load generator (BENCH_API_CLIENTS, default 50, clients without think time, for
 * BENCH_API_SECONDS, default 20, per phase) hits, in turn:
 *   1. Strata's GET batch while the batch runs,
 *   2. Strata's GET batch once it completed,
 *   3. a bare express + better-sqlite3 endpoint (bare-endpoint.ts, its own process) serving the
 *      very body phase 2 received.
 * Prints p50, p99 and requests/s of each, the body sizes and the batch size, the ratios of phase 2
 * to phase 3, and a JSON line. Numbers, not assertions: the machine is shared.
 * BENCH_PROFILE=<dir> starts batch-api with `--cpu-prof` into that directory
 * (`node tools/scripts/profile-top.mjs <dir>` prints its top entries).
 */
/* eslint-disable no-console -- a benchmark prints its figures */
import { StrataCluster, waitFor } from '@strata/testing';
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { BENCH_APP_DEFAULTS } from './measure';

const OBJECTS = Number(process.env['BENCH_API_OBJECTS'] ?? 10_000);
const CLIENTS = Number(process.env['BENCH_API_CLIENTS'] ?? 50);
const SECONDS = Number(process.env['BENCH_API_SECONDS'] ?? 20);
const PROFILE_DIR = process.env['BENCH_PROFILE'] ?? '';
/** batch-api processes (API_PROCESSES; 0 = the app's default, one per core). */
const API_PROCESSES = process.env['BENCH_API_PROCESSES'] ?? '0';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface LoadResult {
  requests: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  requests_per_s: number;
  body_bytes: number;
  lastBody: string;
}

/** CLIENTS loops of GET `url` without think time for SECONDS; every non-200 or transport failure is an error. */
async function load(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let lastBody = '';
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline) {
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
    requests: latencies.length,
    errors,
    p50_ms: +percentile(latencies, 50).toFixed(1),
    p99_ms: +percentile(latencies, 99).toFixed(1),
    requests_per_s: Math.round(latencies.length / seconds),
    body_bytes: Buffer.byteLength(lastBody),
    lastBody,
  };
}

async function setup(cluster: StrataCluster): Promise<{ ns: string; bucketId: string; ids: string[] }> {
  const api = cluster.api;
  const ns = `bench-api-${Date.now().toString(36)}`;
  await api.post('/v1/namespaces', { namespace_name: ns });
  const bucket = await api.post('/v1/buckets', { bucket_name: 'bench-texts', bucket_schema: { properties: { content: { type: 'text' } } } }, ns);
  const bucketId = bucket.body['bucket_id'] as string;
  const collection = await api.post(
    '/v1/collections',
    {
      collection_name: 'bench-sentences',
      source: { type: 'bucket', bucket_ids: [bucketId] },
      feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters: { split_by: 'sentences', chunk_size: 1 }, input_mappings: { text: 'content' } },
    },
    ns,
  );
  if (collection.status !== 200) throw new Error(`collection: ${collection.status} ${JSON.stringify(collection.body)}`);
  const ids: string[] = [];
  for (let start = 0; start < OBJECTS; start += 100) {
    const objects = Array.from({ length: Math.min(100, OBJECTS - start) }, (_, j) => ({
      blobs: [{ property: 'content', type: 'text', data: `Record ${start + j} notes a ship in the harbour. The weather was fair on day ${j}.` }],
    }));
    const res = await api.post(`/v1/buckets/${bucketId}/objects/batch`, { objects }, ns);
    ids.push(...(res.body['succeeded'] as Array<{ object_id: string }>).map((o) => o.object_id));
  }
  return { ns, bucketId, ids };
}

/** The bare endpoint in its own process, serving `body`; resolves its URL and a stop function. */
async function startBare(body: string): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(__dirname, 'bare-endpoint.js'), [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('message', (m: { port: number }) => resolvePort(m.port));
    child.once('exit', (code) => reject(new Error(`bare endpoint exited with ${String(code)}`)));
    child.send({ id: 'b1', body });
  });
  return { url: `http://127.0.0.1:${port}/body/b1`, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  // One 16-item message at a time, so the batch is still running during phase 1.
  const env = { ...BENCH_APP_DEFAULTS, WORK_CHUNK_SIZE: '16', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'warn', API_PROCESSES };
  const cluster = await StrataCluster.start({ readyTimeoutMs: 180_000, env, counts: PROFILE_DIR === '' ? {} : { 'batch-api': 0 } });
  try {
    if (PROFILE_DIR !== '') await cluster.startApp('batch-api', 0, {}, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]);
    const api = cluster.api;
    const { ns, bucketId, ids } = await setup(cluster);
    const batch = await api.post(`/v1/buckets/${bucketId}/batches`, { object_ids: ids }, ns);
    const batchId = batch.body['batch_id'] as string;
    const submitted = await api.post(`/v1/buckets/${bucketId}/batches/${batchId}/submit`, {}, ns);
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 500)}`);
    const url = `${api.baseUrl}/v1/buckets/${bucketId}/batches/${batchId}`;
    const headers = { 'x-namespace': ns };

    const running = await load(url, headers);
    const stillRunning = (JSON.parse(running.lastBody) as { status: string }).status !== 'COMPLETED';
    await waitFor(async () => (await api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, ns)).body['status'] === 'COMPLETED', {
      timeoutMs: 600_000,
      intervalMs: 200,
      description: 'batch completion',
    });
    const completed = await load(url, headers);
    const bare = await startBare(completed.lastBody);
    let bareResult: LoadResult;
    try {
      bareResult = await load(bare.url, {});
    } finally {
      bare.stop();
    }
    const rows = [
      { endpoint: `Strata GET batch, batch running${stillRunning ? '' : ' (it completed during the phase)'}`, ...running },
      { endpoint: 'Strata GET batch, batch completed', ...completed },
      { endpoint: 'bare express + better-sqlite3, same body', ...bareResult },
    ].map(({ lastBody: _body, ...row }) => row);
    const ratios = {
      requests_per_s: +(completed.requests_per_s / Math.max(1, bareResult.requests_per_s)).toFixed(2),
      p99: +(completed.p99_ms / Math.max(0.1, bareResult.p99_ms)).toFixed(2),
    };
    const apiProcesses = API_PROCESSES === '0' ? `${availableParallelism()} (one per core, the default)` : API_PROCESSES;
    console.log(`\nGET batch under load: ${CLIENTS} clients without think time, ${SECONDS} s per phase, batch of ${OBJECTS.toLocaleString('en-US')} objects, batch-api processes: ${apiProcesses}`);
    console.log('| endpoint | requests | errors | p50 (ms) | p99 (ms) | requests/s | body (bytes) |\n|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.endpoint} | ${r.requests} | ${r.errors} | ${r.p50_ms} | ${r.p99_ms} | ${r.requests_per_s} | ${r.body_bytes} |`);
    console.log(`Strata / bare (completed batch): requests/s ${ratios.requests_per_s}, p99 ${ratios.p99}x`);
    console.log(JSON.stringify({ bench: 'api', objects: OBJECTS, clients: CLIENTS, seconds: SECONDS, api_processes: apiProcesses, rows, ratios }));
  } finally {
    await cluster.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
