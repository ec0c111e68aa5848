/**
 * `npm run bench`: three figures for the same work at 10,000 and 100,000 small text objects
 * (BENCH_SIZES), in one run: a bare reference loop with better-sqlite3 and sqlite-vec directly (no
 * Strata code, reference-loop.ts), Strata's in-process loop (its extractor and stores, no bus), and
 * the pipeline (the four built apps over NATS, from the submit request to the task COMPLETED),
 * with the ratios and the poller's pick-up latency. The pipeline is timed from the submit request
 * to the batch's completed_at. Prints a table and a JSON line. Compare the
 * ratios of one run: the machine is shared.
 *
 * The work per object (the architecture guide's reference): a ~200-character text split into two
 * chunks of at most 100 characters, each hash-embedded to 384 floats, documents written to the
 * SQLite metadata store and vectors to sqlite-vec, in batches of 64.
 *
 * BENCH_PROFILE=<dir> starts the worker(s) with `--cpu-prof` into that directory (docs/benchmarks.md);
 * BENCH_PIPELINE=0 runs the two loops only (to profile them: `node --cpu-prof` on this script).
 * BENCH_APP_ENV='{"NAME":"value"}' sets extra settings on every app of the pipeline (e.g. WORK_CHUNK_SIZE).
 * BENCH_WARMUP=<n> runs the three once at n objects first, unreported (default 2,000; 0 = none).
 */
import { LocalObjectStorage, SqliteMetadataStore, SqliteVecVectorStore } from '@strata/adapters';
import { documentId, newId } from '@strata/domain';
import { ExtractorRuntime, textExtractor as textExtractorOf } from '@strata/extractors';

const textExtractor = textExtractorOf(new ExtractorRuntime());
import { StrataCluster, tempDir, waitFor } from '@strata/testing';
import { join } from 'node:path';
import { BENCH_APP_DEFAULTS, createTextBatch, createTextCollection } from './measure';
import { referenceLoop } from './reference-loop';

const SIZES = (process.env['BENCH_SIZES'] ?? '10000,100000').split(',').map(Number);
const PROFILE_DIR = process.env['BENCH_PROFILE'] ?? '';
/** Worker processes (WORKER_PROCESSES; 0 = the worker's default, one per core). */
const WORKER_PROCESSES = process.env['BENCH_WORKER_PROCESSES'] ?? '0';
const WITH_PIPELINE = process.env['BENCH_PIPELINE'] !== '0';
/** Extra settings for every app of the pipeline, as JSON (e.g. '{"WORK_CHUNK_SIZE":"256"}'). */
const APP_ENV = JSON.parse(process.env['BENCH_APP_ENV'] ?? '{}') as Record<string, string>;
const CHUNK = 64;
/**
 * Objects of the warm-up round (0 = none): the three are run once at this size before the
 * measured sizes and not reported, so each figure is of code the JIT has compiled and files the
 * page cache holds. Without it the first measured size (10,000) timed the apps' and the bare
 * loop's first minutes of work: the bare loop's figure swung 5,500-10,600 objects/s from run to run.
 */
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? '2000');

function text(i: number): string {
  const base = `Record ${i}: the harbour master logged ${i % 97} arrivals and noted fog near the eastern pier before dawn. `;
  return (base + `Cargo manifests for vessel ${i % 13} list grain, timber and machine parts bound for the northern rail yards.`).slice(0, 200);
}

