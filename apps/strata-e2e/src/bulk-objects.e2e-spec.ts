import { StrataCluster } from '@strata/testing';
import { StrataClient } from '@strata/sdk';
import { createFixture, createTextObjects, twoSentences, waitForStatus } from './support';

jest.setTimeout(180_000);

const line = (i: number) => ({ metadata: { title: `bulk ${i}` }, blobs: [{ property: 'content', type: 'text' as const, data: twoSentences(i) }] });
const ndjson = (lines: readonly unknown[]) => Buffer.from(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));

/*
 * POST /v1/buckets/{bucket}/objects/bulk on the built apps (docs/adr/0101-bulk-object-ingest.md):
 * an NDJSON stream into a DRAFT batch, processed to the end; bad lines reported by number; a
 * request that cannot run refused with a 4xx before its body is read, never a 5xx.
 */
describe('bulk object ingest (NDJSON)', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('streams objects into a DRAFT batch in line order (SDK, async iterable), and the batch processes them all', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const [seed] = await createTextObjects(api, fx, 1);
    const created = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: [seed] }, fx.namespace);
    const batchId = created.body['batch_id'] as string;
    const sdk = new StrataClient({ baseUrl: api.baseUrl, namespace: fx.namespace });
    async function* objects() {
      for (let i = 0; i < 1_200; i += 1) yield line(i);
    }
    const result = await sdk.objects.bulkCreate(fx.bucketId, objects(), { batchId, chunkSize: 500 });
    expect(result).toMatchObject({ bucket_id: fx.bucketId, batch_id: batchId, lines: 1_200, created_count: 1_200, failed_count: 0, batch_object_count: 1_201, errors: [] });

    // Positions follow the lines: the last page holds the last lines' objects, in order.
    const page = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/objects?offset=1198&limit=10`, fx.namespace);
    const tail = (page.body['results'] as Array<{ object_id: string }>).map((r) => r.object_id);
    expect(tail).toHaveLength(3);
    const titles = await Promise.all(tail.map(async (id) => ((await api.get(`/v1/buckets/${fx.bucketId}/objects/${id}`, fx.namespace)).body['metadata'] as { title: string }).title));
    expect(titles).toEqual(['bulk 1197', 'bulk 1198', 'bulk 1199']);

    await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace);
    const done = await waitForStatus(api, fx, batchId, ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'], 120_000);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ processed: 1_201, total: 1_201, failed: 0 });
  });

  it('reports bad lines by number (invalid JSON, schema errors, blank lines skipped) and stores the good ones', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const body = ndjson([line(1), '{"metadata": {"title": ', '', line(2), { blobs: [{ property: 'nope', data: 'x' }] }, { metadata: 'not an object' }, {}, line(3)]);
    const res = await api.request('POST', `/v1/buckets/${fx.bucketId}/objects/bulk`, { raw: body, namespace: fx.namespace, headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 7, created_count: 3, failed_count: 4, batch_id: null, batch_object_count: null, errors_truncated: false });
    const errors = res.body['errors'] as Array<{ line: number; error: string; error_type: string }>;
    expect(errors.map((e) => [e.line, e.error_type])).toEqual([
      [2, 'ValidationError'],
      [5, 'ValidationError'],
      [6, 'ValidationError'],
      [7, 'ValidationError'],
    ]);
    expect(errors[0]?.error).toContain('line 2: not valid JSON');
    expect(errors[1]?.error).toContain("'nope' is not in the bucket schema");
    expect(errors[2]?.error).toContain('line 6.metadata');
    expect(errors[3]?.error).toContain('at least one blob or some metadata');
    const listed = await api.post(`/v1/buckets/${fx.bucketId}/objects/list`, {}, fx.namespace);
    expect(listed.body['total_count']).toBe(3);
  });

  it('takes an Idempotency-Key like the other write routes: a repeat gets the first answer and creates nothing, another body under the key is a 409', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const send = (lines = [line(1), line(2)]) =>
      api.request('POST', `/v1/buckets/${fx.bucketId}/objects/bulk`, {
        raw: ndjson(lines),
        namespace: fx.namespace,
        headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': `bulk-${fx.namespace}` },
      });
    const first = await send();
    expect(first.body).toMatchObject({ created_count: 2 });
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // The body is streamed, never held: its hash, taken as it was read, tells another body apart.
    const other = await send([line(1), line(3)]);
    expect(other.status).toBe(409);
    expect(JSON.stringify(other.body)).toContain('different request');
    expect((await api.post(`/v1/buckets/${fx.bucketId}/objects/list`, {}, fx.namespace)).body['total_count']).toBe(2);
  });

  it('refuses with a 4xx envelope what cannot run: unknown bucket or batch, a batch that is not DRAFT, a JSON body, a bad query', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const post = (path: string, contentType = 'application/x-ndjson') =>
      api.request('POST', path, { raw: ndjson([line(1)]), namespace: fx.namespace, headers: { 'content-type': contentType } });
    const expectEnvelope = (res: { status: number; body: unknown }, status: number, type: string) => {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ success: false, status, error: { type } });
    };
    expectEnvelope(await post('/v1/buckets/bkt_nope/objects/bulk'), 404, 'NotFoundError');
    expectEnvelope(await post(`/v1/buckets/${fx.bucketId}/objects/bulk?batch_id=btch_nope`), 404, 'NotFoundError');
    expectEnvelope(await post(`/v1/buckets/${fx.bucketId}/objects/bulk?chunk_size=0`), 422, 'ValidationError');
    expectEnvelope(await post(`/v1/buckets/${fx.bucketId}/objects/bulk`, 'application/json'), 415, 'UnsupportedMediaTypeError');
    const [id] = await createTextObjects(api, fx, 1);
    const batch = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: [id] }, fx.namespace);
    const batchId = batch.body['batch_id'] as string;
    await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/cancel`, {}, fx.namespace);
    const refused = await post(`/v1/buckets/${fx.bucketId}/objects/bulk?batch_id=${batchId}`);
    expectEnvelope(refused, 409, 'ConflictError');
    expect(JSON.stringify(refused.body)).toContain('DRAFT');
    // Nothing was created by the refused requests.
    const listed = await api.post(`/v1/buckets/${fx.bucketId}/objects/list`, {}, fx.namespace);
    expect(listed.body['total_count']).toBe(1);
  });
});
