import { BATCH_OUTCOMES } from '@strata/domain';
import { StoreInspector, StrataCluster, waitFor } from '@strata/testing';
import { createFixture, createTextObjects, getBatch, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

describe('batch lifecycle: failures, cancel, patch, delete, tasks', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('finishes COMPLETED_WITH_ERRORS and lists each failed item with its category and stage', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const good = await createTextObjects(api, fx, 8);
    // An object without the text blob: its item fails validation; the rest complete.
    const bad = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { metadata: { title: 'no content' } }, fx.namespace);
    expect(bad.status).toBe(200);
    const badId = bad.body['object_id'] as string;
    const { batchId, taskId } = await submitBatch(api, fx, [...good, badId]);
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES);
    expect(done.status).toBe('COMPLETED_WITH_ERRORS');
    expect(done.progress).toMatchObject({ processed: 9, succeeded: 8, failed: 1 });
    expect(done['error_summary']).toEqual({ validation: 1 });
    expect(done['status_message']).toBe('Completed with errors: 8 succeeded, 1 failed of 9 objects');
    const failed = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/failed-documents?tier_num=0`, fx.namespace);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      total: 1,
      results: [{ object_id: badId, tier_num: 0, collection_id: fx.collectionId, error_type: 'validation', stage: 'resolve_inputs', retryable: false }],
    });
    expect((failed.body['results'] as Array<{ message: string }>)[0]?.message).toContain('input_mappings');
    expect((await api.get(`/v1/tasks/${taskId}`)).body['status']).toBe('COMPLETED_WITH_ERRORS');

    const patched = await api.request('PATCH', `/v1/buckets/${fx.bucketId}/batches/${batchId}`, {
      namespace: fx.namespace,
      body: { metadata: { owner: 'team-a' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body['metadata']).toEqual({ owner: 'team-a' });

    const removed = await api.request('DELETE', `/v1/buckets/${fx.bucketId}/batches/${batchId}`, { namespace: fx.namespace });
    expect(removed.body).toEqual({ success: true, message: 'Successfully deleted' });
    expect((await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}`, fx.namespace)).status).toBe(404);
    // Its documents stay in the collection.
    const docs = await api.post(`/v1/collections/${fx.collectionId}/documents/list`, {}, fx.namespace);
    expect((docs.body['pagination'] as { total: number }).total).toBe(16);
  });

  it('cancel stops the work on every worker: nothing runs after it, the status is CANCELED', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 200);
    expect(await cluster.stopApp('extractor-worker')).toBe(0);
    const { batchId, taskId } = await submitBatch(api, fx, objectIds);
    await waitForStatus(api, fx, batchId, ['PROCESSING'], 10_000);
    // Wait until the poller has put every chunk on the bus, then cancel.
    await waitFor(async () => ((await getBatch(api, fx, batchId)).tier_tasks[0]?.['status'] === 'IN_PROGRESS' ? true : undefined), {
      description: 'tier started',
    });
    const canceled = await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/cancel`, {}, fx.namespace);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ task_id: taskId, status: 'CANCELED' });
    await cluster.startApp('extractor-worker', 1);
    // The worker drains the canceled work without running it.
    await waitFor(() => cluster.logs('extractor-worker', 1).includes('work item skipped'), { description: 'skipped work' });
    const after = await getBatch(api, fx, batchId);
    expect(after.status).toBe('CANCELED');
    expect(after.progress.processed).toBe(0);
    expect(after['status_message']).toBe('Canceled after 0/200 objects');
    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    expect(inspector.documents(fx.collectionId).rows).toBe(0);
    inspector.close();
    // Cancel is idempotent; a finished batch cannot be canceled.
    expect((await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/cancel`, {}, fx.namespace)).body['status']).toBe('CANCELED');
    const other = await submitBatch(api, fx, objectIds.slice(0, 5));
    await waitForStatus(api, fx, other.batchId, ['COMPLETED']);
    const late = await api.post(`/v1/buckets/${fx.bucketId}/batches/${other.batchId}/cancel`, {}, fx.namespace);
    expect(late.status).toBe(409);
    // A running batch cannot be deleted; a DRAFT one can be canceled.
    const draft = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: objectIds.slice(0, 2) }, fx.namespace);
    const draftCancel = await api.post(`/v1/buckets/${fx.bucketId}/batches/${draft.body['batch_id']}/cancel`, {}, fx.namespace);
    expect(draftCancel.body['status']).toBe('CANCELED');
    const submitCanceled = await api.post(`/v1/buckets/${fx.bucketId}/batches/${draft.body['batch_id']}/submit`, {}, fx.namespace);
    expect(submitCanceled.status).toBe(409);
  });

  it('lists tasks and kills one (DELETE cancels its running batch)', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 20);
    await cluster.stopApp('extractor-worker', 1);
    const { batchId, taskId } = await submitBatch(api, fx, objectIds);
    const listed = await api.post('/v1/tasks/list?limit=1000', {});
    expect(listed.status).toBe(200);
    expect((listed.body['results'] as Array<{ task_id: string }>).map((t) => t.task_id)).toContain(taskId);
    const killed = await api.request('DELETE', `/v1/tasks/${taskId}`);
    expect(killed.body).toEqual({ success: true, message: `Successfully deleted; batch ${batchId} canceled` });
    expect((await getBatch(api, fx, batchId)).status).toBe('CANCELED');
    // The task record is gone from the task store; the batch answers for it.
    const fallback = await api.get(`/v1/tasks/${taskId}`);
    expect(fallback.body).toMatchObject({ status: 'CANCELED', additional_data: { from_metadata_store: true } });
    expect((await api.request('DELETE', `/v1/tasks/${taskId}`)).status).toBe(200);
    await cluster.startApp('extractor-worker', 2);
  });
});