/** The limit: extractor and store writes for n objects in one loop, no bus, no bookkeeping. */
async function inProcess(n: number): Promise<number> {
  const dir = tempDir('bench-inproc');
  const metadata = new SqliteMetadataStore(join(dir.path, 'strata.db'));
  const vectors = new SqliteVecVectorStore(join(dir.path, 'vectors.db'));
  const objects = new LocalObjectStorage(join(dir.path, 'objects'));
  const params = textExtractor.parseParameters({ chunk_size: 100 });
  for (const index of textExtractor.vectorIndexes(params)) await vectors.ensureIndex(index);
  const keys: string[] = [];
  // Object ids as the API makes them (time-ordered, ADR 0104), not `obj_<i>`.
  const objectIds: string[] = [];
  for (let i = 0; i < n; i += 1) {
    keys.push(`bench/${i}`);
    objectIds.push(newId('object'));
    await objects.put(`bench/${i}`, Buffer.from(text(i)));
  }
  const start = process.hrtime.bigint();
  for (let offset = 0; offset < n; offset += CHUNK) {
    const slice = keys.slice(offset, offset + CHUNK);
    const inputs = await Promise.all(
      slice.map(async (key, j) => ({ itemId: objectIds[offset + j] as string, values: { text: (await objects.get(key)).toString('utf8') } })),
    );
    const results = await textExtractor.run(inputs, params);
    const now = new Date().toISOString();
    const records = [];
    const points = [];
    for (const r of results) {
      if (!r.ok) throw r.error;
      for (const d of r.documents) {
        const id = documentId({ namespaceId: 'ns_bench', collectionId: 'col_bench', sourceId: r.itemId, extractor: 'text_extractor@v1', position: d.position });
        records.push({
          namespaceId: 'ns_bench',
          collectionId: 'col_bench',
          documentId: id,
          objectId: r.itemId,
          batchId: 'btch_bench',
          featureExtractorId: 'text_extractor_v1',
          payload: d.payload,
          lineage: { rootObjectId: r.itemId, rootBucketId: 'bkt', sourceType: 'bucket' as const, sourceObjectId: r.itemId, sourceDocumentId: null, path: 'p' },
          processingHistory: [],
          createdAt: now,
          updatedAt: now,
        });
        points.push({ id, namespaceId: 'ns_bench', collectionId: 'col_bench', vectors: d.vectors, payload: d.payload });
      }
    }
    await vectors.upsert(points);
    await metadata.documents.upsertMany(records);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await metadata.close();
  await vectors.close();
  dir.remove();
  return n / seconds;
}

interface PipelineResult {
  objectsPerSecond: number;
  pickupMs: number;
  wallSeconds: number;
  /** From the submit request to the first poll that saw progress (100 ms polls). */
  firstProgressMs: number;
  /** From the submit request to the first poll that saw every item processed. */
  allProcessedMs: number;
}

/** The four processes: from the submit request to the task reporting COMPLETED. */
async function pipeline(cluster: StrataCluster, n: number): Promise<PipelineResult> {
  const api = cluster.api;
  const ns = `bench-${newId('namespace').slice(3, 11)}`;
  const { bucketId } = await createTextCollection(api, ns);
  const batchId = await createTextBatch(api, ns, bucketId, n, text);
  const submittedAtMs = Date.now();
  const submitted = await api.post(`/v1/buckets/${bucketId}/batches/${batchId}/submit`, { include_processing_history: false }, ns);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status}`);
  // The timeline, from polls of GET batch every 100 ms (a client polling every few milliseconds
  // took a tenth of the machine's CPU from the apps): the first progress seen and all items
  // processed, then the batch's own completed_at (same machine clock).
  let firstProgressMs = -1;
  let allProcessedMs = -1;
  const final = await waitFor(
    async () => {
      const batch = await api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, ns);
      const processed = (batch.body['progress'] as { processed: number } | undefined)?.processed ?? 0;
      if (processed > 0 && firstProgressMs < 0) firstProgressMs = Date.now() - submittedAtMs;
      if (processed >= n && allProcessedMs < 0) allProcessedMs = Date.now() - submittedAtMs;
      const status = batch.body['status'];
      if (status === 'FAILED') throw new Error('batch failed');
      return status === 'COMPLETED' ? batch : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 100, description: 'batch completion' },
  );
  const wallSeconds = (Date.parse(final.body['completed_at'] as string) - submittedAtMs) / 1000;
  const progress = final.body['progress'] as { processed: number; total: number };
  if (progress.processed !== n) throw new Error(`progress ${progress.processed} != ${n}`);
  const pickupMs = Date.parse(final.body['started_at'] as string) - Date.parse(final.body['submitted_at'] as string);
  return { objectsPerSecond: n / wallSeconds, pickupMs, wallSeconds, firstProgressMs, allProcessedMs: allProcessedMs < 0 ? wallSeconds * 1000 : allProcessedMs };
}

function bare(n: number): number {
  const dir = tempDir('bench-bare');
  try {
    return referenceLoop(dir.path, Array.from({ length: n }, (_, i) => text(i)));
  } finally {
    dir.remove();
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The two loops only, without the apps. */
async function loopsOnly(): Promise<void> {
  const rows = [];
  if (WARMUP > 0) {
    bare(WARMUP);
    await inProcess(WARMUP);
  }
  for (const n of SIZES) {
    const reference = bare(n);
    const limit = await inProcess(n);
    rows.push({ objects: n, bare_objects_per_s: Math.round(reference), in_process_objects_per_s: Math.round(limit), in_process_to_bare: round2(limit / reference) });
  }
  // eslint-disable-next-line no-console
  console.table(rows);
}

async function main(): Promise<void> {
  if (!WITH_PIPELINE) return loopsOnly();
  // The worker(s) start last and on their own, so a profile covers the worker only.
  const cluster = await StrataCluster.start({ readyTimeoutMs: 180_000, env: { ...BENCH_APP_DEFAULTS, LOG_LEVEL: 'warn', ...APP_ENV }, counts: { 'extractor-worker': 0 } });
  const rows: Array<Record<string, number>> = [];
  try {
    await cluster.startApp('extractor-worker', 0, { WORKER_PROCESSES }, PROFILE_DIR === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]);
    if (WARMUP > 0) {
      bare(WARMUP);
      await inProcess(WARMUP);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await pipeline(cluster, WARMUP);
    }
    for (const n of SIZES) {
      const reference = bare(n);
      const limit = await inProcess(n);
      // The loops above block this process's event loop for minutes at 100,000 objects: longer
      // than batch-api keeps an idle connection. Let the client see those closes before reusing
      // a pooled socket (it would write into one the server has closed: "other side closed").
      await new Promise((resolve) => setTimeout(resolve, 200));
      const run = await pipeline(cluster, n);
      rows.push({
        objects: n,
        bare_objects_per_s: Math.round(reference),
        in_process_objects_per_s: Math.round(limit),
        pipeline_objects_per_s: Math.round(run.objectsPerSecond),
        pipeline_to_bare: round2(run.objectsPerSecond / reference),
        in_process_to_bare: round2(limit / reference),
        pipeline_to_in_process: round2(run.objectsPerSecond / limit),
        pipeline_wall_s: round2(run.wallSeconds),
        poller_pickup_ms: run.pickupMs,
        first_progress_ms: run.firstProgressMs,
        all_processed_ms: run.allProcessedMs,
      });
      // Each size as soon as it is measured: deleting a large run's data directory takes minutes.
      // eslint-disable-next-line no-console
      console.log(JSON.stringify({ benchmark: 'pipeline', row: rows[rows.length - 1] }));
    }
  } finally {
    await cluster.destroy();
  }
  // eslint-disable-next-line no-console
  console.table(rows);
  // eslint-disable-next-line no-console
  console.log(JSON.stringify({ benchmark: 'pipeline', cpus: (await import('node:os')).cpus().length, rows }));
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
