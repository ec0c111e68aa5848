import { ApiClient, waitFor } from '@strata/testing';
import { randomBytes } from 'node:crypto';

export interface Fixture {
  namespace: string;
  namespaceId: string;
  bucketId: string;
  collectionId: string;
}

/** A namespace, a bucket with a text field, and a sentence-chunking text collection over it. */
export async function createFixture(api: ApiClient): Promise<Fixture> {
  const namespace = `ns-${randomBytes(4).toString('hex')}`;
  const ns = await api.post('/v1/namespaces', { namespace_name: namespace });
  expect(ns.status).toBe(200);
  const bucket = await api.post(
    '/v1/buckets',
    { bucket_name: 'articles', bucket_schema: { properties: { content: { type: 'text' }, title: { type: 'string' } } } },
    namespace,
  );
  expect(bucket.status).toBe(200);
  const collection = await api.post(
    '/v1/collections',
    {
      collection_name: 'article-sentences',
      source: { type: 'bucket', bucket_ids: [bucket.body['bucket_id']] },
      feature_extractor: {
        feature_extractor_name: 'text_extractor',
        version: 'v1',
        parameters: { split_by: 'sentences', chunk_size: 1 },
        input_mappings: { text: 'content' },
      },
    },
    namespace,
  );
  expect(collection.status).toBe(200);
  return {
    namespace,
    namespaceId: ns.body['namespace_id'] as string,
    bucketId: bucket.body['bucket_id'] as string,
    collectionId: collection.body['collection_id'] as string,
  };
}

/** Two sentences, so each object yields exactly two documents with sentence chunking. */
export function twoSentences(i: number): string {
  return `Object number ${i} talks about harbours, ships and the weather at sea today. It also mentions lighthouse ${i % 17} and a quiet evening tide.`;
}

/** Creates `count` text objects through the API, `concurrency` at a time; returns their ids in order. */
export async function createTextObjects(api: ApiClient, fx: Fixture, count: number, concurrency = 16): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        const res = await api.post(
          `/v1/buckets/${fx.bucketId}/objects`,
          { metadata: { title: `t${i}` }, blobs: [{ property: 'content', type: 'text', data: twoSentences(i) }] },
          fx.namespace,
        );
        if (res.status !== 200) throw new Error(`object ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        ids[i] = res.body['object_id'] as string;
      }
    }),
  );
  return ids;
}

export type BatchBody = Record<string, unknown> & {
  status: string;
  progress: { processed: number; total: number; succeeded: number; failed: number };
  tier_tasks: Array<Record<string, unknown>>;
  task_id: string;
};

export async function getBatch(api: ApiClient, fx: Fixture, batchId: string): Promise<BatchBody> {
  const res = await api.get<BatchBody>(`/v1/buckets/${fx.bucketId}/batches/${batchId}`, fx.namespace);
  if (res.status !== 200) throw new Error(`GET batch: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function waitForStatus(
  api: ApiClient,
  fx: Fixture,
  batchId: string,
  statuses: readonly string[],
  timeoutMs = 60_000,
): Promise<BatchBody> {
  return waitFor(
    async () => {
      const batch = await getBatch(api, fx, batchId);
      return statuses.includes(batch.status) ? batch : undefined;
    },
    { timeoutMs, intervalMs: 100, description: `batch ${batchId} to reach ${statuses.join('|')}` },
  );
}

/** Creates a DRAFT batch of the ids (in two calls: create, then add the rest) and submits it. */
export async function submitBatch(api: ApiClient, fx: Fixture, objectIds: string[]): Promise<{ batchId: string; taskId: string }> {
  const half = Math.ceil(objectIds.length / 2);
  const created = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: objectIds.slice(0, half) }, fx.namespace);
  expect(created.status).toBe(200);
  expect(created.body['status']).toBe('DRAFT');
  const batchId = created.body['batch_id'] as string;
  if (objectIds.length > half) {
    const added = await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/objects`, { object_ids: objectIds.slice(half) }, fx.namespace);
    expect(added.status).toBe(200);
    expect(added.body['object_count']).toBe(objectIds.length);
  }
  const submitted = await api.post(
    `/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`,
    { include_processing_history: true },
    fx.namespace,
  );
  expect(submitted.status).toBe(200);
  return { batchId, taskId: submitted.body['task_id'] as string };
}

/** The documents of a collection (the fixture's by default) through the list API, up to 1000. */
export async function listDocuments(api: ApiClient, fx: Fixture, collectionId = fx.collectionId): Promise<Array<Record<string, unknown>>> {
  const res = await api.post(`/v1/collections/${collectionId}/documents/list?limit=1000`, {}, fx.namespace);
  expect(res.status).toBe(200);
  return res.body['results'] as Array<Record<string, unknown>>;
}
