import { BATCH_OUTCOMES } from '@strata/domain';
import { StoreInspector, StrataCluster, waitFor } from '@strata/testing';
import { createFixture, createTextObjects, getBatch, submitBatch, waitForStatus } from './support';

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

describe('a batch through the four services', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('runs 200 text objects to COMPLETED with every document exactly once', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 199);
    // One object arrives as a multipart file upload.
    const form = new FormData();
    form.append('metadata', JSON.stringify({ title: 'uploaded' }));
    form.append('content', new Blob(['An uploaded file with one sentence. And a second one.'], { type: 'text/plain' }), 'upload.txt');
    const upload = await api.request('POST', `/v1/buckets/${fx.bucketId}/objects`, { namespace: fx.namespace, raw: form });
    expect(upload.status).toBe(200);
    expect((upload.body['blobs'] as Array<{ details: { filename: string } }>)[0]?.details.filename).toBe('upload.txt');
    objectIds.push(upload.body['object_id'] as string);

    const { batchId, taskId } = await submitBatch(api, fx, objectIds);
    // A second submit returns the same task and changes nothing.
    const again = await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace);
    expect(again.status).toBe(200);
    expect(again.body['task_id']).toBe(taskId);

    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ processed: 200, total: 200, succeeded: 200, failed: 0 });
    expect(done.tier_tasks[0]).toMatchObject({ status: 'COMPLETED', items_succeeded: 200, documents_written: 400 });
    expect(done['dag_tiers']).toEqual([[fx.collectionId]]);
    expectEachDocumentOnce(cluster, fx.collectionId, objectIds, 2);

    const task = await api.get(`/v1/tasks/${taskId}`);
    expect(task.status).toBe(200);
    expect(task.body['status']).toBe('COMPLETED');

    const listed = await api.post(`/v1/collections/${fx.collectionId}/documents/list?limit=5`, {}, fx.namespace);
    expect(listed.status).toBe(200);
    expect((listed.body['pagination'] as { total: number }).total).toBe(400);
    const first = (listed.body['results'] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const history = (first['internal_metadata'] as { processing_history: Array<Record<string, unknown>> }).processing_history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ operation: 'extract', extractor: 'text_extractor@v1', batch_id: batchId, tier: 0 });

    const doc = await api.get(`/v1/collections/${fx.collectionId}/documents/${first['document_id']}?return_vectors=true`, fx.namespace);
    expect(doc.status).toBe(200);
    expect((doc.body['vectors'] as Record<string, number[]>)['text_extractor_v1_embedding']).toHaveLength(384);

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
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 150);
    const batches = await Promise.all([0, 1, 2].map((k) => submitBatch(api, fx, objectIds.slice(k * 50, (k + 1) * 50))));
    for (const { batchId } of batches) {
      const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES);
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
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 100);
    // A graceful stop exits 0 (loops stopped, leases released, NATS drained, stores closed).
    expect(await cluster.stopApp('poller')).toBe(0);
    const { batchId } = await submitBatch(api, fx, objectIds);
    expect((await getBatch(api, fx, batchId)).status).toBe('QUEUED');
    await cluster.startApp('poller');
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES);
    expect(done.status).toBe('COMPLETED');
    expectEachDocumentOnce(cluster, fx.collectionId, objectIds, 2);
  });

  it('a poller killed while holding the lease is taken over after the lease expires', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 300);
    // Stop the worker so the batch cannot finish before the poller dies.
    expect(await cluster.stopApp('extractor-worker')).toBe(0);
    const { batchId } = await submitBatch(api, fx, objectIds);
    await waitForStatus(api, fx, batchId, ['PROCESSING'], 10_000);
    await cluster.killApp('poller');
    await cluster.startApp('poller', 1);
    await cluster.startApp('extractor-worker');
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ processed: 300, total: 300 });
    expect(cluster.logs('poller', 1)).toContain('took over a batch whose lease expired');
    expectEachDocumentOnce(cluster, fx.collectionId, objectIds, 2);
  });
});
