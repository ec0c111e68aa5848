import { BatchProgressView, NotFoundError, StrataClient } from '@strata/sdk';
import { StoreInspector, StrataCluster, waitFor } from '@strata/testing';
import { createSdkFixture, createSdkTextObjects, submitSdkBatch, waitForSdkBatch } from './sdk-support';
import { Fixture } from './support';

jest.setTimeout(180_000);

/** Checks that every object of the batch has exactly `perObject` documents in both stores. */
function expectEachDocumentOnce(cluster: StrataCluster, collectionId: string, objectIds: string[], perObject: number): void {
  const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
  try {
    const docs = inspector.documents(collectionId);
    const points = inspector.points(collectionId);
    expect(docs.rows).toBe(objectIds.length * perObject);
    expect(docs.distinct).toBe(docs.rows);
    expect(points.rows).toBe(docs.rows);
    expect(points.distinct).toBe(points.rows);
    expect(points.withVector).toBe(points.rows);
    for (const id of objectIds) expect(docs.objects.get(id)).toBe(perObject);
  } finally {
    inspector.close();
  }
}

/** The batch's status, read with the SDK until it is one of `statuses`. */
function waitForStatus(sdk: StrataClient, fx: Fixture, batchId: string, statuses: string[], timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const batch = await sdk.batches.get(fx.bucketId, batchId);
      return statuses.includes(batch.status) ? batch : undefined;
    },
    { timeoutMs, intervalMs: 100, description: `batch ${batchId} to reach ${statuses.join('|')}` },
  );
}

describe('a batch through the four services', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('runs 200 text objects to COMPLETED with every document exactly once', async () => {
    const { fx, sdk } = await createSdkFixture(cluster);
    const objectIds = await createSdkTextObjects(sdk, fx, 199);
    // One object arrives as a multipart file upload.
    const upload = await sdk.objects.upload(fx.bucketId, {
      metadata: { title: 'uploaded' },
      files: [{ property: 'content', filename: 'upload.txt', content: new Blob(['An uploaded file with one sentence. And a second one.'], { type: 'text/plain' }) }],
    });
    expect((upload['blobs'] as Array<{ details: { filename: string } }>)[0]?.details.filename).toBe('upload.txt');
    objectIds.push(upload.object_id);

    const { batchId, taskId } = await submitSdkBatch(sdk, fx, objectIds);
    // A second submit returns the same task and changes nothing.
    const again = await sdk.batches.submit(fx.bucketId, batchId);
    expect(again.task_id).toBe(taskId);

    // Followed over the event stream: progress only moves forward and ends at 200/200.
    const updates: BatchProgressView[] = [];
    const done = await sdk.waitForBatch(fx.bucketId, batchId, { transport: 'sse', timeoutMs: 60_000, onProgress: (b) => updates.push(b) });
    expect(done.status).toBe('COMPLETED');
    const processed = updates.map((u) => u.progress?.processed ?? 0);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(updates.at(-1)).toMatchObject({ status: 'COMPLETED', progress: { processed: 200, total: 200 } });
    expect(done.progress).toMatchObject({ processed: 200, total: 200, succeeded: 200, failed: 0 });
    expect(done.tier_tasks?.[0]).toMatchObject({ status: 'COMPLETED', items_succeeded: 200, documents_written: 400 });
    expect(done['dag_tiers']).toEqual([[fx.collectionId]]);
    expectEachDocumentOnce(cluster, fx.collectionId, objectIds, 2);

    const task = await sdk.tasks.get(taskId);
    expect(task.status).toBe('COMPLETED');

    const listed = await sdk.documents.list(fx.collectionId, { limit: 5, offset: 0, cursor: null });
    expect(listed.pagination?.total).toBe(400);
    const first = listed.results[0] as Record<string, unknown>;
    const history = (first['internal_metadata'] as { processing_history: Array<Record<string, unknown>> }).processing_history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ operation: 'extract', extractor: 'text_extractor@v1', batch_id: batchId, tier: 0 });
    // The iterator walks all 400 documents, page by page.
    const seen = new Set<string>();
    for await (const doc of sdk.documents.iterate(fx.collectionId, { pageSize: 150 })) seen.add(doc['document_id'] as string);
    expect(seen.size).toBe(400);

    const doc = await sdk.documents.get(fx.collectionId, first['document_id'] as string, { returnVectors: true });
    expect(doc.document_id).toBe(first['document_id']);
    expect((doc['vectors'] as Record<string, number[]>)['text_extractor_v1_embedding']).toHaveLength(384);

    // Errors arrive typed, from the envelope.
    await expect(sdk.batches.get(fx.bucketId, 'btch_missing')).rejects.toBeInstanceOf(NotFoundError);

    // The dispatcher consumed the lifecycle events durably.
    await waitFor(() => cluster.logs('webhook-dispatcher').includes('"event_type":"batch.completed"'), {
      timeoutMs: 10_000,
      description: 'batch.completed at the dispatcher',
    });
  });
});

