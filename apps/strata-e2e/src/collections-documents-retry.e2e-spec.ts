import Database from 'better-sqlite3';
import { BATCH_OUTCOMES } from '@strata/domain';
import { StrataCluster } from '@strata/testing';
import { createFixture, createTextObjects, getBatch, submitBatch, twoSentences, waitForStatus } from './support';

jest.setTimeout(180_000);

type Json = Record<string, unknown>;
const errorOf = (body: unknown) => (body as { error: { message: string; type: string; details: Json | null } }).error;

describe('collections after creation, documents, batch retry', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('lists, updates, describes and deletes collections; a sourced collection cannot go first', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const derived = await api.post(
      '/v1/collections',
      {
        collection_name: 'article-echo',
        source: { type: 'collection', collection_ids: [fx.collectionId] },
        feature_extractor: { feature_extractor_name: 'passthrough_extractor', version: 'v1', input_mappings: { value: 'text' } },
      },
      fx.namespace,
    );
    expect(derived.status).toBe(200);
    const derivedId = derived.body['collection_id'] as string;

    const all = await api.post<{ results: Json[]; total_count: number; pagination: Json }>('/v1/collections/list?limit=1', {}, fx.namespace);
    expect(all.status).toBe(200);
    expect(all.body.total_count).toBe(2);
    expect(all.body.results.map((c) => c['collection_id'])).toEqual([fx.collectionId]);
    expect(all.body.pagination).toMatchObject({ total: 2, page_size: 1, next_page: expect.any(String), previous_page: null });
    const second = await api.post<{ results: Json[] }>(`/v1/collections/list?cursor=${String(all.body.pagination['next_page'])}`, {}, fx.namespace);
    expect(second.body.results.map((c) => c['collection_id'])).toEqual([derivedId]);
    const filtered = await api.post<{ results: Json[] }>(
      '/v1/collections/list',
      { filters: { AND: [{ field: 'source.type', operator: 'eq', value: 'collection' }] } },
      fx.namespace,
    );
    expect(filtered.body.results.map((c) => c['collection_name'])).toEqual(['article-echo']);
    // In the store: fields rebuilt from the stored collection, sorted, and output_schema as stored at create (docs/adr/0079).
    const bySource = await api.post<{ results: Json[] }>('/v1/collections/list', { filters: { 'source.collection_ids': fx.collectionId, enabled: true }, sort: { field: 'created_at', direction: 'desc' } }, fx.namespace);
    expect(bySource.body.results.map((c) => c['collection_id'])).toEqual([derivedId]);
    const sorted = await api.post<{ results: Json[] }>('/v1/collections/list', { sort: { field: 'created_at', direction: 'desc' } }, fx.namespace);
    expect(sorted.body.results.map((c) => c['collection_id'])).toEqual([derivedId, fx.collectionId]);
    const bySchema = await api.post<{ results: Json[] }>('/v1/collections/list', { filters: { field: 'output_schema.properties', operator: 'exists' } }, fx.namespace);
    expect(bySchema.body.results.map((c) => c['collection_id'])).toEqual([fx.collectionId, derivedId]);
    const searched = await api.post<{ results: Json[] }>('/v1/collections/list', { search: 'ARTICLE-ECHO' }, fx.namespace);
    expect(searched.body.results.map((c) => c['collection_name'])).toEqual(['article-echo']);
    // One field of output_schema tells the two extractors apart: text_extractor's `language`, passthrough's `value`.
    const byLanguage = await api.post<{ results: Json[]; total_count: number }>(
      '/v1/collections/list',
      { filters: { 'output_schema.properties.language.type': 'string' } },
      fx.namespace,
    );
    expect(byLanguage.status).toBe(200);
    expect({ ids: byLanguage.body.results.map((c) => c['collection_id']), total: byLanguage.body.total_count }).toEqual({ ids: [fx.collectionId], total: 1 });
    const byValue = await api.post<{ results: Json[] }>(
      '/v1/collections/list',
      { filters: { OR: [{ field: 'output_schema.properties.value', operator: 'exists' }, { field: 'output_schema.properties', operator: 'eq', value: {} }] }, sort: { field: 'output_schema.properties.value.type', direction: 'desc' } },
      fx.namespace,
    );
    expect(byValue.body.results.map((c) => c['collection_id'])).toEqual([derivedId]);
    // Search reads output_schema too: `franc` is only in the description of text_extractor's language field, `as given` only in passthrough's.
    const bySchemaText = await api.post<{ results: Json[] }>('/v1/collections/list', { search: 'FRANC' }, fx.namespace);
    expect(bySchemaText.body.results.map((c) => c['collection_id'])).toEqual([fx.collectionId]);
    const bothFilters = await api.post<{ results: Json[] }>('/v1/collections/list', { search: 'as given', filters: { 'source.type': 'collection' } }, fx.namespace);
    expect(bothFilters.body.results.map((c) => c['collection_name'])).toEqual(['article-echo']);
    // What the list filtered on is what the collection shows.
    const shown = await api.get<Json>(`/v1/collections/${fx.collectionId}`, fx.namespace);
    expect(shown.body['output_schema']).toEqual(byLanguage.body.results[0]?.['output_schema']);
    expect(shown.body['output_schema']).toMatchObject({ properties: { language: { type: 'string' }, text: { type: 'string' } } });
    expect((await api.post('/v1/collections/list', { filters: { AND: 'x' } }, fx.namespace)).status).toBe(422);
    expect((await api.post('/v1/collections/list?limit=0', {}, fx.namespace)).status).toBe(422);

    const patched = await api.request('PATCH', `/v1/collections/${derivedId}`, { body: { description: 'echo', metadata: { owner: 'e2e' } }, namespace: fx.namespace });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ collection_id: derivedId, description: 'echo', metadata: { owner: 'e2e' }, enabled: true });
    const immutable = await api.request('PATCH', `/v1/collections/${derivedId}`, { body: { source: { type: 'bucket' } }, namespace: fx.namespace });
    expect(immutable.status).toBe(422);
    expect(errorOf(immutable.body).message).toContain('source');
    expect((await api.request('PATCH', `/v1/collections/${derivedId}`, { body: {}, namespace: fx.namespace })).status).toBe(422);
    const taken = await api.request('PATCH', `/v1/collections/${derivedId}`, { body: { collection_name: 'article-sentences' }, namespace: fx.namespace });
    expect(taken.status).toBe(409);
    expect((await api.request('PATCH', '/v1/collections/nope', { body: { description: 'x' }, namespace: fx.namespace })).status).toBe(404);

    const features = await api.get<{ features: Json[] }>(`/v1/collections/${fx.collectionId}/features`, fx.namespace);
    expect(features.status).toBe(200);
    expect(features.body.features[0]).toMatchObject({
      feature_address: 'mixpeek://text_extractor@v1/text_extractor_v1_embedding',
      feature_extractor_name: 'text_extractor',
      version: 'v1',
      primary: true,
      vector_index: { name: 'text_extractor_v1_embedding', dimensions: 384, distance: 'cosine' },
    });
    expect((await api.get('/v1/collections/nope/features', fx.namespace)).status).toBe(404);

    const refused = await api.request('DELETE', `/v1/collections/${fx.collectionId}`, { namespace: fx.namespace });
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body).message).toContain('article-echo');
    expect(errorOf(refused.body).details).toMatchObject({ dependent_collection_ids: [derivedId] });
    expect((await api.request('DELETE', `/v1/collections/${derivedId}`, { namespace: fx.namespace })).status).toBe(200);
    expect((await api.get(`/v1/collections/${derivedId}`, fx.namespace)).status).toBe(404);
    expect((await api.request('DELETE', `/v1/collections/${derivedId}`, { namespace: fx.namespace })).status).toBe(404);
  });

  it('lists documents with filters, deletes one from both stores, and deletes a collection with its documents', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 6);
    const { batchId } = await submitBatch(api, fx, ids);
    await waitForStatus(api, fx, batchId, ['COMPLETED']);
    const list = (body: unknown, query = '') =>
      api.post<{ results: Json[]; pagination: Json }>(`/v1/collections/${fx.collectionId}/documents/list${query}`, body, fx.namespace);

    expect((await list({})).body.pagination['total']).toBe(12);
    const firstChunks = await list({ filters: { AND: [{ field: 'chunk_index', value: 0 }, { NOT: [{ field: 'text', operator: 'contains', value: 'number 3 ' }] }] } });
    expect(firstChunks.body.pagination['total']).toBe(5);
    const ofObject = await list({ filters: { '_internal.lineage.source_object_id': ids[2] }, select: ['text'] });
    expect(ofObject.body.results).toHaveLength(2);
    expect(Object.keys(ofObject.body.results[0] as Json).sort()).toEqual(['collection_id', 'document_id', 'text']);
    const sorted = await list({ sort: { field: 'text', direction: 'desc' } }, '?limit=3&offset=3');
    expect(sorted.body.results).toHaveLength(3);
    expect((await list({ filters: { field: 'x', operator: 'bogus', value: 1 } })).status).toBe(422);
    expect((await list({ group_by: 'text' })).status).toBe(422);
    expect((await list({}, '?offset=-1')).status).toBe(422);

    const victim = ofObject.body.results[0]?.['document_id'] as string;
    const path = `/v1/collections/${fx.collectionId}/documents/${victim}`;
    expect((await api.request('DELETE', path, { namespace: fx.namespace })).body).toEqual({ success: true, message: 'Successfully deleted' });
    expect((await api.get(path, fx.namespace)).status).toBe(404);
    expect((await api.request('DELETE', path, { namespace: fx.namespace })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/collections/nope/documents/${victim}`, { namespace: fx.namespace })).status).toBe(404);
    const hits = await api.post<{ results: Json[] }>(`/v1/collections/${fx.collectionId}/documents/search`, { query_text: twoSentences(2), top_k: 20 }, fx.namespace);
    expect(hits.body.results.map((r) => r['document_id'])).not.toContain(victim);
    expect(hits.body.results).toHaveLength(11);

    const removed = await api.request('DELETE', `/v1/collections/${fx.collectionId}`, { namespace: fx.namespace });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ success: true, collection_id: fx.collectionId, deleted_documents: 11 });
    expect((await list({})).status).toBe(404);
  });

  it('retries failed items: transient_only finds none, all reruns them, the batch completes without duplicates', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const good = await createTextObjects(api, fx, 5);
    const bad = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { metadata: { title: 'no content yet' } }, fx.namespace);
    const badId = bad.body['object_id'] as string;
    const { batchId, taskId } = await submitBatch(api, fx, [...good, badId]);
    const first = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES);
    expect(first.status).toBe('COMPLETED_WITH_ERRORS');
    expect(first.progress).toMatchObject({ processed: 6, succeeded: 5, failed: 1 });
    const retryPath = `/v1/buckets/${fx.bucketId}/batches/${batchId}/retry`;

    // Bad inputs and the nothing-to-retry case.
    expect((await api.post(retryPath, { retry_mode: 'sometimes' }, fx.namespace)).status).toBe(422);
    expect((await api.post(retryPath, { tier_nums: [9] }, fx.namespace)).status).toBe(422);
    expect((await api.post(retryPath, { max_retry_count: 11 }, fx.namespace)).status).toBe(422);
    expect((await api.post(`/v1/buckets/${fx.bucketId}/batches/btch_nope/retry`, {}, fx.namespace)).status).toBe(404);
    const none = await api.post(retryPath, { retry_mode: 'transient_only' }, fx.namespace);
    expect(none.status).toBe(409);
    expect(errorOf(none.body).message).toContain('retry_mode "all"');
    expect(errorOf(none.body).details).toMatchObject({ failed_by_category: { validation: 1 } });

    // Fix the object, then force the retry.
    const fixed = await api.request('PUT', `/v1/buckets/${fx.bucketId}/objects/${badId}`, {
      body: { blobs: [{ property: 'content', type: 'text', data: twoSentences(99) }] },
      namespace: fx.namespace,
    });
    expect(fixed.status).toBe(200);
    const retried = await api.post(retryPath, { retry_mode: 'all' }, fx.namespace);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ batch_id: batchId, retried_count: 1, retried_by_tier: [{ tier_num: 0, count: 1 }], task_id: taskId });
    // QUEUED when written; a poller woken by the retry may have claimed it already.
    expect(['QUEUED', 'PROCESSING', 'COMPLETED']).toContain(retried.body['status']);
    // Not finished now: a second retry is refused.
    const again = await api.post(retryPath, { retry_mode: 'all' }, fx.namespace);
    if ((await getBatch(api, fx, batchId)).status !== 'COMPLETED') expect(again.status).toBe(409);

    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ processed: 6, succeeded: 6, failed: 0, total: 6 });
    expect(done['error_summary'] ?? {}).toEqual({});
    expect(done.tier_tasks[0]).toMatchObject({ tier_num: 0, retry_round: 1, status: 'COMPLETED' });
    const failed = await api.get<{ total: number }>(`/v1/buckets/${fx.bucketId}/batches/${batchId}/failed-documents`, fx.namespace);
    expect(failed.body.total).toBe(0);
    const docs = await api.post<{ pagination: Json }>(`/v1/collections/${fx.collectionId}/documents/list`, {}, fx.namespace);
    expect(docs.body.pagination['total']).toBe(12);
    const task = await api.get(`/v1/tasks/${taskId}`);
    expect(task.body['status']).toBe('COMPLETED');

    // COMPLETED: nothing failed, nothing to retry.
    const completed = await api.post(retryPath, { retry_mode: 'all' }, fx.namespace);
    expect(completed.status).toBe(409);
    expect(errorOf(completed.body).message).toContain('nothing to retry');
  });

  // Last: it restarts batch-api.
  it('a collection stored before output_schema was kept answers as before, and the next batch-api start stores it (ADR 0079)', async () => {
    const fx = await createFixture(cluster.api);
    const listed = async () => {
      const res = await cluster.api.post<{ results: Json[] }>('/v1/collections/list', { filters: { 'output_schema.properties.language.type': 'string' }, search: 'franc' }, fx.namespace);
      expect(res.status).toBe(200);
      return res.body.results.map((c) => [c['collection_id'], c['output_schema']]);
    };
    const before = await listed();
    expect(before.map(([id]) => id)).toEqual([fx.collectionId]);
    const storedSchema = () => {
      const db = new Database(cluster.metadataFile, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare('SELECT output_schema FROM collections WHERE collection_id = ?').get(fx.collectionId) as { output_schema: string | null }).output_schema;
      } finally {
        db.close();
      }
    };
    expect(JSON.parse(storedSchema() as string)).toEqual(before[0]?.[1]);

    // The row as migration 15 leaves one written before it: no stored output_schema.
    const db = new Database(cluster.metadataFile, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('UPDATE collections SET output_schema = NULL WHERE collection_id = ?').run(fx.collectionId);
    } finally {
      db.close();
    }
    // Mid-upgrade: the list scans with the registry's output_schema, and answers the same.
    expect(await listed()).toEqual(before);

    await cluster.stopApp('batch-api');
    await cluster.startApp('batch-api');
    const backfill = cluster
      .logs('batch-api')
      .split('\n')
      .filter((line) => line.includes('output_schema backfill'))
      .map((line) => JSON.parse(line) as Json);
    expect(backfill).toEqual([expect.objectContaining({ stored: 1, unknown_extractor: 0 })]);
    expect(JSON.parse(storedSchema() as string)).toEqual(before[0]?.[1]);
    expect(await listed()).toEqual(before);
  });
});
