import { NotFoundError, StrataClient, ValidationError } from '@strata/sdk';
import { ApiClient, StrataCluster } from '@strata/testing';
import { Fixture, createFixture, listDocuments, submitBatch, twoSentences, waitForStatus } from './support';

jest.setTimeout(180_000);

type Body = Record<string, unknown>;

function expectError(res: { status: number; body: unknown }, status: number, says?: string): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { success: false, status, error: { type: expect.any(String) } } });
  if (says !== undefined) expect((res.body as { error: { message: string } }).error.message).toContain(says);
}

/**
 * The routes a batch user reaches for beyond submit and watch, with Mixpeek's paths: what an
 * object produced (documents across collections, its decomposition tree) and a document's lineage.
 */
describe('batch-user routes (against the built batch-api)', () => {
  let cluster: StrataCluster;
  let api: ApiClient;
  let fx: Fixture;
  let other: Fixture;
  let words: string;
  let objectId: string;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
    api = cluster.api;
    fx = await createFixture(api);
    other = await createFixture(api);
    const derived = await api.post(
      '/v1/collections',
      {
        collection_name: 'sentence-words',
        source: { type: 'collection', collection_ids: [fx.collectionId] },
        feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters: { split_by: 'words', chunk_size: 5 }, input_mappings: { text: 'text' } },
      },
      fx.namespace,
    );
    expect(derived.status).toBe(200);
    words = derived.body['collection_id'] as string;
    const created = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'content', type: 'text', data: twoSentences(1) }] }, fx.namespace);
    expect(created.status).toBe(200);
    objectId = created.body['object_id'] as string;
    const { batchId } = await submitBatch(api, fx, [objectId]);
    await waitForStatus(api, fx, batchId, ['COMPLETED']);
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  describe('what an object produced', () => {
    it('lists its documents across collections, by collection, filtered by ?collection_ids and paged', async () => {
      const sentences = await listDocuments(api, fx);
      const chunks = await listDocuments(api, fx, words);
      expect(sentences).toHaveLength(2);
      expect(chunks.length).toBeGreaterThan(2);
      const total = sentences.length + chunks.length;

      const all = await api.get(`/v1/objects/${objectId}/documents`, fx.namespace);
      expect(all.status).toBe(200);
      const results = all.body['results'] as Body[];
      expect(all.body).toMatchObject({ object_id: objectId, pagination: { total, page: 1, page_size: 100 } });
      expect(results).toHaveLength(total);
      const byCollection = [fx.collectionId, words].sort();
      expect(results[0]?.['collection_id']).toBe(byCollection[0]);
      expect(results[total - 1]?.['collection_id']).toBe(byCollection[1]);
      for (const d of results) expect(d).toMatchObject({ document_id: expect.any(String), _internal: { lineage: { root_object_id: objectId, root_bucket_id: fx.bucketId } } });
      expect(new Set(results.map((d) => d['document_id'])).size).toBe(total);

      const onlyWords = await api.get(`/v1/objects/${objectId}/documents?collection_ids=${words}`, fx.namespace);
      expect((onlyWords.body['results'] as Body[]).map((d) => d['document_id']).sort()).toEqual(chunks.map((d) => d['document_id']).sort());

      const page = await api.get(`/v1/objects/${objectId}/documents?limit=2&offset=2`, fx.namespace);
      expect((page.body['results'] as Body[]).map((d) => d['document_id'])).toEqual(results.slice(2, 4).map((d) => d['document_id']));
      expect(page.body['pagination']).toMatchObject({ total, page: 2, page_size: 2, previous_page: expect.any(String) });

      // Another namespace sees nothing of the object.
      expect((await api.get(`/v1/objects/${objectId}/documents`, other.namespace)).body).toMatchObject({ results: [], pagination: { total: 0 } });
    });

    it('shows its decomposition tree: the sentence collection at the top, the word chunks under it', async () => {
      const sentences = await listDocuments(api, fx);
      const chunks = await listDocuments(api, fx, words);
      const tree = await api.get(`/v1/objects/${objectId}/decomposition-tree`, fx.namespace);
      expect(tree.status).toBe(200);
      expect(tree.body).toEqual({
        object_id: objectId,
        root_bucket_id: fx.bucketId,
        total_documents: sentences.length + chunks.length,
        truncated: false,
        collections: [
          {
            collection_id: fx.collectionId,
            feature_extractor_id: expect.any(String),
            source_type: 'bucket',
            source_collection_id: null,
            document_count: sentences.length,
            children: [
              { collection_id: words, feature_extractor_id: expect.any(String), source_type: 'collection', source_collection_id: fx.collectionId, document_count: chunks.length, children: [] },
            ],
          },
        ],
      });
      const withIds = await api.get(`/v1/objects/${objectId}/decomposition-tree?include_document_ids=true`, fx.namespace);
      const top = (withIds.body['collections'] as Body[])[0] as Body;
      expect((top['document_ids'] as string[]).sort()).toEqual(sentences.map((d) => d['document_id']).sort());
    });

    it("follows a document's lineage up to the tier-0 document and the root object", async () => {
      const chunk = (await listDocuments(api, fx, words))[0] as Body;
      const sentenceIds = (await listDocuments(api, fx)).map((d) => d['document_id']);
      const lineage = await api.get(`/v1/collections/${words}/documents/${chunk['document_id']}/lineage`, fx.namespace);
      expect(lineage.status).toBe(200);
      expect(lineage.body).toMatchObject({
        document_id: chunk['document_id'],
        collection_id: words,
        root_object_id: objectId,
        root_bucket_id: fx.bucketId,
        lineage: { source_type: 'collection', source_collection_id: fx.collectionId },
        ancestors: [{ collection_id: fx.collectionId, lineage: { source_type: 'bucket', source_object_id: objectId } }],
        depth: 1,
        complete: true,
      });
      expect(sentenceIds).toContain((lineage.body['ancestors'] as Body[])[0]?.['document_id']);
      const top = await api.get(`/v1/collections/${fx.collectionId}/documents/${sentenceIds[0]}/lineage`, fx.namespace);
      expect(top.body).toMatchObject({ ancestors: [], depth: 0, complete: true, lineage: { source_type: 'bucket' } });
    });

    it('answers bad input with a 4xx envelope that says what to fix', async () => {
      expectError(await api.get('/v1/objects/not-an-object/documents', fx.namespace), 422, 'object_id');
      expectError(await api.get(`/v1/objects/${objectId}/documents?collection_ids=a%20b`, fx.namespace), 422, 'collection_ids');
      expectError(await api.get(`/v1/objects/${objectId}/documents?limit=0`, fx.namespace), 422, 'limit');
      expectError(await api.get(`/v1/objects/${objectId}/documents?limit=1001`, fx.namespace), 422, 'limit');
      expectError(await api.get(`/v1/objects/${objectId}/decomposition-tree?include_document_ids=yes`, fx.namespace), 422, 'include_document_ids');
      expectError(await api.get('/v1/objects/obj_zz/decomposition-tree', fx.namespace), 422, 'object_id');
      expectError(await api.get(`/v1/objects/${objectId}/documents`), 400);
      expectError(await api.get(`/v1/collections/${words}/documents/doc_missing000000/lineage`, fx.namespace), 404, 'doc_missing000000');
      expectError(await api.get(`/v1/collections/col_missing000000/documents/doc_missing000000/lineage`, fx.namespace), 404, 'col_missing000000');
    });
  });

  describe('bulk uploads', () => {
    const uploads = () => `/v1/buckets/${fx.bucketId}/uploads`;
    const put = (url: string, text: string) => {
      const u = new URL(url);
      return api.request('PUT', `${u.pathname}${u.search}`, { namespace: fx.namespace, headers: { 'content-type': 'text/plain' }, raw: text });
    };
    const one = (filename: string, extra: Body = {}) => ({ filename, content_type: 'text/plain', blob_property: 'content', skip_duplicates: false, ...extra });

    it('creates up to 100 uploads at once and confirms them together, one result per upload in a finished task', async () => {
      const created = await api.post(
        `${uploads()}/batch`,
        {
          uploads: [one('a.txt', { object_metadata: { title: 'own' } }), one('b.txt'), one('never-sent.txt')],
          shared_metadata: { campaign: 'c1' },
          shared_object_metadata: { title: 'shared', source: 'bulk' },
        },
        fx.namespace,
      );
      expect(created.status).toBe(200);
      expect(created.body['total']).toBe(3);
      const [a, b, never] = created.body['uploads'] as Body[];
      for (const u of [a, b, never]) expect(u).toMatchObject({ upload_id: expect.stringMatching(/^upl_/), status: 'PENDING', presigned_url: expect.stringContaining('/content?token='), metadata: { campaign: 'c1' } });
      expect((await put(a?.['presigned_url'] as string, 'First bulk file. Two sentences.')).status).toBe(200);
      expect((await put(b?.['presigned_url'] as string, 'Second bulk file.')).status).toBe(200);

      const confirmed = await api.post(
        `${uploads()}/confirm/batch`,
        { confirmations: [{ upload_id: a?.['upload_id'] }, { upload_id: b?.['upload_id'], etag: 'ignored', file_size_bytes: 17 }, { upload_id: never?.['upload_id'] }] },
        fx.namespace,
      );
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({
        task_id: expect.stringMatching(/^task_/),
        status: 'COMPLETED_WITH_ERRORS',
        confirmations_count: 3,
        task: { task_type: 'api_buckets_uploads_batch_confirm', status: 'COMPLETED_WITH_ERRORS' },
        results: [
          { upload_id: a?.['upload_id'], success: true, object_id: expect.stringMatching(/^obj_/), error: null },
          { upload_id: b?.['upload_id'], success: true, object_id: expect.stringMatching(/^obj_/), error: null },
          { upload_id: never?.['upload_id'], success: false, object_id: null, error: { type: 'BadRequestError', message: expect.stringContaining('PUT the file') } },
        ],
      });
      const results = confirmed.body['results'] as Body[];
      const task = await api.get(`/v1/tasks/${confirmed.body['task_id']}`, fx.namespace);
      expect(task.body).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', outputs: results });
      const objectA = await api.get(`/v1/buckets/${fx.bucketId}/objects/${results[0]?.['object_id']}`, fx.namespace);
      expect(objectA.body).toMatchObject({ metadata: { title: 'own', source: 'bulk' } });
      const objectB = await api.get(`/v1/buckets/${fx.bucketId}/objects/${results[1]?.['object_id']}`, fx.namespace);
      expect(objectB.body).toMatchObject({ metadata: { title: 'shared', source: 'bulk' } });

      // Confirming again creates no second object: each is a conflict, and the task says FAILED.
      const again = await api.post(`${uploads()}/confirm/batch`, { confirmations: [{ upload_id: a?.['upload_id'] }, { upload_id: a?.['upload_id'] }] }, fx.namespace);
      expect(again.body).toMatchObject({ status: 'FAILED', results: [{ success: false, error: { type: 'ConflictError' } }, { success: false, error: { type: 'ConflictError' } }] });
      // The unsent one can still be finished.
      await put(never?.['presigned_url'] as string, 'Late file.');
      const late = await api.post(`${uploads()}/confirm/batch`, { confirmations: [{ upload_id: never?.['upload_id'] }] }, fx.namespace);
      expect(late.body).toMatchObject({ status: 'COMPLETED', results: [{ success: true, object_id: expect.stringMatching(/^obj_/) }] });
    });

    it('answers bad input with a 4xx envelope and creates nothing when one upload is wrong', async () => {
      const count = async () => ((await api.post(`${uploads()}/list`, {}, fx.namespace)).body['pagination'] as Body)['total'];
      const before = await count();
      expectError(await api.post(`${uploads()}/batch`, { uploads: [] }, fx.namespace), 422, 'uploads');
      expectError(await api.post(`${uploads()}/batch`, { uploads: Array.from({ length: 101 }, (_, i) => one(`f${i}.txt`)) }, fx.namespace), 422, 'at most 100');
      expectError(await api.post(`${uploads()}/batch`, {}, fx.namespace), 422, 'uploads');
      expectError(await api.post(`${uploads()}/batch`, { uploads: [one('ok.txt'), { filename: 'x.txt' }] }, fx.namespace), 422, 'content_type');
      expectError(await api.post(`${uploads()}/batch`, { uploads: [one('ok.txt'), one('bad.txt', { blob_property: 'title' })] }, fx.namespace), 422, 'uploads[1]');
      expectError(await api.post(`${uploads()}/batch`, { uploads: [one('ok.txt'), one('../etc.txt')] }, fx.namespace), 422, 'uploads[1]');
      expect(await count()).toBe(before);
      expectError(await api.post(`/v1/buckets/bkt_missing000000/uploads/batch`, { uploads: [one('ok.txt')] }, fx.namespace), 404);
      expectError(await api.post(`${uploads()}/confirm/batch`, { confirmations: [] }, fx.namespace), 422, 'confirmations');
      expectError(await api.post(`${uploads()}/confirm/batch`, { confirmations: [{ upload_id: 'nope' }] }, fx.namespace), 422, 'upload_id');
      expectError(await api.post(`${uploads()}/confirm/batch`, { confirmations: [{ upload_id: 'upl_abcdef', file_size_bytes: -1 }] }, fx.namespace), 422, 'file_size_bytes');
      expectError(await api.post(`${uploads()}/confirm/batch`, [1, 2], fx.namespace), 422);
      expectError(await api.post(`/v1/buckets/bkt_missing000000/uploads/confirm/batch`, { confirmations: [{ upload_id: 'upl_abcdef' }] }, fx.namespace), 404);
      // An upload of another bucket or namespace is a per-upload 404, not a confirmation.
      const foreign = await api.post(`/v1/buckets/${other.bucketId}/uploads`, one('other.txt'), other.namespace);
      const res = await api.post(`${uploads()}/confirm/batch`, { confirmations: [{ upload_id: foreign.body['upload_id'] }] }, fx.namespace);
      expect(res.body).toMatchObject({ status: 'FAILED', results: [{ success: false, error: { type: 'NotFoundError' } }] });
    });
  });

  describe('document writes (metadata and vector store together)', () => {
    const docs = () => `/v1/collections/${fx.collectionId}/documents`;

    it('patches user fields into the payload of both stores, keeping vectors and system fields', async () => {
      const target = (await listDocuments(api, fx))[0] as Body;
      const id = target['document_id'] as string;
      const before = await api.get(`${docs()}/${id}?return_vectors=true`, fx.namespace);
      const patched = await api.request('PATCH', `${docs()}/${id}`, { namespace: fx.namespace, body: { rating: 5, note: 'checked' } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ document_id: id, collection_id: fx.collectionId, rating: 5, note: 'checked', text: target['text'] });
      const after = await api.get(`${docs()}/${id}?return_vectors=true`, fx.namespace);
      expect(after.body).toMatchObject({ rating: 5, note: 'checked', text: target['text'], _internal: { lineage: { root_object_id: objectId } } });
      expect(after.body['vectors']).toEqual(before.body['vectors']);
      expect(after.body['internal_metadata']).toEqual(before.body['internal_metadata']);
      // The vector store's payload changed too: a filtered vector search finds the new value.
      const vector = Object.values(before.body['vectors'] as Record<string, number[]>)[0] as number[];
      const found = await api.post(`${docs()}/search`, { query_vector: vector, top_k: 5, filters: { AND: [{ field: 'rating', operator: 'eq', value: 5 }] } }, fx.namespace);
      expect(found.status).toBe(200);
      expect(found.body['results']).toEqual([expect.objectContaining({ document_id: id, rating: 5, note: 'checked' })]);
      // Patching again overwrites, never duplicates.
      await api.request('PATCH', `${docs()}/${id}`, { namespace: fx.namespace, body: { rating: 6 } });
      expect((await listDocuments(api, fx)).filter((d) => d['document_id'] === id)).toEqual([expect.objectContaining({ rating: 6, note: 'checked' })]);

      expectError(await api.request('PATCH', `${docs()}/${id}`, { namespace: fx.namespace, body: {} }), 422, 'empty');
      expectError(await api.request('PATCH', `${docs()}/${id}`, { namespace: fx.namespace, body: { document_id: 'x', _internal: {} } }), 422, 'system field');
      expectError(await api.request('PATCH', `${docs()}/${id}`, { namespace: fx.namespace, body: [1, 2] }), 422);
      expectError(await api.request('PATCH', `${docs()}/doc_missing000000`, { namespace: fx.namespace, body: { rating: 1 } }), 404, 'doc_missing000000');
      expectError(await api.request('PATCH', `/v1/collections/col_missing000000/documents/${id}`, { namespace: fx.namespace, body: { rating: 1 } }), 404);
      expectError(await api.request('PATCH', `${docs()}/${id}`, { namespace: other.namespace, body: { rating: 1 } }), 404);
    });

    it('deletes documents by id from both stores and reports ids it did not find', async () => {
      const chunks = await listDocuments(api, fx, words);
      const [first, second] = chunks.map((d) => d['document_id'] as string);
      const vector = Object.values((await api.get(`/v1/collections/${words}/documents/${first}?return_vectors=true`, fx.namespace)).body['vectors'] as Record<string, number[]>)[0];
      const res = await api.request('DELETE', `/v1/collections/${words}/documents/batch`, { namespace: fx.namespace, body: { document_ids: [first, second, 'doc_missing000000', first] } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        deleted_count: 2,
        failed_count: 1,
        results: [
          { document_id: first, success: true, error: null },
          { document_id: second, success: true, error: null },
          { document_id: 'doc_missing000000', success: false, error: expect.stringContaining('not in collection') },
        ],
      });
      const left = (await listDocuments(api, fx, words)).map((d) => d['document_id']);
      expect(left).toHaveLength(chunks.length - 2);
      expect(left).not.toContain(first);
      expectError(await api.get(`/v1/collections/${words}/documents/${first}`, fx.namespace), 404);
      const search = await api.post(`/v1/collections/${words}/documents/search`, { query_vector: vector, top_k: 1000 }, fx.namespace);
      const hits = (search.body['results'] as Body[]).map((r) => r['document_id']);
      expect(hits).toHaveLength(chunks.length - 2);
      expect(hits).not.toContain(first);
      expect(hits).not.toContain(second);

      const batch = `/v1/collections/${words}/documents/batch`;
      expectError(await api.request('DELETE', batch, { namespace: fx.namespace, body: {} }), 422, 'document_ids');
      expectError(await api.request('DELETE', batch, { namespace: fx.namespace, body: { document_ids: [] } }), 422, 'document_ids');
      expectError(await api.request('DELETE', batch, { namespace: fx.namespace, body: { document_ids: Array.from({ length: 1001 }, (_, i) => `doc_${i}`) } }), 422, 'at most 1000');
      expectError(await api.request('DELETE', batch, { namespace: fx.namespace, body: { document_ids: ['a'], filters: { AND: [] } } }), 422, 'filters');
      expectError(await api.request('DELETE', '/v1/collections/col_missing000000/documents/batch', { namespace: fx.namespace, body: { document_ids: ['a'] } }), 404);
    });
  });

  describe('document create, replace, batch and bulk updates (both stores)', () => {
    const docs = (c = fx.collectionId) => `/v1/collections/${c}/documents`;
    let vectors: Record<string, number[]>;
    let index: string;
    let created: string;
    const search = async (vector: number[], filters?: unknown, c = fx.collectionId) => {
      const res = await api.post(`${docs(c)}/search`, { query_vector: vector, top_k: 1000, ...(filters === undefined ? {} : { filters }) }, fx.namespace);
      expect(res.status).toBe(200);
      return res.body['results'] as Body[];
    };
    /** A unit vector of the index's size pointing along one axis: nothing the extractor wrote is as close to it. */
    const axis = (n: number) => (vectors[index] as number[]).map((_, i) => (i === n ? 1 : 0));

    beforeAll(async () => {
      const first = (await listDocuments(api, fx))[0] as Body;
      vectors = (await api.get(`${docs()}/${first['document_id'] as string}?return_vectors=true`, fx.namespace)).body['vectors'] as Record<string, number[]>;
      index = Object.keys(vectors)[0] as string;
    });

    it("creates a document of an object in both stores, vectors checked against the collection's indexes", async () => {
      const res = await api.post(docs(), { root_object_id: objectId, title: 'hand-made', metadata: { rating: 3 }, vectors: { [index]: axis(0) } }, fx.namespace);
      expect(res.status).toBe(200);
      created = res.body['document_id'] as string;
      expect(created).toMatch(/^doc_[a-z0-9]+$/);
      expect(res.body).toMatchObject({
        collection_id: fx.collectionId,
        title: 'hand-made',
        rating: 3,
        _internal: { lineage: { root_object_id: objectId, root_bucket_id: fx.bucketId, source_type: 'bucket', source_object_id: objectId, path: `${fx.bucketId}/${fx.collectionId}` }, metadata: { batch_id: null } },
      });
      const got = await api.get(`${docs()}/${created}?return_vectors=true`, fx.namespace);
      expect(got.body).toMatchObject({ document_id: created, title: 'hand-made', rating: 3 });
      expect((got.body['vectors'] as Record<string, number[]>)[index]).toEqual(axis(0));
      // The vector store holds it with its payload: the nearest hit for its vector, and a filter on its fields finds it.
      expect((await search(axis(0)))[0]).toMatchObject({ document_id: created, title: 'hand-made' });
      expect((await search(axis(0), { AND: [{ field: 'rating', operator: 'eq', value: 3 }] })).map((d) => d['document_id'])).toEqual([created]);
      // What the object produced now includes it.
      const produced = await api.get(`/v1/objects/${objectId}/documents?collection_ids=${fx.collectionId}`, fx.namespace);
      expect((produced.body['results'] as Body[]).map((d) => d['document_id'])).toContain(created);

      // Mixpeek's form: collection_id restated, features carrying vectors and payload.
      const mixpeek = await api.post(
        docs(),
        { collection_id: fx.collectionId, root_object_id: objectId, source_type: 'bucket', lineage_path: 'ignored', features: [{ feature_extractor_id: 'my_extractor_v2', payload: { origin: 'import' }, vectors: { [index]: axis(1) } }] },
        fx.namespace,
      );
      expect(mixpeek.status).toBe(200);
      expect(mixpeek.body).toMatchObject({ origin: 'import', _internal: { metadata: { feature_extractor_id: 'my_extractor_v2' } } });
      expect((await search(axis(1)))[0]).toMatchObject({ document_id: mixpeek.body['document_id'] });

      // Without vectors: metadata only (GET and list show it, search does not).
      const plain = await api.post(docs(), { root_object_id: objectId, note: 'no vectors' }, fx.namespace);
      expect(plain.status).toBe(200);
      expect((await api.get(`${docs()}/${plain.body['document_id'] as string}`, fx.namespace)).body).toMatchObject({ note: 'no vectors' });
      expect((await search(axis(0), { AND: [{ field: 'note', operator: 'eq', value: 'no vectors' }] }))).toEqual([]);

      // Derived from a document of another collection: the lineage continues from it.
      const derived = await api.post(docs(words), { source_document_id: created, text: 'a derived chunk' }, fx.namespace);
      expect(derived.status).toBe(200);
      expect(derived.body).toMatchObject({
        _internal: { lineage: { root_object_id: objectId, source_type: 'collection', source_document_id: created, source_collection_id: fx.collectionId, path: `${fx.bucketId}/${fx.collectionId}/${words}`, chain: [created] } },
      });
    });

    it('answers bad create requests with a 4xx envelope and writes nothing', async () => {
      const before = (await listDocuments(api, fx)).length;
      const post = (body: unknown, c = fx.collectionId) => api.post(docs(c), body, fx.namespace);
      expectError(await post({ title: 'x' }), 422, 'root_object_id');
      expectError(await post({ root_object_id: objectId, vectors: { [index]: [1, 2, 3] } }), 422, 'dimensions');
      expectError(await post({ root_object_id: objectId, vectors: { nope: axis(0) } }), 422, "no vector index 'nope'");
      expectError(await post({ root_object_id: objectId, vectors: { [index]: axis(0).map(() => 'a') } }), 422);
      expectError(await post({ root_object_id: objectId, features: [{ feature_extractor_id: 'x', vectors: { [index]: { indices: [0], values: [1] } } }] }), 422);
      expectError(await post({ root_object_id: objectId, document_id: 'doc_mine0000000' }), 422, 'system field');
      expectError(await post({ root_object_id: objectId, _internal: {} }), 422, 'system field');
      expectError(await post({ root_object_id: objectId, collection_id: words }), 422, 'collection_id');
      expectError(await post({ root_object_id: objectId, source_type: 'collection' }), 422, 'source_type');
      expectError(await post({ root_object_id: objectId, rating: 1, metadata: { rating: 2 } }), 422, 'twice');
      expectError(await post({ root_object_id: objectId, big: 'x'.repeat(300 * 1024) }), 422, 'bytes');
      expectError(await post({ root_object_id: 'obj_missing00000000000' }), 404, 'obj_missing00000000000');
      expectError(await post({ source_document_id: 'doc_missing000000' }, words), 404, 'doc_missing000000');
      expectError(await post({ source_document_id: created }), 422, 'own collection');
      expectError(await post([1, 2]), 422);
      expectError(await post({ root_object_id: objectId }, 'col_missing000000'), 404);
      expectError(await api.post(docs(), { root_object_id: objectId }), 400);
      expect((await listDocuments(api, fx)).length).toBe(before);
    });

    it('replaces user fields with PUT, keeping or replacing the vectors, identity and lineage', async () => {
      const put = (id: string, body: unknown) => api.request('PUT', `${docs()}/${id}`, { namespace: fx.namespace, body });
      const replaced = await put(created, { title: 'replaced', tags: ['a'] });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ document_id: created, title: 'replaced', tags: ['a'], _internal: { lineage: { root_object_id: objectId } } });
      expect(replaced.body).not.toHaveProperty('rating');
      expect((await search(axis(0)))[0]).toMatchObject({ document_id: created, title: 'replaced' });
      expect((await search(axis(0))).find((d) => d['document_id'] === created)).not.toHaveProperty('rating');
      // New vectors: the point moves.
      expect((await put(created, { title: 'moved', vectors: { [index]: axis(2) } })).status).toBe(200);
      expect((await search(axis(2)))[0]).toMatchObject({ document_id: created, title: 'moved' });
      expect(((await api.get(`${docs()}/${created}?return_vectors=true`, fx.namespace)).body['vectors'] as Record<string, number[]>)[index]).toEqual(axis(2));
      // Sent again: same document, nothing written twice.
      expect((await put(created, { title: 'moved', vectors: { [index]: axis(2) } })).status).toBe(200);
      expect((await listDocuments(api, fx)).filter((d) => d['document_id'] === created)).toHaveLength(1);

      expectError(await put(created, { document_id: 'x' }), 422, 'system field');
      expectError(await put(created, { vectors: { [index]: [1] } }), 422, 'dimensions');
      expectError(await put(created, 'text'), 422);
      expectError(await put('doc_missing000000', { title: 'x' }), 404, 'doc_missing000000');
      expectError(await api.request('PUT', `${docs()}/${created}`, { namespace: other.namespace, body: { title: 'x' } }), 404);
    });

    it('updates documents by id in one batch, reporting ids it did not find, and by filters with update_data', async () => {
      const batch = (body: unknown) => api.post(`${docs()}/batch`, body, fx.namespace);
      const [a, b] = (await listDocuments(api, fx)).filter((d) => d['document_id'] !== created).map((d) => d['document_id'] as string);
      const res = await batch({ updates: [{ document_id: a, update_data: { stage: 'one' } }, { document_id: b, update_data: { stage: 'two', rank: 2 } }, { document_id: 'doc_missing000000', update_data: { stage: 'x' } }] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        updated_count: 2,
        failed_count: 1,
        results: [
          { document_id: a, success: true, error: null },
          { document_id: b, success: true, error: null },
          { document_id: 'doc_missing000000', success: false, error: expect.stringContaining('not in collection') },
        ],
      });
      expect((await api.get(`${docs()}/${a}`, fx.namespace)).body).toMatchObject({ stage: 'one' });
      expect((await api.get(`${docs()}/${b}`, fx.namespace)).body).toMatchObject({ stage: 'two', rank: 2, text: expect.any(String) });
      expect((await search(vectors[index] as number[], { AND: [{ field: 'stage', operator: 'eq', value: 'two' }] })).map((d) => d['document_id'])).toEqual([b]);
      // Mixpeek's other form: the same fields for what the filters match.
      const byFilter = await batch({ filters: { AND: [{ field: 'stage', operator: 'in', value: ['one', 'two'] }] }, update_data: { staged: true } });
      expect(byFilter.body).toMatchObject({ updated_count: 2, failed_count: 0, results: [] });

      expectError(await batch({}), 422, 'either updates');
      expectError(await batch({ updates: [{ document_id: a, update_data: { x: 1 } }], update_data: { x: 1 } }), 422, 'either updates');
      expectError(await batch({ updates: [] }), 422, 'at least one');
      expectError(await batch({ updates: Array.from({ length: 1001 }, (_, i) => ({ document_id: `doc_${i}`, update_data: { x: 1 } })) }), 422, 'at most 1000');
      expectError(await batch({ updates: [{ document_id: a, update_data: { x: 1 } }, { document_id: a, update_data: { y: 1 } }] }), 422, 'twice');
      expectError(await batch({ updates: [{ document_id: a, update_data: {} }] }), 422, 'updates[0]');
      expectError(await batch({ updates: [{ document_id: a, update_data: { x: 1 } }, { document_id: b, update_data: { vectors: {} } }] }), 422, 'updates[1]');
      expect((await api.get(`${docs()}/${a}`, fx.namespace)).body).not.toHaveProperty('x');
      expectError(await batch({ updates: [{ document_id: a }] }), 422, 'update_data');
      expectError(await batch({ update_data: { x: 1 }, other: true }), 422);
      expectError(await api.post('/v1/collections/col_missing000000/documents/batch', { updates: [{ document_id: a, update_data: { x: 1 } }] }, fx.namespace), 404);
    });

    it('bulk-updates every document the filters match (or all), in both stores', async () => {
      const bulk = (body: unknown, c = words) => api.request('PATCH', `${docs(c)}/bulk`, { namespace: fx.namespace, body });
      const chunks = await listDocuments(api, fx, words);
      const matched = await bulk({ filters: { AND: [{ field: 'text', operator: 'eq', value: 'a derived chunk' }] }, update_data: { reviewed: true } });
      expect(matched.status).toBe(200);
      expect(matched.body).toEqual({ updated_count: 1, message: '1 documents updated' });
      const all = await bulk({ update_data: { campaign: 'c1' } });
      expect(all.body).toMatchObject({ updated_count: chunks.length });
      const after = await listDocuments(api, fx, words);
      expect(after).toHaveLength(chunks.length);
      for (const d of after) expect(d).toMatchObject({ campaign: 'c1' });
      expect(after.filter((d) => d['reviewed'] === true)).toHaveLength(1);
      const chunkVector = Object.values((await api.get(`/v1/collections/${words}/documents/${chunks[0]?.['document_id'] as string}?return_vectors=true`, fx.namespace)).body['vectors'] as Record<string, number[]>)[0] as number[];
      const hits = await search(chunkVector, { AND: [{ field: 'campaign', operator: 'eq', value: 'c1' }] }, words);
      // Every chunk with vectors is found by the new field (the hand-made one has none).
      expect(hits.length).toBe(chunks.length - 1);
      expect((await bulk({ filters: { AND: [{ field: 'campaign', operator: 'eq', value: 'nothing' }] }, update_data: { x: 1 } })).body).toMatchObject({ updated_count: 0 });

      expectError(await bulk({}), 422, 'update_data');
      expectError(await bulk({ update_data: {} }), 422, 'empty');
      expectError(await bulk({ update_data: { collection_id: 'x' } }), 422, 'system field');
      expectError(await bulk({ update_data: { x: 1 }, filters: { AND: [{ field: 'x', operator: 'near', value: 1 }] } }), 422);
      expectError(await bulk({ update_data: { x: 1 }, page: 1 }), 422);
      expectError(await bulk({ update_data: { x: 1 } }, 'col_missing000000'), 404);
    });

    it('deletes every document the filters match from both stores, keeps the others, and refuses bad input', async () => {
      const batch = `${docs(words)}/batch`;
      const del = (body: unknown, c = words) => api.request('DELETE', `${docs(c)}/batch`, { namespace: fx.namespace, body });
      const chunks = await listDocuments(api, fx, words);
      const ids = (await search(Object.values((await api.get(`${docs(words)}/${chunks[0]?.['document_id'] as string}?return_vectors=true`, fx.namespace)).body['vectors'] as Record<string, number[]>)[0] as number[], undefined, words)).map((d) => d['document_id'] as string);
      // Two chunks that are in the vector store are marked, then deleted by that mark.
      const [a, b] = ids;
      expect((await api.post(batch, { updates: [{ document_id: a, update_data: { purge: 'yes' } }, { document_id: b, update_data: { purge: 'YES' } }] }, fx.namespace)).body).toMatchObject({ updated_count: 2 });
      const vector = Object.values((await api.get(`${docs(words)}/${a as string}?return_vectors=true`, fx.namespace)).body['vectors'] as Record<string, number[]>)[0] as number[];
      const beforeHits = (await search(vector, undefined, words)).length;

      const res = await del({ filters: { AND: [{ field: 'purge', operator: 'eq', value: 'yes' }] } });
      expect(res.status).toBe(200);
      // Case-insensitive by default, as the list: both marks match. Mixpeek's filter mode answers counts only.
      expect(res.body).toEqual({ deleted_count: 2, failed_count: 0, results: [], message: '2 documents deleted' });
      const left = (await listDocuments(api, fx, words)).map((d) => d['document_id']);
      expect(left).toHaveLength(chunks.length - 2);
      expect(left).not.toContain(a);
      expect(left).not.toContain(b);
      expect(new Set(left)).toEqual(new Set(chunks.map((d) => d['document_id']).filter((id) => id !== a && id !== b)));
      expectError(await api.get(`${docs(words)}/${a as string}`, fx.namespace), 404);
      // Gone from the vector store too: search no longer returns them, with or without the filter.
      const hits = (await search(vector, undefined, words)).map((d) => d['document_id']);
      expect(hits).toHaveLength(beforeHits - 2);
      expect(hits).not.toContain(a);
      expect(hits).not.toContain(b);
      expect(await search(vector, { AND: [{ field: 'purge', operator: 'eq', value: 'yes' }] }, words)).toEqual([]);
      // Sent again (or a filter that matches nothing): nothing to delete, nothing else touched.
      expect((await del({ filters: { AND: [{ field: 'purge', operator: 'eq', value: 'yes' }] } })).body).toMatchObject({ deleted_count: 0, results: [] });
      expect(await listDocuments(api, fx, words)).toHaveLength(chunks.length - 2);
      // Another collection's documents with the same field are not reached.
      expect((await api.post(`${docs()}/batch`, { updates: [{ document_id: created, update_data: { purge: 'yes' } }] }, fx.namespace)).body).toMatchObject({ updated_count: 1 });
      expect((await del({ filters: { purge: 'yes' } })).body).toMatchObject({ deleted_count: 0 });
      expect((await api.get(`${docs()}/${created}`, fx.namespace)).status).toBe(200);

      expectError(await del({}), 422, 'either document_ids');
      expectError(await del({ document_ids: [a], filters: { purge: 'yes' } }), 422, 'either document_ids');
      expectError(await del({ document_ids: null, filters: null }), 422, 'either document_ids');
      expectError(await del({ filters: {} }), 422, 'no condition');
      expectError(await del({ filters: { AND: [] } }), 422, 'no condition');
      expectError(await del({ filters: { AND: [{ field: 'purge', operator: 'near', value: 1 }] } }), 422, 'operator');
      expectError(await del({ filters: { AND: [{ field: "x') OR 1=1 --", value: 1 }] } }), 422, 'field path');
      expectError(await del({ filters: 'purge' }), 422);
      expectError(await del({ filters: { purge: 'yes' }, page: 1 }), 422);
      expectError(await del({ filters: { purge: 'yes' } }, 'col_missing000000'), 404);
      expect(await listDocuments(api, fx, words)).toHaveLength(chunks.length - 2);
    });
  });

  describe('batch logs', () => {
    const logsOf = (batchId: string, query = '') => api.get(`/v1/buckets/${other.bucketId}/batches/${batchId}/logs${query}`, other.namespace);
    const events = (res: { body: Body }) => (res.body['results'] as Body[]).map((e) => e['event']);

    it('lists status changes, tier transitions, failures and a retry in order, by tier and paged', async () => {
      const good = await api.post(`/v1/buckets/${other.bucketId}/objects`, { blobs: [{ property: 'content', type: 'text', data: twoSentences(2) }] }, other.namespace);
      const bad = await api.post(`/v1/buckets/${other.bucketId}/objects`, { metadata: { title: 'no content' } }, other.namespace);
      const badId = bad.body['object_id'] as string;
      const { batchId } = await submitBatch(api, other, [good.body['object_id'] as string, badId]);
      await waitForStatus(api, other, batchId, ['COMPLETED_WITH_ERRORS']);

      const first = await logsOf(batchId);
      expect(first.status).toBe(200);
      expect(events(first)).toEqual(['batch.created', 'batch.submitted', 'batch.claimed', 'tier.started', 'item.failed', 'tier.finished', 'batch.finished']);
      const lines = first.body['results'] as Body[];
      expect(first.body).toMatchObject({ batch_id: batchId, tier_num: null, pagination: { total: 7, page: 1, page_size: 100, next_page: null } });
      expect(lines[1]).toMatchObject({ from_status: 'DRAFT', to_status: 'QUEUED', tier_num: null, level: 'info' });
      expect(lines[3]).toMatchObject({ tier_num: 0, from_status: 'PENDING', to_status: 'IN_PROGRESS', details: { total_items: 2 } });
      expect(lines[4]).toMatchObject({ level: 'error', tier_num: 0, details: { item_id: badId, collection_id: other.collectionId } });
      expect(lines[6]).toMatchObject({ from_status: 'PROCESSING', to_status: 'COMPLETED_WITH_ERRORS', level: 'warning' });
      const stamps = lines.map((e) => e['timestamp'] as string);
      expect([...stamps].sort()).toEqual(stamps);

      // The failed item gets content and the batch is retried: the log keeps the failure and adds the retry.
      const replaced = await api.request('PUT', `/v1/buckets/${other.bucketId}/objects/${badId}`, { namespace: other.namespace, body: { blobs: [{ property: 'content', type: 'text', data: twoSentences(3) }] } });
      expect(replaced.status).toBe(200);
      expect((await api.post(`/v1/buckets/${other.bucketId}/batches/${batchId}/retry`, { retry_mode: 'all' }, other.namespace)).status).toBe(200);
      await waitForStatus(api, other, batchId, ['COMPLETED']);
      const after = await logsOf(batchId);
      expect(events(after)).toEqual([...events(first), 'batch.retried', 'batch.claimed', 'tier.started', 'tier.finished', 'batch.finished']);
      expect((after.body['results'] as Body[])[7]).toMatchObject({ from_status: 'COMPLETED_WITH_ERRORS', to_status: 'QUEUED', details: { items: 1, reopened_tiers: [0] } });

      // One tier's lines; pages of 3 followed by their cursors.
      const tier0 = await logsOf(batchId, '?tier_num=0');
      expect(events(tier0)).toEqual(['tier.started', 'item.failed', 'tier.finished', 'tier.started', 'tier.finished']);
      expect(tier0.body).toMatchObject({ tier_num: 0, pagination: { total: 5 } });
      expect(events(await logsOf(batchId, '?tier_num=7'))).toEqual([]);
      const all = after.body['results'] as Body[];
      const seen: Body[] = [];
      let query = '?limit=3';
      for (let i = 0; i < 10 && query !== ''; i += 1) {
        const page = await logsOf(batchId, query);
        expect(page.status).toBe(200);
        seen.push(...(page.body['results'] as Body[]));
        const next = (page.body['pagination'] as Body)['next_page'] as string | null;
        query = next === null ? '' : `?cursor=${next}`;
      }
      expect(seen).toEqual(all);
      expect((await logsOf(batchId, '?page=2&page_size=5')).body['results']).toEqual(all.slice(5, 10));
    });

    it('records a cancel, and answers bad input with a 4xx envelope', async () => {
      const object = await api.post(`/v1/buckets/${other.bucketId}/objects`, { blobs: [{ property: 'content', type: 'text', data: twoSentences(4) }] }, other.namespace);
      const created = await api.post(`/v1/buckets/${other.bucketId}/batches`, { object_ids: [object.body['object_id']] }, other.namespace);
      expect(created.status).toBe(200);
      const draftId = created.body['batch_id'] as string;
      expect((await api.post(`/v1/buckets/${other.bucketId}/batches/${draftId}/cancel`, {}, other.namespace)).status).toBe(200);
      const canceled = await logsOf(draftId);
      expect(events(canceled)).toEqual(['batch.created', 'batch.canceled']);
      expect((canceled.body['results'] as Body[])[1]).toMatchObject({ from_status: 'DRAFT', to_status: 'CANCELED', level: 'warning' });

      expectError(await logsOf(draftId, '?tier_num=-1'), 422, 'tier_num');
      expectError(await logsOf(draftId, '?tier_num=x'), 422, 'tier_num');
      expectError(await logsOf(draftId, '?limit=0'), 422, 'limit');
      expectError(await logsOf(draftId, '?cursor=nonsense'), 422, 'cursor');
      expectError(await logsOf('btch_missing0000'), 404, 'btch_missing0000');
      expectError(await api.get(`/v1/buckets/bkt_missing000000000/batches/${draftId}/logs`, other.namespace), 404);
      expectError(await api.get(`/v1/buckets/${other.bucketId}/batches/${draftId}/logs`), 400);
      expectError(await api.get(`/v1/buckets/${other.bucketId}/batches/${draftId}/logs`, fx.namespace), 404);
    });
  });

  describe('through the SDK', () => {
    it('writes documents and reads a batch log with @strata/sdk, its errors typed', async () => {
      const sdk = new StrataClient({ baseUrl: api.baseUrl, namespace: other.namespace, retry: false });
      const object = await api.post(`/v1/buckets/${other.bucketId}/objects`, { blobs: [{ property: 'content', type: 'text', data: twoSentences(5) }] }, other.namespace);
      const objectId = object.body['object_id'] as string;
      const made = await sdk.documents.create(other.collectionId, { collection_id: other.collectionId, root_object_id: objectId, metadata: { title: 'from the sdk' } });
      expect(made).toMatchObject({ collection_id: other.collectionId, title: 'from the sdk' });
      const id = made.document_id;
      expect(await sdk.documents.update(other.collectionId, id, { title: 'replaced' })).toMatchObject({ document_id: id, title: 'replaced' });
      expect(await sdk.documents.patch(other.collectionId, id, { stage: 1 })).toMatchObject({ title: 'replaced', stage: 1 });
      expect(await sdk.documents.batchUpdate(other.collectionId, { updates: [{ document_id: id, update_data: { stage: 2 } }] })).toMatchObject({ updated_count: 1, failed_count: 0 });
      expect(await sdk.documents.bulkUpdate(other.collectionId, { filters: { AND: [{ field: 'stage', operator: 'eq', value: 2 }] }, update_data: { done: true } })).toEqual({
        updated_count: 1,
        message: '1 documents updated',
      });
      expect(await sdk.documents.get(other.collectionId, id)).toMatchObject({ title: 'replaced', stage: 2, done: true });
      await expect(sdk.documents.create(other.collectionId, { title: 'no object' })).rejects.toBeInstanceOf(ValidationError);
      await expect(sdk.documents.update(other.collectionId, 'doc_missing000000', { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
      const doomed = await sdk.documents.create(other.collectionId, { root_object_id: objectId, metadata: { title: 'doomed' } });
      expect(await sdk.documents.deleteBatch(other.collectionId, { filters: { AND: [{ field: 'title', operator: 'eq', value: 'doomed' }] } })).toEqual({
        deleted_count: 1,
        failed_count: 0,
        results: [],
        message: '1 documents deleted',
      });
      await expect(sdk.documents.get(other.collectionId, doomed.document_id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await sdk.documents.get(other.collectionId, id)).toMatchObject({ title: 'replaced' });
      await expect(sdk.documents.deleteBatch(other.collectionId, { filters: {} })).rejects.toBeInstanceOf(ValidationError);

      const batch = await sdk.batches.create(other.bucketId, { object_ids: [objectId] });
      await sdk.batches.cancel(other.bucketId, batch.batch_id);
      const lines = [];
      for await (const line of sdk.batches.iterateLogs(other.bucketId, batch.batch_id, { pageSize: 1 })) lines.push(line);
      expect(lines.map((l) => [l.event, l.to_status])).toEqual([
        ['batch.created', 'DRAFT'],
        ['batch.canceled', 'CANCELED'],
      ]);
      expect((await sdk.batches.logs(other.bucketId, batch.batch_id, { limit: 10, offset: 0, cursor: null }, 0)).results).toEqual([]);
      await expect(sdk.batches.logs(other.bucketId, 'btch_missing0000')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