describe('two pollers at once', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ counts: { poller: 2 } });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('process each batch once', async () => {
    const { fx, sdk } = await createSdkFixture(cluster);
    const objectIds = await createSdkTextObjects(sdk, fx, 150);
    const batches = await Promise.all([0, 1, 2].map((k) => submitSdkBatch(sdk, fx, objectIds.slice(k * 50, (k + 1) * 50))));
    for (const { batchId } of batches) {
      const done = await waitForSdkBatch(sdk, fx, batchId);
      expect(done.status).toBe('COMPLETED');
      expect(done.progress).toMatchObject({ processed: 50, total: 50 });
      const claims = [0, 1]
        .map((i) => cluster.logs('poller', i))
        .join('\n')
        .split('\n')
        .filter((line) => line.includes(batchId) && line.includes('"msg":"claimed batch"'));
      expect(claims).toHaveLength(1);
      const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
      expect(inspector.items(batchId)).toEqual({ rows: 50, completed: 50, failed: 0 });
      inspector.close();
    }
    expectEachDocumentOnce(cluster, fx.collectionId, objectIds, 2);
  });
});

describe('poller restarts', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ env: { LEASE_MS: '1500', POLL_INTERVAL_MS: '500' } });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('a batch submitted while no poller runs is processed when one starts', async () => {
    const { fx, sdk } = await createSdkFixture(cluster);
    const objectIds = await createSdkTextObjects(sdk, fx, 100);
    // A graceful stop exits 0 (loops stopped, leases released, NATS drained, stores closed).
    expect(await cluster.stopApp('poller')).toBe(0);
    const { batchId } = await submitSdkBatch(sdk, fx, objectIds);
    expect((await sdk.batches.get(fx.bucketId, batchId)).status).toBe('QUEUED');
    await cluster.startApp('poller');
    const done = await waitForSdkBatch(sdk, fx, batchId);
    expect(done.status).toBe('COMPLETED');
    expectEachDocumentOnce(cluster, fx.collectionId, objectIds, 2);
  });

  it('a poller killed while holding the lease is taken over after the lease expires', async () => {
    const { fx, sdk } = await createSdkFixture(cluster);
    const objectIds = await createSdkTextObjects(sdk, fx, 300);
    // Stop the worker so the batch cannot finish before the poller dies.
    expect(await cluster.stopApp('extractor-worker')).toBe(0);
    const { batchId } = await submitSdkBatch(sdk, fx, objectIds);
    await waitForStatus(sdk, fx, batchId, ['PROCESSING'], 10_000);
    await cluster.killApp('poller');
    await cluster.startApp('poller', 1);
    await cluster.startApp('extractor-worker');
    const done = await waitForSdkBatch(sdk, fx, batchId);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ processed: 300, total: 300 });
    expect(cluster.logs('poller', 1)).toContain('took over a batch whose lease expired');
    expectEachDocumentOnce(cluster, fx.collectionId, objectIds, 2);
  });
});
