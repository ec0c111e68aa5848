import { ApiClient, StrataCluster } from '@strata/testing';
import fc from 'fast-check';
import { Fixture, createFixture, createTextObjects, listDocuments, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

function expectEnvelope(res: { status: number; body: unknown }, status: number, type?: string): void {
  expect(res.status).toBe(status);
  const body = res.body as { success: boolean; status: number; error: { message: string; type: string } };
  expect(body.success).toBe(false);
  expect(body.status).toBe(status);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(5);
  if (type !== undefined) expect(body.error.type).toBe(type);
}

describe('bad input gets a 4xx envelope, never a 5xx', () => {
  let cluster: StrataCluster;
  let api: ApiClient;
  let fx: Fixture;
  let objectIds: string[];

  beforeAll(async () => {
    cluster = await StrataCluster.start();
    api = cluster.api;
    fx = await createFixture(api);
    objectIds = await createTextObjects(api, fx, 3);
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('unknown bucket, batch, task, collection, namespace', async () => {
    expectEnvelope(await api.post('/v1/buckets/nope/batches', { object_ids: objectIds }, fx.namespace), 404, 'NotFoundError');
    expectEnvelope(await api.get(`/v1/buckets/${fx.bucketId}/batches/btch_missing00000`, fx.namespace), 404, 'NotFoundError');
    expectEnvelope(await api.get('/v1/tasks/task_missing'), 404, 'NotFoundError');
    expectEnvelope(await api.get('/v1/collections/nope', fx.namespace), 404, 'NotFoundError');
    expectEnvelope(await api.get(`/v1/buckets/${fx.bucketId}`, 'no-such-namespace'), 404, 'NotFoundError');
    expectEnvelope(await api.get(`/v1/buckets/${fx.bucketId}`), 400, 'BadRequestError');
    expectEnvelope(await api.get('/v1/no/such/route'), 404);
  });

  it('a bucket of another namespace is not visible', async () => {
    const other = await createFixture(api);
    expectEnvelope(await api.get(`/v1/buckets/${fx.bucketId}`, other.namespace), 404, 'NotFoundError');
    expectEnvelope(await api.post(`/v1/buckets/${other.bucketId}/batches`, { object_ids: objectIds }, other.namespace), 422);
  });

  it('empty, missing or unknown object ids', async () => {
    expectEnvelope(await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: [] }, fx.namespace), 422, 'ValidationError');
    expectEnvelope(await api.post(`/v1/buckets/${fx.bucketId}/batches`, {}, fx.namespace), 422, 'ValidationError');
    const res = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: ['obj_doesnotexist'] }, fx.namespace);
    expectEnvelope(res, 422, 'ValidationError');
    expect(JSON.stringify(res.body)).toContain('obj_doesnotexist');
  });

  it('malformed JSON and wrong content', async () => {
    const res = await api.request('POST', `/v1/buckets/${fx.bucketId}/batches`, {
      namespace: fx.namespace,
      headers: { 'content-type': 'application/json' },
      raw: '{"object_ids": [',
    });
    expectEnvelope(res, 400, 'BadRequestError');
    expectEnvelope(await api.post(`/v1/buckets/${fx.bucketId}/batches`, 'just a string', fx.namespace), 422);
    expectEnvelope(await api.post(`/v1/buckets/${fx.bucketId}/batches`, null, fx.namespace), 422);
    const big = await api.request('POST', '/v1/namespaces', {
      headers: { 'content-type': 'application/json' },
      raw: `{"namespace_name":"${'x'.repeat(11 * 1024 * 1024)}"}`,
    });
    expectEnvelope(big, 413);
  });

  it('blobs that do not match the bucket schema', async () => {
    const bad = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'nope', type: 'text', data: 'x' }] }, fx.namespace);
    expectEnvelope(bad, 422, 'ValidationError');
    expect(bad.body['error']).toMatchObject({ message: expect.stringContaining("'nope' is not in the bucket schema") });
    expectEnvelope(
      await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'content', type: 'image', data: 'x' }] }, fx.namespace),
      422,
    );
    expectEnvelope(
      await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'content', data: { base64: '***' } }] }, fx.namespace),
      422,
    );
  });

  it('a collection with an unknown extractor or bad parameters', async () => {
    const base = { collection_name: 'c-bad', source: { type: 'bucket', bucket_ids: [fx.bucketId] } };
    const unknown = await api.post(
      '/v1/collections',
      { ...base, feature_extractor: { feature_extractor_name: 'nope', version: 'v1' } },
      fx.namespace,
    );
    expectEnvelope(unknown, 422);
    expect(JSON.stringify(unknown.body)).toContain('text_extractor@v1');
    expectEnvelope(
      await api.post(
        '/v1/collections',
        { ...base, feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters: { chunk_size: 0 } } },
        fx.namespace,
      ),
      422,
    );
    expectEnvelope(
      await api.post(
        '/v1/collections',
        { ...base, feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', input_mappings: { text: 'missing' } } },
        fx.namespace,
      ),
      422,
    );
  });

  it('submitting without collections, and changing a submitted batch', async () => {
    const bucket = await api.post('/v1/buckets', { bucket_name: 'lonely', bucket_schema: { properties: { content: { type: 'text' } } } }, fx.namespace);
    const obj = await api.post(`/v1/buckets/${bucket.body['bucket_id']}/objects`, { blobs: [{ property: 'content', data: 'Hello.' }] }, fx.namespace);
    const draft = await api.post(`/v1/buckets/${bucket.body['bucket_id']}/batches`, { object_ids: [obj.body['object_id']] }, fx.namespace);
    const noCollections = await api.post(`/v1/buckets/${bucket.body['bucket_id']}/batches/${draft.body['batch_id']}/submit`, {}, fx.namespace);
    expectEnvelope(noCollections, 400, 'BadRequestError');
    expect(JSON.stringify(noCollections.body)).toContain('create a collection');

    const { batchId } = await submitBatch(api, fx, objectIds);
    expectEnvelope(await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/objects`, { object_ids: objectIds }, fx.namespace), 409, 'ConflictError');
    await waitForStatus(api, fx, batchId, ['COMPLETED']);
    // A finished batch answers a re-submit with its task; it is never run again.
    const resubmit = await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace);
    expect(resubmit.status).toBe(200);
    expect(resubmit.body['status']).toBe('COMPLETED');
  });

  it('generated malformed bodies and ids never produce a 5xx', async () => {
    const b = fx.bucketId;
    const routes: Array<[string, (id: string) => string]> = [
      ['POST', () => '/v1/namespaces'],
      ['GET', (id) => `/v1/namespaces/${id}`],
      ['POST', () => '/v1/buckets'],
      ['GET', (id) => `/v1/buckets/${id}`],
      ['POST', (id) => `/v1/buckets/${id}/objects`],
      ['GET', (id) => `/v1/buckets/${b}/objects/${id}`],
      ['POST', () => '/v1/collections'],
      ['GET', (id) => `/v1/collections/${id}`],
      ['POST', (id) => `/v1/collections/${id}/documents/list?limit=${id}`],
      ['POST', (id) => `/v1/buckets/${b}/batches?x=${id}`],
      ['POST', (id) => `/v1/buckets/${b}/batches/${id}/objects`],
      ['POST', (id) => `/v1/buckets/${b}/batches/${id}/submit`],
      ['GET', (id) => `/v1/buckets/${b}/batches/${id}`],
      ['GET', (id) => `/v1/tasks/${id}`],
      ['POST', (id) => `/v1/namespaces/list?limit=${id}`],
      ['PUT', (id) => `/v1/namespaces/${id}`],
      ['PATCH', (id) => `/v1/namespaces/${id}`],
      ['POST', (id) => `/v1/buckets/list?x=${id}`],
      ['PUT', (id) => `/v1/buckets/${id}`],
      ['PATCH', (id) => `/v1/buckets/${id}`],
      ['POST', (id) => `/v1/buckets/${b}/objects?policy=${id}`],
      ['POST', (id) => `/v1/buckets/${id}/objects/batch`],
      ['POST', (id) => `/v1/buckets/${b}/objects/list?offset=${id}`],
      ['PUT', (id) => `/v1/buckets/${b}/objects/${id}`],
      ['PATCH', (id) => `/v1/buckets/${b}/objects/${id}`],
      ['DELETE', (id) => `/v1/buckets/${b}/objects/${id}`],
      ['POST', (id) => `/v1/buckets/${b}/uploads?x=${id}`],
      ['POST', (id) => `/v1/buckets/${id}/uploads/list`],
      ['GET', (id) => `/v1/buckets/${b}/uploads/${id}`],
      ['PUT', (id) => `/v1/buckets/${b}/uploads/${id}/content?token=${id}`],
      ['POST', (id) => `/v1/buckets/${b}/uploads/${id}/confirm`],
      ['DELETE', (id) => `/v1/buckets/${b}/uploads/${id}`],
      // Search, cancel and the other batch routes; the collection and document routes (docs/adr/0040-resource-api.md).
      ['POST', (id) => `/v1/collections/${id}/documents/search`],
      ['POST', () => `/v1/collections/${fx.collectionId}/documents/search`],
      ['POST', (id) => `/v1/buckets/${b}/batches/${id}/cancel`],
      ['POST', (id) => `/v1/buckets/${b}/batches/${id}/retry`],
      ['PATCH', (id) => `/v1/buckets/${b}/batches/${id}`],
      ['DELETE', (id) => `/v1/buckets/${b}/batches/${id}`],
      ['GET', (id) => `/v1/buckets/${b}/batches/${id}/failed-documents?tier_num=${id}`],
      ['POST', (id) => `/v1/buckets/${b}/batches/list?x=${id}`],
      ['POST', (id) => `/v1/tasks/list?limit=${id}`],
      ['POST', (id) => `/v1/collections/list?offset=${id}`],
      ['PATCH', (id) => `/v1/collections/${id}`],
      ['PATCH', () => `/v1/collections/${fx.collectionId}`],
      ['DELETE', (id) => `/v1/collections/${id}`],
      ['GET', (id) => `/v1/collections/${id}/features`],
      ['POST', () => `/v1/collections/${fx.collectionId}/documents/list`],
      ['GET', (id) => `/v1/collections/${fx.collectionId}/documents/${id}?return_vectors=${id}`],
      ['DELETE', (id) => `/v1/collections/${fx.collectionId}/documents/${id}`],
      // What an object produced, document lineage, bulk uploads (batch-user routes).
      ['GET', (id) => `/v1/objects/${id}/documents?collection_ids=${id}&limit=${id}`],
      ['GET', (id) => `/v1/objects/${id}/decomposition-tree?include_document_ids=${id}`],
      ['GET', (id) => `/v1/collections/${fx.collectionId}/documents/${id}/lineage`],
      ['GET', (id) => `/v1/collections/${id}/documents/${id}/lineage`],
      ['POST', (id) => `/v1/buckets/${id}/uploads/batch`],
      ['POST', () => `/v1/buckets/${b}/uploads/batch`],
      ['POST', (id) => `/v1/buckets/${id}/uploads/confirm/batch`],
      ['POST', () => `/v1/buckets/${b}/uploads/confirm/batch`],
      ['PATCH', (id) => `/v1/collections/${fx.collectionId}/documents/${id}`],
      ['PATCH', (id) => `/v1/collections/${id}/documents/${id}`],
      ['DELETE', () => `/v1/collections/${fx.collectionId}/documents/batch`],
      ['DELETE', (id) => `/v1/collections/${id}/documents/batch`],
      ['GET', (id) => `/v1/buckets/${b}/batches/${id}/logs?tier_num=${id}&limit=${id}`],
      ['GET', (id) => `/v1/buckets/${id}/batches/${id}/logs?cursor=${id}`],
      // Document create, replace, batch and bulk updates (docs/adr/0076-document-writes.md).
      ['POST', () => `/v1/collections/${fx.collectionId}/documents`],
      ['POST', (id) => `/v1/collections/${id}/documents`],
      ['PUT', (id) => `/v1/collections/${fx.collectionId}/documents/${id}`],
      ['PUT', (id) => `/v1/collections/${id}/documents/${id}`],
      ['POST', () => `/v1/collections/${fx.collectionId}/documents/batch`],
      ['POST', (id) => `/v1/collections/${id}/documents/batch`],
      ['PATCH', () => `/v1/collections/${fx.collectionId}/documents/bulk`],
      ['PATCH', (id) => `/v1/collections/${id}/documents/bulk`],
    ];
    // Printable ASCII without spaces: what an HTTP client can send as a header value.
    const headerValue = fc.array(fc.integer({ min: 0x21, max: 0x7e }), { maxLength: 300 }).map((codes) => String.fromCharCode(...codes));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x'),
        fc.oneof(fc.jsonValue(), fc.string(), fc.object()),
        fc.boolean(),
        fc.option(headerValue),
        async (routeIndex, id, body, sendNamespace, idempotencyKey) => {
          const [method, path] = routes[routeIndex] as [string, (id: string) => string];
          const headers: Record<string, string> = idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey };
          const res = await api.request(method, path(id), {
            namespace: sendNamespace ? fx.namespace : undefined,
            ...(method !== 'GET' && method !== 'DELETE'
              ? { headers: { ...headers, 'content-type': 'application/json' }, raw: typeof body === 'string' ? body : JSON.stringify(body) }
              : { headers }),
          });
          if (res.status >= 500) throw new Error(`${method} ${path(id)} -> ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect((res.body as { success: boolean }).success).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
    // The fixture's collection survived: generated PATCH bodies only ever touch mutable fields.
    expect((await api.get(`/v1/collections/${fx.collectionId}`, fx.namespace)).status).toBe(200);
  });

  it('generated retry, search, list and document write bodies on real resources never produce a 5xx', async () => {
    const { batchId } = await submitBatch(api, fx, objectIds);
    await waitForStatus(api, fx, batchId, ['COMPLETED']);
    const filterValue = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const condition = fc.record({
      field: fc.oneof(fc.constantFrom('text', 'chunk_index', '_internal.lineage.source_object_id', 'source.type'), fc.string({ maxLength: 20 })),
      operator: fc.oneof(fc.constantFrom('eq', 'ne', 'gt', 'in', 'nin', 'contains', 'regex', 'exists', 'is_null', 'text'), fc.string({ maxLength: 8 })),
      value: filterValue,
    });
    const filters = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        condition,
        fc.record({ AND: fc.array(tie('node'), { maxLength: 3 }) }),
        fc.record({ OR: fc.array(tie('node'), { maxLength: 3 }) }),
        fc.record({ NOT: fc.array(tie('node'), { maxLength: 3 }) }),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 2 }),
      ),
    })).node;
    const [someDoc] = await listDocuments(api, fx);
    const someId = someDoc?.['document_id'] as string;
    const vectors = (await api.get(`/v1/collections/${fx.collectionId}/documents/${someId}?return_vectors=true`, fx.namespace)).body['vectors'] as Record<string, number[]>;
    const [indexName, indexVector] = Object.entries(vectors)[0] as [string, number[]];
    const vector = fc.oneof(fc.array(fc.double(), { minLength: indexVector.length, maxLength: indexVector.length }), fc.array(fc.double(), { maxLength: 8 }), fc.jsonValue());
    const namedVectors = fc.oneof(fc.dictionary(fc.constantFrom(indexName, 'other'), vector, { maxKeys: 2 }), fc.jsonValue());
    const fields = fc.dictionary(fc.oneof(fc.constantFrom('title', 'document_id', '_internal', 'vectors', 'metadata'), fc.string({ maxLength: 10 })), fc.jsonValue(), { maxKeys: 4 });
    const idLike = fc.oneof(fc.constantFrom(someId, objectIds[0] as string, fx.bucketId, fx.collectionId), fc.string({ maxLength: 30 }), fc.jsonValue());
    const writes: Array<[string, string, fc.Arbitrary<unknown>]> = [
      [
        'POST',
        `/v1/collections/${fx.collectionId}/documents`,
        fc
          .tuple(
            fields,
            fc.record(
              {
                root_object_id: idLike,
                root_bucket_id: idLike,
                source_document_id: idLike,
                source_type: fc.oneof(fc.constantFrom('bucket', 'collection'), fc.jsonValue()),
                collection_id: idLike,
                metadata: fc.oneof(fields, fc.jsonValue()),
                vectors: namedVectors,
                features: fc.oneof(fc.array(fc.record({ feature_extractor_id: fc.oneof(fc.string(), fc.jsonValue()), payload: fields, vectors: namedVectors }, { requiredKeys: [] }), { maxLength: 2 }), fc.jsonValue()),
              },
              { requiredKeys: [] },
            ),
          )
          .map(([f, known]) => ({ ...f, ...known })),
      ],
      ['PUT', `/v1/collections/${fx.collectionId}/documents/${someId}`, fc.tuple(fields, fc.record({ vectors: namedVectors }, { requiredKeys: [] })).map(([f, v]) => ({ ...f, ...v }))],
      [
        'POST',
        `/v1/collections/${fx.collectionId}/documents/batch`,
        fc.record(
          {
            updates: fc.oneof(fc.array(fc.record({ document_id: idLike, update_data: fields }, { requiredKeys: [] }), { maxLength: 3 }), fc.jsonValue()),
            filters,
            update_data: fc.oneof(fields, fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
      ],
      ['PATCH', `/v1/collections/${fx.collectionId}/documents/bulk`, fc.record({ filters, update_data: fc.oneof(fields, fc.jsonValue()) }, { requiredKeys: [] })],
      // A collection that does not exist: the body and its filters are checked first, and nothing the other cases read is deleted.
      [
        'DELETE',
        '/v1/collections/col_missing000000/documents/batch',
        fc.record({ document_ids: fc.oneof(fc.array(idLike, { maxLength: 3 }), fc.jsonValue()), filters }, { requiredKeys: [] }),
      ],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: writes.length - 1 }).chain((i) => fc.tuple(fc.constant(i), (writes[i] as [string, string, fc.Arbitrary<unknown>])[2])),
        async ([i, body]) => {
          const [method, path] = writes[i] as [string, string, unknown];
          const res = await api.request(method, path, { namespace: fx.namespace, body });
          if (res.status >= 500) throw new Error(`${method} ${path} ${JSON.stringify(body)} -> ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect((res.body as { success: boolean }).success).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
    const bodies: Array<[string, fc.Arbitrary<unknown>]> = [
      [
        `/v1/buckets/${fx.bucketId}/batches/${batchId}/retry`,
        fc.record({ retry_mode: fc.oneof(fc.constantFrom('transient_only', 'all'), fc.jsonValue()), tier_nums: fc.oneof(fc.array(fc.integer()), fc.jsonValue()), max_retry_count: fc.jsonValue() }, { requiredKeys: [] }),
      ],
      [
        `/v1/collections/${fx.collectionId}/documents/search`,
        fc.record({ query_text: fc.oneof(fc.string(), fc.jsonValue()), top_k: fc.oneof(fc.integer(), fc.jsonValue()), filters, min_score: fc.jsonValue() }, { requiredKeys: [] }),
      ],
      [`/v1/collections/${fx.collectionId}/documents/list`, fc.record({ filters, sort: fc.jsonValue(), search: fc.jsonValue(), select: fc.jsonValue() }, { requiredKeys: [] })],
      ['/v1/collections/list', fc.record({ filters, sort: fc.jsonValue(), search: fc.jsonValue(), case_sensitive: fc.jsonValue() }, { requiredKeys: [] })],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bodies.length - 1 }).chain((i) => fc.tuple(fc.constant(i), (bodies[i] as [string, fc.Arbitrary<unknown>])[1])),
        async ([i, body]) => {
          const path = (bodies[i] as [string, unknown])[0];
          const res = await api.post(path, body, fx.namespace);
          if (res.status >= 500) throw new Error(`POST ${path} ${JSON.stringify(body)} -> ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect((res.body as { success: boolean }).success).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
