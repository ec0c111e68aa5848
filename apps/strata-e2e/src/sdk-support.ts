import { Batch, StrataClient } from '@strata/sdk';
import type { StrataCluster } from '@strata/testing';
import { randomBytes } from 'node:crypto';
import { Fixture, twoSentences } from './support';

/**
 * The batch-flow tests drive the cluster through @strata/sdk, as a user's program would: so the SDK
 * (generated types, envelopes, SSE waits, uploads) runs against the real stack in every CI run.
 */
export function sdkFor(cluster: StrataCluster, namespace?: string): StrataClient {
  return new StrataClient({ baseUrl: cluster.api.baseUrl, namespace: namespace ?? null });
}

/** A namespace, a bucket with a text field, and a sentence-chunking text collection over it. */
export async function createSdkFixture(cluster: StrataCluster): Promise<{ fx: Fixture; sdk: StrataClient }> {
  const namespace = `ns-${randomBytes(4).toString('hex')}`;
  const ns = await sdkFor(cluster).namespaces.create({ namespace_name: namespace });
  const sdk = sdkFor(cluster, namespace);
  const bucket = await sdk.buckets.create({
    bucket_name: 'articles',
    bucket_schema: { properties: { content: { type: 'text' }, title: { type: 'string' } } },
  });
  const collection = await sdk.collections.create({
    collection_name: 'article-sentences',
    source: { type: 'bucket', bucket_ids: [bucket.bucket_id] },
    feature_extractor: {
      feature_extractor_name: 'text_extractor',
      version: 'v1',
      parameters: { split_by: 'sentences', chunk_size: 1 },
      input_mappings: { text: 'content' },
    },
  });
  const fx = {
    namespace,
    namespaceId: ns.namespace_id,
    bucketId: bucket.bucket_id,
    collectionId: collection.collection_id,
  };
  return { fx, sdk };
}

/** Creates `count` two-sentence text objects, `concurrency` at a time; returns their ids in order. */
export async function createSdkTextObjects(sdk: StrataClient, fx: Fixture, count: number, concurrency = 16): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        const created = await sdk.objects.create(fx.bucketId, {
          metadata: { title: `t${i}` },
          blobs: [{ property: 'content', type: 'text', data: twoSentences(i) }],
        });
        ids[i] = created.object_id;
      }
    }),
  );
  return ids;
}

/** A DRAFT batch of the ids (create with half, add the rest), submitted. */
export async function submitSdkBatch(sdk: StrataClient, fx: Fixture, objectIds: string[]): Promise<{ batchId: string; taskId: string }> {
  const half = Math.ceil(objectIds.length / 2);
  const created = await sdk.batches.create(fx.bucketId, { object_ids: objectIds.slice(0, half) });
  expect(created.status).toBe('DRAFT');
  if (objectIds.length > half) {
    const added = await sdk.batches.addObjects(fx.bucketId, created.batch_id, objectIds.slice(half));
    expect(added.object_count).toBe(objectIds.length);
  }
  const task = await sdk.batches.submit(fx.bucketId, created.batch_id, { include_processing_history: true });
  return { batchId: created.batch_id, taskId: task.task_id };
}

/** Waits for the batch over its event stream (60 s at most). */
export function waitForSdkBatch(sdk: StrataClient, fx: Fixture, batchId: string, timeoutMs = 60_000): Promise<Batch> {
  return sdk.waitForBatch(fx.bucketId, batchId, { timeoutMs, transport: 'sse' });
}
