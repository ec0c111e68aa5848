import { ApiClient, StoreInspector, StrataCluster } from '@strata/testing';
import { createFixture, createTextObjects, listDocuments, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

type Body = Record<string, unknown>;

/** Document rows and vector points of a collection, as the stores hold them. */
function stored(cluster: StrataCluster, collectionId: string): { documents: Set<string>; points: Set<string>; objects: Map<string, number> } {
  const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
  try {
    const docs = inspector.documents(collectionId);
    const points = inspector.points(collectionId);
    // Every point row has its vector: a delete removed both.
    expect(points.withVector).toBe(points.rows);
    return { documents: new Set(inspector.documentRows(collectionId).map((r) => r.documentId)), points: points.ids, objects: docs.objects };
  } finally {
    inspector.close();
  }
}

describe('collection versions: clone, documents of deleted objects, surplus chunks', () => {
  let cluster: StrataCluster;
  let api: ApiClient;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
    api = cluster.api;
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('a clone with other extractor parameters is processed in full while the unchanged original skips', async () => {
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 10);
    const first = await submitBatch(api, fx, ids);
    await waitForStatus(api, fx, first.batchId, ['COMPLETED']);
    const before = await listDocuments(api, fx, fx.collectionId);
    expect(before).toHaveLength(20);

    const res = await api.post(
      `/v1/collections/${fx.collectionId}/clone`,
      { collection_name: 'article-pairs', description: 'two sentences a chunk', feature_extractor: { parameters: { split_by: 'sentences', chunk_size: 2 } } },
      fx.namespace,
    );
    expect(res.status).toBe(201);
    expect(res.body['source_collection_id']).toBe(fx.collectionId);
    const clone = res.body['collection'] as Body;
    const cloneId = clone['collection_id'] as string;
    expect(cloneId).not.toBe(fx.collectionId);
    expect(clone).toMatchObject({ collection_name: 'article-pairs', description: 'two sentences a chunk' });
    expect((clone['feature_extractor'] as Body)['parameters']).toEqual({ split_by: 'sentences', chunk_size: 2 });
    const taken = await api.post(`/v1/collections/${fx.collectionId}/clone`, { collection_name: 'article-pairs' }, fx.namespace);
    expect(taken.status).toBe(409);
    const bad = await api.post(`/v1/collections/${fx.collectionId}/clone`, { collection_name: 'bad-one', feature_extractor: { parameters: { chunk_size: -3 } } }, fx.namespace);
    expect(bad.status).toBe(422);
    const nameless = await api.post(`/v1/collections/${fx.collectionId}/clone`, {}, fx.namespace);
    expect(nameless.status).toBeGreaterThanOrEqual(400);
    expect(nameless.status).toBeLessThan(500);

    const second = await submitBatch(api, fx, ids);
    const done = await waitForStatus(api, fx, second.batchId, ['COMPLETED']);
    const tier = done.tier_tasks[0] as Body;
    expect(tier['collection_ids']).toEqual(expect.arrayContaining([fx.collectionId, cloneId]));
    expect(tier).toMatchObject({ items_succeeded: 20, items_skipped: 10, documents_written: 10 });
    const after = await listDocuments(api, fx, fx.collectionId);
    expect(after.map((d) => [d['document_id'], d['updated_at']]).sort()).toEqual(before.map((d) => [d['document_id'], d['updated_at']]).sort());
    const cloned = await listDocuments(api, fx, cloneId);
    expect(cloned).toHaveLength(10);
    expect(new Set(cloned.map((d) => d['object_id']))).toEqual(new Set(ids));
    const { documents, points } = stored(cluster, cloneId);
    expect(points).toEqual(documents);
  });

  it('documents of an object deleted from the bucket leave both stores on the next batch', async () => {
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 4);
    const first = await submitBatch(api, fx, ids);
    await waitForStatus(api, fx, first.batchId, ['COMPLETED']);
    const gone = ids[1] as string;
    const goneDocs = (await listDocuments(api, fx, fx.collectionId)).filter((d) => d['object_id'] === gone).map((d) => d['document_id'] as string);
    expect(goneDocs).toHaveLength(2);
    expect(stored(cluster, fx.collectionId).points).toEqual(expect.objectContaining({ size: 8 }));

    const del = await api.request('DELETE', `/v1/buckets/${fx.bucketId}/objects/${gone}`, { namespace: fx.namespace });
    expect(del.status).toBe(204);
    const rest = ids.filter((id) => id !== gone);
    const second = await submitBatch(api, fx, rest);
    const done = await waitForStatus(api, fx, second.batchId, ['COMPLETED']);

    const docs = await listDocuments(api, fx, fx.collectionId);
    expect(docs).toHaveLength(6);
    expect(docs.some((d) => d['object_id'] === gone)).toBe(false);
    const { documents, points, objects } = stored(cluster, fx.collectionId);
    expect(objects.has(gone)).toBe(false);
    expect(points).toEqual(documents);
    for (const id of goneDocs) expect(points.has(id)).toBe(false);
    const task = await api.get(`/v1/tasks/${done.task_id}`);
    expect((task.body['outputs'] as Body[])[0]).toMatchObject({ deleted_documents: 2 });

    // The next run has nothing more to delete.
    const third = await submitBatch(api, fx, rest);
    const done3 = await waitForStatus(api, fx, third.batchId, ['COMPLETED']);
    const task3 = await api.get(`/v1/tasks/${done3.task_id}`);
    expect((task3.body['outputs'] as Body[])[0]).toMatchObject({ deleted_documents: 0 });
  });

  it('a shortened object keeps only the chunks it still produces, in both stores', async () => {
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 3);
    const first = await submitBatch(api, fx, ids);
    await waitForStatus(api, fx, first.batchId, ['COMPLETED']);
    const shortened = ids[0] as string;
    const put = await api.request('PUT', `/v1/buckets/${fx.bucketId}/objects/${shortened}`, {
      body: { metadata: { title: 'short' }, blobs: [{ property: 'content', type: 'text', data: 'Only one sentence is left.' }] },
      namespace: fx.namespace,
    });
    expect(put.status).toBe(200);

    const second = await submitBatch(api, fx, ids);
    const done = await waitForStatus(api, fx, second.batchId, ['COMPLETED']);
    expect(done.tier_tasks[0]).toMatchObject({ items_succeeded: 3, items_skipped: 2 });

    const docs = (await listDocuments(api, fx, fx.collectionId)).filter((d) => d['object_id'] === shortened);
    expect(docs.map((d) => d['text'])).toEqual(['Only one sentence is left.']);
    const { documents, points, objects } = stored(cluster, fx.collectionId);
    expect(objects.get(shortened)).toBe(1);
    expect(documents.size).toBe(5);
    expect(points).toEqual(documents);
  });
});
