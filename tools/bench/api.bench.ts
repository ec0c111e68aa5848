/**
 * `npm run bench:api`: GET batch under load against a bare endpoint. Starts the four built apps,
 * creates a batch of BENCH_API_OBJECTS (default 10,000) small text objects and submits it; then
 * one load generator (BENCH_API_CLIENTS, default 50, clients without think time, for
 * BENCH_API_SECONDS, default 20, per phase) hits, in turn:
 *   1. Strata's GET batch while the batch runs (the phase ends early if the batch completes),
 *   2. Strata's GET batch once it completed,
 *   3. a bare express + better-sqlite3 endpoint (bare-endpoint.ts, its own process) serving the
 *      very body phase 2 received,
 *   4. the same bare endpoint while a second batch of as many new objects runs in the same apps
 *      (the share of the cores the workers, the poller and NATS take during phase 1).
 * Prints p50, p99 and requests/s of each, the body sizes and the batch size, the ratios of phase 2
 * to phase 3 and of phase 1 to phase 4 (and to phase 3), and a JSON line. Numbers, not
 * assertions: the machine is shared.
 * BENCH_PROFILE=<dir> starts batch-api with `--cpu-prof` into that directory
 * (`node tools/scripts/profile-top.mjs <dir>` prints its top entries).
 */
/* eslint-disable no-console -- a benchmark prints its figures */
import { StrataCluster, waitFor } from '@strata/testing';
import { availableParallelism } from 'node:os';
import { type LoadResult, load, ratio, row, startBare } from './http-load';
import { BENCH_APP_DEFAULTS } from './measure';

const OBJECTS = Number(process.env['BENCH_API_OBJECTS'] ?? 10_000);
const CLIENTS = Number(process.env['BENCH_API_CLIENTS'] ?? 50);
const SECONDS = Number(process.env['BENCH_API_SECONDS'] ?? 20);
const PROFILE_DIR = process.env['BENCH_PROFILE'] ?? '';
/** batch-api processes (API_PROCESSES; 0 = the app's default, one per core). */
const API_PROCESSES = process.env['BENCH_API_PROCESSES'] ?? '0';

