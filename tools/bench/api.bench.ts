/**
 * `npm run bench:api`: API latency under load. Starts the four built apps, creates a batch of
 * BENCH_API_OBJECTS (default 10,000) small text objects, submits it, and while it runs
 * BENCH_API_CLIENTS (default 50) concurrent clients poll GET batch and POST batches/list for
 * BENCH_API_SECONDS (default 60). Prints request count, errors (non-200 or transport), and p50/p99
 * latency per endpoint, and a JSON line. Numbers, not assertions: the machine is shared.
 */
/* eslint-disable no-console -- a benchmark prints its figures */
import { ApiClient, StrataCluster } from '@strata/testing';

const OBJECTS = Number(process.env['BENCH_API_OBJECTS'] ?? 10_000);
const CLIENTS = Number(process.env['BENCH_API_CLIENTS'] ?? 50);
const SECONDS = Number(process.env['BENCH_API_SECONDS'] ?? 60);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function setup(api: ApiClient): Promise<{ ns: string; bucketId: string; ids: string[] }> {
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

async function main(): Promise<void> {
  // One message of 16 items at a time, so the batch is still running while the clients poll.
  const cluster = await StrataCluster.start({ env: { WORK_CHUNK_SIZE: '16', WORKER_CONCURRENCY: '1' } });
  try {
    const api = cluster.api;
    const { ns, bucketId, ids } = await setup(api);
    const batch = await api.post(`/v1/buckets/${bucketId}/batches`, { object_ids: ids }, ns);
    const batchId = batch.body['batch_id'] as string;
    const submitted = await api.post(`/v1/buckets/${bucketId}/batches/${batchId}/submit`, {}, ns);
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 500)}`);
    const latencies: Record<'get' | 'list', number[]> = { get: [], list: [] };
    const errors: Record<'get' | 'list', number> = { get: 0, list: 0 };
    const deadline = Date.now() + SECONDS * 1000;
    let finishedAt: number | null = null;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        let i = c;
        while (Date.now() < deadline) {
          const kind = i % 2 === 0 ? 'get' : 'list';
          i += 1;
          const t0 = process.hrtime.bigint();
          try {
            const res =
              kind === 'get'
                ? await api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, ns)
                : await api.post(`/v1/buckets/${bucketId}/batches/list`, { status: 'PROCESSING' }, ns);
            if (res.status !== 200) errors[kind] += 1;
            if (kind === 'get' && finishedAt === null && res.body['status'] === 'COMPLETED') finishedAt = Date.now();
          } catch {
            errors[kind] += 1;
          }
          latencies[kind].push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const final = await api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, ns);
    const rows = (['get', 'list'] as const).map((kind) => {
      const sorted = [...latencies[kind]].sort((a, b) => a - b);
      return { endpoint: kind === 'get' ? 'GET batch' : 'POST batches/list', requests: sorted.length, errors: errors[kind], p50_ms: +percentile(sorted, 50).toFixed(1), p99_ms: +percentile(sorted, 99).toFixed(1) };
    });
    const batchSeconds = finishedAt === null ? null : ((finishedAt as number) - started) / 1000;
    console.log(`\nAPI under load: ${CLIENTS} clients for ${SECONDS} s while a ${OBJECTS.toLocaleString('en-US')}-object batch runs`);
    console.log(`batch: ${String(final.body['status'])}${batchSeconds === null ? ' (still running at the end)' : ` after ${batchSeconds.toFixed(1)} s of the polling`}`);
    console.log('| endpoint | requests | errors | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.endpoint} | ${r.requests} | ${r.errors} | ${r.p50_ms} | ${r.p99_ms} |`);
    console.log(JSON.stringify({ bench: 'api', objects: OBJECTS, clients: CLIENTS, seconds: SECONDS, batchSeconds, rows }));
  } finally {
    await cluster.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
