/**
 * `npm run bench`: end-to-end throughput of the four processes against the same work done in one
 * in-process loop (the limit), for 1,000 and 10,000 small text objects, plus the poller's pick-up
 * latency. Prints a table and a JSON line. Compare the ratios of one run: the machine is shared.
 *
 * The work per object (the architecture guide's reference): a ~200-character text split into two
 * chunks of at most 100 characters, each hash-embedded to 384 floats, documents written to the
 * SQLite metadata store and vectors to sqlite-vec, in batches of 64.
 */
import { LocalObjectStorage, SqliteMetadataStore, SqliteVecVectorStore } from '@strata/adapters';
import { documentId, newId } from '@strata/domain';
import { ExtractorRuntime, textExtractor as textExtractorOf } from '@strata/extractors';

const textExtractor = textExtractorOf(new ExtractorRuntime());
import { ApiClient, StrataCluster, tempDir, waitFor } from '@strata/testing';
import { join } from 'node:path';

const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const CHUNK = 64;

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
  for (let i = 0; i < n; i += 1) {
    keys.push(`bench/${i}`);
    await objects.put(`bench/${i}`, Buffer.from(text(i)));
  }
  const start = process.hrtime.bigint();
  for (let offset = 0; offset < n; offset += CHUNK) {
    const slice = keys.slice(offset, offset + CHUNK);
    const inputs = await Promise.all(
      slice.map(async (key, j) => ({ itemId: `obj_${offset + j}`, values: { text: (await objects.get(key)).toString('utf8') } })),
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
}

async function createObjects(api: ApiClient, ns: string, bucketId: string, n: number): Promise<string[]> {
  const ids: string[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) {
        const i = next;
        next += 1;
        const res = await api.post(`/v1/buckets/${bucketId}/objects`, { blobs: [{ property: 'content', type: 'text', data: text(i) }] }, ns);
        if (res.status !== 200) throw new Error(`create object: ${res.status} ${JSON.stringify(res.body)}`);
        ids[i] = res.body['object_id'] as string;
      }
    }),
  );
  return ids;
}

/** The four processes: from the submit request to the task reporting COMPLETED. */
async function pipeline(cluster: StrataCluster, n: number): Promise<PipelineResult> {
  const api = cluster.api;
  const ns = `bench-${newId('namespace').slice(3, 11)}`;
  await api.post('/v1/namespaces', { namespace_name: ns });
  const bucket = await api.post('/v1/buckets', { bucket_name: 'b', bucket_schema: { properties: { content: { type: 'text' } } } }, ns);
  const bucketId = bucket.body['bucket_id'] as string;
  await api.post(
    '/v1/collections',
    {
      collection_name: 'chunks',
      source: { type: 'bucket', bucket_ids: [bucketId] },
      feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters: { chunk_size: 100 } },
    },
    ns,
  );
  const ids = await createObjects(api, ns, bucketId, n);
  const batch = await api.post(`/v1/buckets/${bucketId}/batches`, { object_ids: ids }, ns);
  const batchId = batch.body['batch_id'] as string;
  const t0 = process.hrtime.bigint();
  const submitted = await api.post(`/v1/buckets/${bucketId}/batches/${batchId}/submit`, { include_processing_history: false }, ns);
  const taskId = submitted.body['task_id'] as string;
  await waitFor(
    async () => {
      const task = await api.get(`/v1/tasks/${taskId}`);
      return task.body['status'] === 'COMPLETED' ? true : task.body['status'] === 'FAILED' ? Promise.reject(new Error('batch failed')) : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 10, description: 'batch completion' },
  );
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const final = await api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, ns);
  const progress = final.body['progress'] as { processed: number; total: number };
  if (progress.processed !== n) throw new Error(`progress ${progress.processed} != ${n}`);
  const pickupMs = Date.parse(final.body['started_at'] as string) - Date.parse(final.body['submitted_at'] as string);
  return { objectsPerSecond: n / wallSeconds, pickupMs, wallSeconds };
}

async function main(): Promise<void> {
  const cluster = await StrataCluster.start({ env: { LOG_LEVEL: 'warn' } });
  const rows: Array<Record<string, number>> = [];
  try {
    for (const n of SIZES) {
      const limit = await inProcess(n);
      const run = await pipeline(cluster, n);
      rows.push({
        objects: n,
        in_process_objects_per_s: Math.round(limit),
        pipeline_objects_per_s: Math.round(run.objectsPerSecond),
        ratio: Math.round((run.objectsPerSecond / limit) * 100) / 100,
        pipeline_wall_s: Math.round(run.wallSeconds * 100) / 100,
        poller_pickup_ms: run.pickupMs,
      });
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
