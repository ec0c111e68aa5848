import { ExtractorContext, ExtractorDefinition, ExtractorInput } from '@strata/extractors';
import type { ApiClient } from '@strata/testing';

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

/**
 * Creates n text objects (`text(i)` each) through the API's multi-object route, 100 per request,
 * `clients` requests at once; returns their ids in order. @throws on any refused request.
 */
export async function createTextObjects(api: ApiClient, ns: string, bucketId: string, n: number, clients: number, text: (i: number) => string): Promise<string[]> {
  const ids: string[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < n) {
        const start = next;
        next = Math.min(n, next + 100);
        const objects = Array.from({ length: next - start }, (_, j) => ({ blobs: [{ property: 'content', type: 'text', data: text(start + j) }] }));
        const res = await api.post(`/v1/buckets/${bucketId}/objects/batch`, { objects }, ns);
        const created = res.body['succeeded'] as Array<{ object_id: string }> | undefined;
        if (res.status !== 200 || created?.length !== objects.length) throw new Error(`create objects: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
        created.forEach((o, j) => (ids[start + j] = o.object_id));
      }
    }),
  );
  return ids;
}
