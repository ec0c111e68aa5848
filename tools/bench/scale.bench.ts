/**
 * `npm run bench:scale` (outside CI): one large batch through the four built apps. Creates the
 * batch first (with one seed object: a batch is created with at least one id, as in Mixpeek),
 * then BENCH_SCALE_OBJECTS - 1 (default 1,000,000 in all) small text objects through the bulk
 * route (docs/adr/0101-bulk-object-ingest.md): BENCH_SCALE_CLIENTS streamed NDJSON requests at
 * once, BENCH_SCALE_LINES_PER_REQUEST lines each, stored BENCH_SCALE_CHUNK per transaction and
 * added to the batch by the server, so the bench never holds the ids. It submits the batch and
 * waits for COMPLETED, while it samples, once a
 * second, GET batch latency and every process's resident memory (/proc). Prints ingest objects/s,
 * processing objects/s, peak RSS per process, the worker's RSS growth from its first sample under
 * load to its peak and from 10,000 objects processed to its peak (the issue's bound), and GET
 * batch p50/p99 during the run, then a JSON line.
 *
 * GET batch under load on the large batch (BENCH_SCALE_LOAD_SECONDS per phase, default 20; 0 =
 * none; BENCH_SCALE_LOAD_CLIENTS clients, default 50, without think time, as `npm run bench:api`):
 * once BENCH_SCALE_LOAD_AFTER objects (default 50,000) were processed, Strata's GET batch, then the
 * bare express + better-sqlite3 endpoint serving the body Strata answered, both while the batch
 * runs; after it completed, the same two again. The ratios compare each pair.
 */
/* eslint-disable no-console -- a benchmark prints its figures */
import { StrataCluster } from '@strata/testing';
import { readFileSync } from 'node:fs';
import { type LoadResult, load, percentile, ratio, row, startBare } from './http-load';
import { BENCH_APP_DEFAULTS, bulkIngestTextObjects, createTextBatch, createTextCollection } from './measure';

const OBJECTS = Number(process.env['BENCH_SCALE_OBJECTS'] ?? 1_000_000);
const CLIENTS = Number(process.env['BENCH_SCALE_CLIENTS'] ?? 2);
const LINES_PER_REQUEST = Number(process.env['BENCH_SCALE_LINES_PER_REQUEST'] ?? 50_000);
const CHUNK = Number(process.env['BENCH_SCALE_CHUNK'] ?? 1_000);
const LOAD_SECONDS = Number(process.env['BENCH_SCALE_LOAD_SECONDS'] ?? 20);
const LOAD_CLIENTS = Number(process.env['BENCH_SCALE_LOAD_CLIENTS'] ?? 50);
const LOAD_AFTER = Number(process.env['BENCH_SCALE_LOAD_AFTER'] ?? 50_000);

/** Strata's GET batch for `seconds`, then the bare endpoint serving the body Strata answered, under the same load. */
async function loadPair(url: string, headers: Record<string, string>, stop?: () => boolean): Promise<{ strata: LoadResult; bare: LoadResult }> {
  const strata = await load(url, { clients: LOAD_CLIENTS, seconds: LOAD_SECONDS, headers, ...(stop === undefined ? {} : { stop }) });
  const bare = await startBare(strata.lastBody);
  try {
    return { strata, bare: await load(bare.url, { clients: LOAD_CLIENTS, seconds: LOAD_SECONDS, ...(stop === undefined ? {} : { stop }) }) };
  } finally {
    bare.stop();
  }
}

function text(i: number): string {
  return `Record ${i}: the harbour master logged ${i % 97} arrivals and noted fog near the eastern pier before dawn. Cargo manifests for vessel ${i % 13} list grain.`;
}

