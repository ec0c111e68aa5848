import { ExtractorContext, ExtractorDefinition, ExtractorInput } from '@strata/extractors';
import type { ApiClient } from '@strata/testing';
import { DEFAULT_WORKER_NICE } from '@strata/platform';

/**
 * Settings the benchmarks give every app on top of StrataCluster's test defaults: the production
 * worker priority (the test suites run workers at their own).
 */
export const BENCH_APP_DEFAULTS: Record<string, string> = { WORKER_NICE: String(DEFAULT_WORKER_NICE) };

/**
 * Runs an extractor in this process the way a worker does: work-message-sized chunks of 64, two
 * chunks at once (WORKER_CONCURRENCY 2 on 2 cores). Returns the seconds it took.
 * @throws when any item fails: a benchmark of failures measures nothing.
 */
export async function timeInProcess(extractor: ExtractorDefinition<unknown>, params: unknown, inputs: ExtractorInput[], context: ExtractorContext): Promise<number> {
  const chunks: ExtractorInput[][] = [];
  for (let i = 0; i < inputs.length; i += 64) chunks.push(inputs.slice(i, i + 64));
  const started = process.hrtime.bigint();
  let failed = 0;
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < chunks.length) {
        const chunk = chunks[next] as ExtractorInput[];
        next += 1;
        const results = await extractor.run(chunk, params, context);
        failed += results.filter((r) => !r.ok).length;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (failed > 0) throw new Error(`${extractor.name}@${extractor.version}: ${failed} items failed`);
  return seconds;
}

/**
 * The set-up of the cluster benchmarks: a namespace, a bucket with a text property and a
 * text_extractor collection (chunks of 100 characters) on it.
 */
export async function createTextCollection(api: ApiClient, ns: string): Promise<{ bucketId: string }> {
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
  return { bucketId };
}

export interface BulkIngestOptions {
  /** The DRAFT batch every object joins (`?batch_id=`), so the bench never holds the ids. */
  batchId: string;
  /** Index of the first object (`text(first)`), e.g. 1 when object 0 seeded the batch. */
  first: number;
  /** Objects to create: `text(first)` .. `text(first + count - 1)`. */
  count: number;
  /** NDJSON requests in flight at once. */
  clients: number;
  /** Lines per request (a request is one streamed body). */
  linesPerRequest: number;
  /** Objects per server-side transaction (`?chunk_size=`, 1-1000). */
  chunkSize: number;
}

/** Lines gathered per pull of a request body. */
const PULL_LINES = 256;

/**
 * Creates objects through the bulk route (POST .../objects/bulk, application/x-ndjson,
 * docs/adr/0101-bulk-object-ingest.md): `clients` streamed requests at once, each of
 * `linesPerRequest` lines generated as the body is sent, every object added to `batchId` by the
 * server. Returns nothing: the ids stay in the store. @throws on any refused request or failed line.
 */
export async function bulkIngestTextObjects(api: ApiClient, ns: string, bucketId: string, text: (i: number) => string, options: BulkIngestOptions): Promise<void> {
  const end = options.first + options.count;
  let next = options.first;
  const encoder = new TextEncoder();
  const send = async (from: number, to: number): Promise<void> => {
    let i = from;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        let lines = '';
        for (let k = 0; k < PULL_LINES && i < to; k += 1, i += 1) lines += `${JSON.stringify({ blobs: [{ property: 'content', type: 'text', data: text(i) }] })}\n`;
        if (lines.length > 0) controller.enqueue(encoder.encode(lines));
        if (i >= to) controller.close();
      },
    });
    const url = `${api.baseUrl}/v1/buckets/${bucketId}/objects/bulk?batch_id=${options.batchId}&chunk_size=${options.chunkSize}`;
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', headers: { 'x-namespace': ns, 'content-type': 'application/x-ndjson' }, body, duplex: 'half' };
    const res = await fetch(url, init);
    const answer = (await res.json()) as { created_count?: number; failed_count?: number; errors?: unknown[] };
    if (res.status !== 200 || answer.created_count !== to - from) {
      throw new Error(`bulk create ${from}..${to - 1}: ${res.status} ${JSON.stringify(answer).slice(0, 500)}`);
    }
  };
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (next < end) {
        const from = next;
        next = Math.min(end, next + options.linesPerRequest);
        await send(from, next);
      }
    }),
  );
}

/**
 * A DRAFT batch of `n` text objects: one seed object (a batch is created with at least one id, as
 * in Mixpeek), the batch, then the other n - 1 objects through the bulk route into it. The ids
 * stay in the store. Returns the batch id.
 */
export async function createTextBatch(
  api: ApiClient,
  ns: string,
  bucketId: string,
  n: number,
  text: (i: number) => string,
  ingest: Omit<BulkIngestOptions, 'batchId' | 'first' | 'count'> = { clients: 2, linesPerRequest: 50_000, chunkSize: 1_000 },
): Promise<string> {
  const seed = await api.post(`/v1/buckets/${bucketId}/objects`, { blobs: [{ property: 'content', type: 'text', data: text(0) }] }, ns);
  if (seed.status !== 200) throw new Error(`seed object: ${seed.status} ${JSON.stringify(seed.body).slice(0, 300)}`);
  const created = await api.post(`/v1/buckets/${bucketId}/batches`, { object_ids: [seed.body['object_id'] as string] }, ns);
  if (created.status !== 200) throw new Error(`create batch: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
  const batchId = created.body['batch_id'] as string;
  if (n > 1) await bulkIngestTextObjects(api, ns, bucketId, text, { ...ingest, batchId, first: 1, count: n - 1 });
  return batchId;
}