/** A namespace, a bucket of texts and a sentence collection over it; then `sets` lists of OBJECTS new objects each. */
async function setup(cluster: StrataCluster, sets: number): Promise<{ ns: string; bucketId: string; idSets: string[][] }> {
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
  const idSets: string[][] = [];
  for (let set = 0; set < sets; set += 1) {
    const ids: string[] = [];
    for (let start = 0; start < OBJECTS; start += 100) {
      const objects = Array.from({ length: Math.min(100, OBJECTS - start) }, (_, j) => ({
        blobs: [{ property: 'content', type: 'text', data: `Record ${set}-${start + j} notes a ship in the harbour. The weather was fair on day ${j}.` }],
      }));
      const res = await api.post(`/v1/buckets/${bucketId}/objects/batch`, { objects }, ns);
      if (res.status !== 200) throw new Error(`objects: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
      ids.push(...(res.body['succeeded'] as Array<{ object_id: string }>).map((o) => o.object_id));
    }
    idSets.push(ids);
  }
  return { ns, bucketId, idSets };
}

/** Creates and submits a batch of `ids`; returns its URL and a flag that turns true once it completed (polled every 250 ms). */
async function runBatch(cluster: StrataCluster, ns: string, bucketId: string, ids: string[]): Promise<{ url: string; done: () => boolean; finished: Promise<void> }> {
  const api = cluster.api;
  const batch = await api.post(`/v1/buckets/${bucketId}/batches`, { object_ids: ids }, ns);
  const batchId = batch.body['batch_id'] as string;
  const submitted = await api.post(`/v1/buckets/${bucketId}/batches/${batchId}/submit`, {}, ns);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 500)}`);
  let completed = false;
  const finished = waitFor(
    async () => {
      const status = (await api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, ns)).body['status'];
      if (status === 'FAILED') throw new Error(`batch ${batchId} failed`);
      return status === 'COMPLETED';
    },
    { timeoutMs: 600_000, intervalMs: 250, description: 'batch completion' },
  ).then(() => {
    completed = true;
  });
  return { url: `${api.baseUrl}/v1/buckets/${bucketId}/batches/${batchId}`, done: () => completed, finished };
}

async function main(): Promise<void> {
  // One 16-item message at a time, so the batch is still running during phase 1.
  const env = { ...BENCH_APP_DEFAULTS, WORK_CHUNK_SIZE: '16', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'warn', API_PROCESSES };
  const cluster = await StrataCluster.start({ readyTimeoutMs: 180_000, env, counts: PROFILE_DIR === '' ? {} : { 'batch-api': 0 } });
  try {
    if (PROFILE_DIR !== '') await cluster.startApp('batch-api', 0, {}, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]);
    const { ns, bucketId, idSets } = await setup(cluster, 2);
    const headers = { 'x-namespace': ns };
    // 1. Strata's GET batch while batch A runs: the phase ends with the batch (or after SECONDS).
    const batchA = await runBatch(cluster, ns, bucketId, idSets[0] as string[]);
    const running = await load(batchA.url, { clients: CLIENTS, seconds: SECONDS, headers, stop: batchA.done });
    const stillRunning = !batchA.done();
    await batchA.finished;
    // 2. Strata's GET batch once A completed.
    const completed = await load(batchA.url, { clients: CLIENTS, seconds: SECONDS, headers });
    const bare = await startBare(completed.lastBody);
    let bareResult: LoadResult;
    let bareRunning: LoadResult;
    let bareStillRunning: boolean;
    try {
      // 3. The bare endpoint, same body, nothing else running.
      bareResult = await load(bare.url, { clients: CLIENTS, seconds: SECONDS });
      // 4. The bare endpoint, same body, while batch B (as large as A, new objects) runs in the
      // same apps: the workers, the poller and NATS take the share of the cores they took in phase 1.
      const batchB = await runBatch(cluster, ns, bucketId, idSets[1] as string[]);
      bareRunning = await load(bare.url, { clients: CLIENTS, seconds: SECONDS, stop: batchB.done });
      bareStillRunning = !batchB.done();
      await batchB.finished;
    } finally {
      bare.stop();
    }
    const during = (still: boolean) => (still ? 'batch running' : 'batch running (the phase ended when it completed)');
    const rows = [
      { endpoint: `Strata GET batch, ${during(stillRunning)}`, ...running },
      { endpoint: 'Strata GET batch, batch completed', ...completed },
      { endpoint: 'bare express + better-sqlite3, same body', ...bareResult },
      { endpoint: `bare express + better-sqlite3, same body, ${during(bareStillRunning)}`, ...bareRunning },
    ].map(row);
    const ratios = {
      completed: ratio(completed, bareResult),
      running: ratio(running, bareRunning),
      running_to_quiet_bare: ratio(running, bareResult),
    };
    const apiProcesses = API_PROCESSES === '0' ? `${availableParallelism()} (one per core, the default)` : API_PROCESSES;
    console.log(`\nGET batch under load: ${CLIENTS} clients without think time, up to ${SECONDS} s per phase, batches of ${OBJECTS.toLocaleString('en-US')} objects, batch-api processes: ${apiProcesses}`);
    console.log('| endpoint | seconds | requests | errors | p50 (ms) | p99 (ms) | requests/s | body (bytes) |\n|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.endpoint} | ${r.seconds} | ${r.requests} | ${r.errors} | ${r.p50_ms} | ${r.p99_ms} | ${r.requests_per_s} | ${r.body_bytes} |`);
    console.log(`Strata / bare, batch completed: requests/s ${ratios.completed.requests_per_s}, p99 ${ratios.completed.p99}x`);
    console.log(`Strata / bare, each while a batch runs: requests/s ${ratios.running.requests_per_s}, p99 ${ratios.running.p99}x`);
    console.log(`Strata while a batch runs / bare with nothing running: requests/s ${ratios.running_to_quiet_bare.requests_per_s}, p99 ${ratios.running_to_quiet_bare.p99}x`);
    console.log(JSON.stringify({ bench: 'api', objects: OBJECTS, clients: CLIENTS, seconds: SECONDS, api_processes: apiProcesses, rows, ratios }));
  } finally {
    await cluster.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