/** Resident set size of a process in bytes, or 0 once it is gone. */
function rss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  // BENCH_APP_ENV: extra settings of every app (JSON), e.g. '{"WORK_CHUNK_SIZE":"64"}'.
  const appEnv = JSON.parse(process.env['BENCH_APP_ENV'] ?? '{}') as Record<string, string>;
  const env = { ...BENCH_APP_DEFAULTS, LOG_LEVEL: 'warn', MAX_JSON_BYTES: String(64 * 1024 * 1024), ...appEnv };
  const cluster = await StrataCluster.start({ readyTimeoutMs: 180_000, env, counts: { 'extractor-worker': 0 } });
  try {
    // BENCH_WORKER_ENV: extra settings of the worker (JSON), e.g. '{"NODE_OPTIONS":"--max-old-space-size=192"}'
    // (NODE_OPTIONS reaches the pool processes too).
    const workerEnv = JSON.parse(process.env['BENCH_WORKER_ENV'] ?? '{}') as Record<string, string>;
    await cluster.startApp('extractor-worker', 0, { WORKER_PROCESSES: process.env['BENCH_WORKER_PROCESSES'] ?? '0', ...workerEnv });
    const api = cluster.api;
    const ns = `bench-scale-${Date.now().toString(36)}`;
    const { bucketId } = await createTextCollection(api, ns);
    const processes = (): Array<{ name: string; pid: number }> => [
      { name: 'batch-api', pid: cluster.pid('batch-api') },
      { name: 'poller', pid: cluster.pid('poller') },
      { name: 'webhook-dispatcher', pid: cluster.pid('webhook-dispatcher') },
      { name: 'extractor-worker (parent)', pid: cluster.pid('extractor-worker') },
      ...cluster.poolPids('extractor-worker').map((pid, i) => ({ name: `extractor-worker #${i}`, pid })),
    ];
    const peak = new Map<string, number>();
    const firstUnderLoad = new Map<string, number>();
    /** RSS once 10,000 objects were processed: the issue's bound is growth from 10,000 to 1,000,000. */
    const at10k = new Map<string, number>();
    /** The workers' RSS (MB) at the first sample past each of these counts of processed objects. */
    const milestones = [10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000].filter((m) => m <= OBJECTS);
    const workerTrace: Array<{ processed: number; worker_rss_mb: number[] }> = [];
    const sampleMemory = (underLoad: boolean, processed = 0) => {
      const next = milestones[workerTrace.length];
      if (next !== undefined && processed >= next) {
        workerTrace.push({ processed, worker_rss_mb: processes().filter((p) => p.name.startsWith('extractor-worker #')).map((p) => mb(rss(p.pid))) });
      }
      for (const p of processes()) {
        const bytes = rss(p.pid);
        peak.set(p.name, Math.max(peak.get(p.name) ?? 0, bytes));
        if (underLoad && !firstUnderLoad.has(p.name) && bytes > 0) firstUnderLoad.set(p.name, bytes);
        if (processed >= 10_000 && !at10k.has(p.name) && bytes > 0) at10k.set(p.name, bytes);
      }
    };

    const t0 = Date.now();
    // The batch is created with its seed object first, then filled through the bulk route.
    const batchId = await createTextBatch(api, ns, bucketId, 1, text);
    const batchSeconds = (Date.now() - t0) / 1000;
    await bulkIngestTextObjects(api, ns, bucketId, text, { batchId, first: 1, count: OBJECTS - 1, clients: CLIENTS, linesPerRequest: LINES_PER_REQUEST, chunkSize: CHUNK });
    const ingestSeconds = (Date.now() - t0) / 1000;
    sampleMemory(false);
    const draft = await api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, ns);
    if (draft.body['object_count'] !== OBJECTS) throw new Error(`the batch holds ${String(draft.body['object_count'])} objects, not ${OBJECTS}`);
    const submittedAt = Date.now();
    const submitted = await api.post(`/v1/buckets/${bucketId}/batches/${batchId}/submit`, {}, ns);
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 300)}`);
    const latencies: number[] = [];
    let status = 'QUEUED';
    let bodyBytes = 0;
    const batchUrl = `${api.baseUrl}/v1/buckets/${bucketId}/batches/${batchId}`;
    const headers = { 'x-namespace': ns };
    // The pair under load while the batch runs: started by the sampling loop below, which keeps
    // sampling meanwhile; each phase ends early if the batch completes.
    let runningPair: Promise<{ strata: LoadResult; bare: LoadResult }> | undefined;
    // One client's samples are kept apart from the 50 clients' phases: they say what one poller sees.
    let loading = false;
    const deadline = Date.now() + 6 * 3_600_000;
    while (status !== 'COMPLETED' && Date.now() < deadline) {
      const s0 = process.hrtime.bigint();
      const res = await fetch(`${api.baseUrl}/v1/buckets/${bucketId}/batches/${batchId}`, { headers: { 'x-namespace': ns } });
      const body = await res.text();
      if (!loading) latencies.push(Number(process.hrtime.bigint() - s0) / 1e6);
      bodyBytes = Buffer.byteLength(body);
      const parsed = JSON.parse(body) as { status: string; progress?: { processed?: number } };
      status = parsed.status;
      if (status === 'FAILED' || status === 'COMPLETED_WITH_ERRORS' || status === 'CANCELED') throw new Error(`batch ended ${status}`);
      sampleMemory(true, parsed.progress?.processed ?? 0);
      if (LOAD_SECONDS > 0 && runningPair === undefined && (parsed.progress?.processed ?? 0) >= LOAD_AFTER && status === 'PROCESSING') {
        loading = true;
        runningPair = loadPair(batchUrl, headers, () => status === 'COMPLETED').finally(() => {
          loading = false;
        });
        runningPair.catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const processSeconds = (Date.now() - submittedAt) / 1000;
    const running = runningPair === undefined ? undefined : await runningPair;
    const completedPair = LOAD_SECONDS > 0 ? await loadPair(batchUrl, headers) : undefined;
    const underLoad = [
      ...(running === undefined
        ? []
        : [
            { endpoint: 'Strata GET batch, batch running', ...row(running.strata) },
            { endpoint: 'bare express + better-sqlite3, same body, batch running', ...row(running.bare) },
          ]),
      ...(completedPair === undefined
        ? []
        : [
            { endpoint: 'Strata GET batch, batch completed', ...row(completedPair.strata) },
            { endpoint: 'bare express + better-sqlite3, same body', ...row(completedPair.bare) },
          ]),
    ];
    const loadRatios = {
      running: running === undefined ? null : ratio(running.strata, running.bare),
      completed: completedPair === undefined ? null : ratio(completedPair.strata, completedPair.bare),
    };
    latencies.sort((a, b) => a - b);
    const memory = [...peak].map(([name, bytes]) => ({
      process: name,
      peak_rss_mb: mb(bytes),
      first_under_load_mb: mb(firstUnderLoad.get(name) ?? 0),
      at_10k_objects_mb: mb(at10k.get(name) ?? 0),
    }));
    const workers = memory.filter((m) => m.process.startsWith('extractor-worker #'));
    const growth = workers.length === 0 ? null : Math.max(...workers.map((w) => (w.first_under_load_mb === 0 ? 0 : w.peak_rss_mb / w.first_under_load_mb)));
    const growthFrom10k = workers.length === 0 ? null : Math.max(...workers.map((w) => (w.at_10k_objects_mb === 0 ? 0 : w.peak_rss_mb / w.at_10k_objects_mb)));
    const result = {
      bench: 'scale',
      objects: OBJECTS,
      status,
      ingest_objects_per_s: Math.round(OBJECTS / ingestSeconds),
      batch_create_s: +batchSeconds.toFixed(1),
      ingest_s: +ingestSeconds.toFixed(1),
      ingest: { route: 'bulk', clients: CLIENTS, lines_per_request: LINES_PER_REQUEST, chunk: CHUNK },
      processing_objects_per_s: Math.round(OBJECTS / processSeconds),
      processing_s: +processSeconds.toFixed(1),
      get_batch_p50_ms: +percentile(latencies, 50).toFixed(1),
      get_batch_p99_ms: +percentile(latencies, 99).toFixed(1),
      get_batch_samples: latencies.length,
      get_batch_body_bytes: bodyBytes,
      worker_rss_growth: growth === null ? null : +growth.toFixed(2),
      worker_rss_growth_from_10k_objects: growthFrom10k === null ? null : +growthFrom10k.toFixed(2),
      memory,
      worker_rss_by_processed: workerTrace,
      get_batch_under_load: { clients: LOAD_CLIENTS, seconds: LOAD_SECONDS, rows: underLoad, ratios: loadRatios },
    };
    console.log(`\nScale: ${OBJECTS.toLocaleString('en-US')} objects in one batch (${status})`);
    console.log(`ingest (bulk route, ${CLIENTS} streams of ${LINES_PER_REQUEST} lines, ${CHUNK} per transaction, into the batch) ${result.ingest_objects_per_s} objects/s (${result.ingest_s} s); batch created in ${result.batch_create_s} s; processing ${result.processing_objects_per_s} objects/s (${result.processing_s} s)`);
    console.log(`GET batch during the run (one client, outside the load phases): p50 ${result.get_batch_p50_ms} ms, p99 ${result.get_batch_p99_ms} ms over ${latencies.length} samples, body ${bodyBytes} bytes`);
    console.log(`worker RSS growth: peak / at 10,000 objects processed ${result.worker_rss_growth_from_10k_objects}x; peak / first sample under load ${result.worker_rss_growth}x`);
    console.log('| process | peak RSS (MB) | first sample under load (MB) | at 10,000 objects processed (MB) |\n|---|---|---|---|');
    for (const m of memory) console.log(`| ${m.process} | ${m.peak_rss_mb} | ${m.first_under_load_mb} | ${m.at_10k_objects_mb} |`);
    console.log(`worker RSS (MB) by objects processed: ${workerTrace.map((t) => `${t.processed}: ${t.worker_rss_mb.join('/')}`).join(', ')}`);
    if (underLoad.length > 0) {
      console.log(`\nGET batch under load on this batch: ${LOAD_CLIENTS} clients without think time, up to ${LOAD_SECONDS} s per phase`);
      console.log('| endpoint | seconds | requests | errors | p50 (ms) | p99 (ms) | requests/s | body (bytes) |\n|---|---|---|---|---|---|---|---|');
      for (const r of underLoad) console.log(`| ${r.endpoint} | ${r.seconds} | ${r.requests} | ${r.errors} | ${r.p50_ms} | ${r.p99_ms} | ${r.requests_per_s} | ${r.body_bytes} |`);
      if (loadRatios.running !== null) console.log(`Strata / bare while the batch runs: requests/s ${loadRatios.running.requests_per_s}, p99 ${loadRatios.running.p99}x`);
      if (loadRatios.completed !== null) console.log(`Strata / bare, batch completed: requests/s ${loadRatios.completed.requests_per_s}, p99 ${loadRatios.completed.p99}x`);
    }
    console.log(JSON.stringify(result));
  } finally {
    await cluster.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
