import { ApiClient, StoreInspector, StrataCluster, waitFor } from '@strata/testing';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Fixture, createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

type Body = Record<string, unknown>;

function expectError(res: { status: number; body: unknown }, status: number, type?: string, says?: string): void {
  const body = res.body as { success: boolean; status: number; error: { message: string; type: string } };
  expect({ status: res.status, body }).toMatchObject({ status, body: { success: false, status } });
  expect(body.error.message.length).toBeGreaterThan(5);
  if (type !== undefined) expect(body.error.type).toBe(type);
  if (says !== undefined) expect(body.error.message).toContain(says);
}

async function waitForTask(api: ApiClient, taskId: string): Promise<Body> {
  let last: Body = {};
  await waitFor(
    async () => {
      const res = await api.get(`/v1/tasks/${taskId}`);
      last = res.body;
      return res.status === 200 && ['COMPLETED', 'FAILED'].includes(res.body['status'] as string);
    },
    { timeoutMs: 30_000, description: `task ${taskId} to finish` },
  );
  return last;
}

describe('namespaces, buckets and objects', () => {
  let cluster: StrataCluster;
  let api: ApiClient;
  let fx: Fixture;
  let other: Fixture;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
    api = cluster.api;
    fx = await createFixture(api);
    other = await createFixture(api);
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  describe('namespaces', () => {
    it('updates with PUT and PATCH, and refuses a taken or malformed name', async () => {
      const name = `upd-${randomBytes(3).toString('hex')}`;
      const created = await api.post('/v1/namespaces', { namespace_name: name });
      const id = created.body['namespace_id'] as string;
      const patched = await api.request('PATCH', `/v1/namespaces/${name}`, { body: { description: 'patched' } });
      expect(patched.body).toMatchObject({ namespace_id: id, namespace_name: name, description: 'patched' });
      const put = await api.request('PUT', `/v1/namespaces/${id}`, { body: { namespace_name: `${name}-2` } });
      expect(put.body).toMatchObject({ namespace_id: id, namespace_name: `${name}-2`, description: 'patched' });
      expect((await api.get(`/v1/namespaces/${name}-2`)).body['namespace_id']).toBe(id);

      expectError(await api.request('PATCH', `/v1/namespaces/${id}`, { body: { namespace_name: fx.namespace } }), 409, 'AlreadyExistsError');
      expectError(await api.request('PATCH', `/v1/namespaces/${id}`, { body: { namespace_name: 'a b' } }), 422, 'ValidationError', 'namespace_name');
      expectError(await api.request('PATCH', `/v1/namespaces/${id}`, { body: {} }), 422, 'ValidationError', 'at least one');
      expectError(await api.request('PATCH', `/v1/namespaces/${id}`, { body: { description: 5 } }), 422, 'ValidationError', 'description');
      expectError(await api.request('PUT', '/v1/namespaces/ns_missing0000000', { body: { description: 'x' } }), 404, 'NotFoundError');
    });

    it('lists with filters, sort, search and pagination', async () => {
      const tag = randomBytes(3).toString('hex');
      for (const n of ['b', 'a', 'c']) await api.post('/v1/namespaces', { namespace_name: `list-${tag}-${n}`, description: `group ${tag}` });
      const res = await api.request('POST', '/v1/namespaces/list?limit=2&offset=0', {
        body: { filters: { field: 'namespace_name', operator: 'starts_with', value: `list-${tag}` }, sort: { field: 'namespace_name', direction: 'desc' } },
      });
      expect(res.status).toBe(200);
      expect((res.body['results'] as Body[]).map((r) => r['namespace_name'])).toEqual([`list-${tag}-c`, `list-${tag}-b`]);
      expect(res.body).toMatchObject({ total_count: 3, pagination: { total: 3, page: 1, page_size: 2, total_pages: 2, next_page: expect.any(String), previous_page: null } });
      // The cursor keeps the page size; page/page_size reach the same page.
      const listBody = { filters: { field: 'namespace_name', operator: 'starts_with', value: `list-${tag}` }, sort: { field: 'namespace_name', direction: 'desc' } };
      const next = await api.request('POST', `/v1/namespaces/list?cursor=${String((res.body['pagination'] as Body)['next_page'])}`, { body: listBody });
      expect((next.body['results'] as Body[]).map((r) => r['namespace_name'])).toEqual([`list-${tag}-a`]);
      expect(next.body['pagination']).toMatchObject({ page: 2, next_page: null, previous_page: expect.any(String) });
      const paged = await api.request('POST', '/v1/namespaces/list?page=2&page_size=2', { body: listBody });
      expect((paged.body['results'] as Body[]).map((r) => r['namespace_name'])).toEqual([`list-${tag}-a`]);
      expectError(await api.request('POST', '/v1/namespaces/list?cursor=bm90LWEtY3Vyc29y', { body: listBody }), 422, 'ValidationError', 'cursor');
      const searched = await api.request('POST', '/v1/namespaces/list', { body: { search: `group ${tag}` } });
      expect(searched.body['total_count']).toBe(3);
      const all = await api.request('POST', '/v1/namespaces/list', { body: {} });
      expect(all.body['total_count'] as number).toBeGreaterThanOrEqual(5);

      expectError(await api.request('POST', '/v1/namespaces/list', { body: { filters: { field: 'x', operator: 'like', value: 1 } } }), 422, 'ValidationError', 'operator');
      expectError(await api.request('POST', '/v1/namespaces/list?limit=0', { body: {} }), 422, 'ValidationError', 'limit');
      expectError(await api.request('POST', '/v1/namespaces/list', { body: { sort: { field: 'a;drop', direction: 'up' } } }), 422, 'ValidationError');
    });

    it('delete removes everything of the namespace from every store, and nothing of another', async () => {
      const doomed = await createFixture(api);
      const ids = await createTextObjects(api, doomed, 3);
      const { batchId } = await submitBatch(api, doomed, ids);
      await waitForStatus(api, doomed, batchId, ['COMPLETED']);
      const keep = await createTextObjects(api, other, 1);
      const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
      try {
        expect(inspector.documents(doomed.collectionId).rows).toBe(6);
        expect(inspector.points(doomed.collectionId).rows).toBe(6);
        const blobDir = join(cluster.dataDir, 'data', 'objects', doomed.namespaceId);
        expect(existsSync(blobDir)).toBe(true);

        const del = await api.request('DELETE', `/v1/namespaces/${doomed.namespace}`);
        expect(del.status).toBe(200);
        expect(del.body).toMatchObject({ namespace_id: doomed.namespaceId, status: 'PENDING', task_id: expect.stringMatching(/^task_/) });
        const task = await waitForTask(api, del.body['task_id'] as string);
        expect(task).toMatchObject({ status: 'COMPLETED', task_type: 'api_namespaces_delete' });

        expectError(await api.get(`/v1/namespaces/${doomed.namespaceId}`), 404, 'NotFoundError');
        expectError(await api.get(`/v1/buckets/${doomed.bucketId}`, doomed.namespaceId), 404, 'NotFoundError');
        expect(inspector.documents(doomed.collectionId).rows).toBe(0);
        expect(inspector.points(doomed.collectionId)).toMatchObject({ rows: 0, withVector: 0 });
        expect(existsSync(blobDir)).toBe(false);
        // The other namespace is untouched.
        expect((await api.get(`/v1/buckets/${other.bucketId}/objects/${keep[0]}`, other.namespace)).status).toBe(200);
      } finally {
        inspector.close();
      }
      expectError(await api.request('DELETE', `/v1/namespaces/${doomed.namespaceId}`), 404, 'NotFoundError');
    });
  });

  describe('buckets', () => {
    it('creates with unique_key and reports object_count, total_size_bytes and batch_stats', async () => {
      const created = await api.post(
        '/v1/buckets',
        {
          bucket_name: 'products',
          bucket_schema: { properties: { sku: { type: 'string' }, body: { type: 'text' } } },
          unique_key: { fields: ['sku'], default_policy: 'insert' },
        },
        fx.namespace,
      );
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ unique_key: { fields: ['sku'], default_policy: 'insert' }, object_count: 0, total_size_bytes: 0 });
      const ids = await createTextObjects(api, fx, 2);
      await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: ids }, fx.namespace);
      const got = await api.get(`/v1/buckets/${fx.bucketId}`, fx.namespace);
      expect(got.body['object_count'] as number).toBeGreaterThanOrEqual(2);
      expect(got.body['total_size_bytes'] as number).toBeGreaterThan(100);
      expect(got.body['batch_stats']).toMatchObject({ active: expect.any(Number), completed: expect.any(Number), failed: expect.any(Number) });
      expect((got.body['batch_stats'] as { total: number }).total).toBeGreaterThanOrEqual(1);

      const bad = (body: Body) => api.post('/v1/buckets', { bucket_name: 'u', bucket_schema: { properties: { sku: { type: 'string' }, body: { type: 'text' } } }, ...body }, fx.namespace);
      expectError(await bad({ unique_key: { fields: [] } }), 422, 'ValidationError', 'unique_key');
      expectError(await bad({ unique_key: { fields: ['nope'] } }), 422, 'ValidationError', "'nope' is not in bucket_schema");
      expectError(await bad({ unique_key: { fields: ['body'] } }), 422, 'ValidationError', 'scalar');
      expectError(await bad({ unique_key: { fields: ['sku'], default_policy: 'merge' } }), 422, 'ValidationError', 'default_policy');
    });

    it('updates with PUT/PATCH; unique_key and schema stay', async () => {
      const b = await api.post('/v1/buckets', { bucket_name: 'to-rename', bucket_schema: { properties: { body: { type: 'text' } } } }, fx.namespace);
      const id = b.body['bucket_id'] as string;
      const patched = await api.request('PATCH', `/v1/buckets/to-rename`, { namespace: fx.namespace, body: { description: 'd', metadata: { team: 'x' } } });
      expect(patched.body).toMatchObject({ bucket_id: id, description: 'd', metadata: { team: 'x' } });
      const put = await api.request('PUT', `/v1/buckets/${id}`, { namespace: fx.namespace, body: { bucket_name: 'renamed' } });
      expect(put.body).toMatchObject({ bucket_name: 'renamed', description: 'd' });
      expectError(await api.request('PATCH', `/v1/buckets/${id}`, { namespace: fx.namespace, body: { bucket_name: 'articles' } }), 409, 'AlreadyExistsError');
      expectError(await api.request('PATCH', `/v1/buckets/${id}`, { namespace: fx.namespace, body: { unique_key: { fields: ['x'] } } }), 422, 'ValidationError');
      expectError(await api.request('PATCH', `/v1/buckets/${id}`, { namespace: fx.namespace, body: { bucket_name: '' } }), 422, 'ValidationError', 'bucket_name');
      expectError(await api.request('PATCH', `/v1/buckets/${id}`, { namespace: other.namespace, body: { description: 'x' } }), 404, 'NotFoundError');
    });

    it('lists with body pagination, filters and sort; another namespace sees none of them', async () => {
      const res = await api.post('/v1/buckets/list', { limit: 1, offset: 0, sort: { field: 'bucket_name', direction: 'asc' } }, fx.namespace);
      expect(res.status).toBe(200);
      expect(res.body['total_count'] as number).toBeGreaterThanOrEqual(3);
      expect((res.body['results'] as Body[])[0]).toMatchObject({ bucket_name: 'articles', object_count: expect.any(Number) });
      const filtered = await api.post('/v1/buckets/list', { filters: { bucket_name: 'products' } }, fx.namespace);
      expect((filtered.body['results'] as Body[]).map((b) => b['bucket_name'])).toEqual(['products']);
      const theirs = await api.post('/v1/buckets/list', {}, other.namespace);
      expect((theirs.body['results'] as Body[]).map((b) => b['bucket_id'])).toEqual([other.bucketId]);
      expectError(await api.post('/v1/buckets/list', { limit: 5000 }, fx.namespace), 422, 'ValidationError', 'limit');
      expectError(await api.post('/v1/buckets/list', {}, 'nope-ns'), 404, 'NotFoundError');
    });

    it('delete is a task that removes objects, blobs and batches', async () => {
      const b = await api.post('/v1/buckets', { bucket_name: 'doomed', bucket_schema: { properties: { content: { type: 'text' } } } }, fx.namespace);
      const bucketId = b.body['bucket_id'] as string;
      const o = await api.post(`/v1/buckets/${bucketId}/objects`, { blobs: [{ property: 'content', data: 'bye' }] }, fx.namespace);
      await api.post(`/v1/buckets/${bucketId}/batches`, { object_ids: [o.body['object_id']] }, fx.namespace);
      const blobDir = join(cluster.dataDir, 'data', 'objects', fx.namespaceId, 'buckets', bucketId);
      expect(existsSync(blobDir)).toBe(true);
      expectError(await api.request('DELETE', `/v1/buckets/${bucketId}`, { namespace: other.namespace }), 404, 'NotFoundError');
      const del = await api.request('DELETE', `/v1/buckets/${bucketId}`, { namespace: fx.namespace });
      expect(del.body).toMatchObject({ bucket_id: bucketId, bucket_name: 'doomed', object_count: 1, status: 'PENDING' });
      expect(await waitForTask(api, del.body['task_id'] as string)).toMatchObject({ status: 'COMPLETED' });
      expectError(await api.get(`/v1/buckets/${bucketId}`, fx.namespace), 404);
      expectError(await api.get(`/v1/buckets/${bucketId}/objects/${o.body['object_id']}`, fx.namespace), 404);
      expect(existsSync(blobDir)).toBe(false);
    });
  });

  describe('objects', () => {
    const products = () => `/v1/buckets/products/objects`;

    it('applies ?policy against the unique key: insert 409, update 404, upsert replaces', async () => {
      const sku = `sku-${randomBytes(3).toString('hex')}`;
      const first = await api.post(products(), { metadata: { sku, n: 1 }, blobs: [{ property: 'body', type: 'text', data: 'one' }] }, fx.namespace);
      expect(first.status).toBe(200);
      const objectId = first.body['object_id'];
      expectError(await api.post(products(), { metadata: { sku }, blobs: [{ property: 'body', data: 'two' }] }, fx.namespace), 409, 'AlreadyExistsError', 'policy=update');
      expectError(await api.post(`${products()}?policy=update`, { metadata: { sku: 'missing' } }, fx.namespace), 404, 'NotFoundError');
      const up = await api.post(`${products()}?policy=upsert`, { metadata: { sku, n: 2 }, blobs: [{ property: 'body', data: 'two' }] }, fx.namespace);
      expect(up.body).toMatchObject({ object_id: objectId, metadata: { sku, n: 2 } });
      const upd = await api.post(`${products()}?policy=update`, { metadata: { sku, n: 3 } }, fx.namespace);
      expect(upd.body).toMatchObject({ object_id: objectId, metadata: { sku, n: 3 } });
      const fresh = await api.post(`${products()}?policy=upsert`, { metadata: { sku: `${sku}-b` } }, fx.namespace);
      expect(fresh.body['object_id']).not.toBe(objectId);
      expectError(await api.post(`${products()}?policy=merge`, { metadata: { sku } }, fx.namespace), 422, 'ValidationError', 'policy');
      expectError(await api.post(products(), { metadata: { n: 1 } }, fx.namespace), 422, 'ValidationError', 'metadata.sku');
      // A bucket without a unique key and without default policy cannot resolve update/upsert.
      expectError(await api.post(`/v1/buckets/${fx.bucketId}/objects?policy=upsert`, { metadata: { title: 'x' } }, fx.namespace), 400, 'BadRequestError', 'unique_key');
      const noDefault = await api.post(
        '/v1/buckets',
        { bucket_name: 'nodefault', bucket_schema: { properties: { sku: { type: 'string' } } }, unique_key: { fields: ['sku'] } },
        fx.namespace,
      );
      expect(noDefault.status).toBe(200);
      expectError(await api.post('/v1/buckets/nodefault/objects', { metadata: { sku: 'a' } }, fx.namespace), 400, 'BadRequestError', 'policy');
    });

    it('gets blob details with content hash; skip_duplicates returns the existing object', async () => {
      const text = `unique content ${randomBytes(4).toString('hex')}`;
      const a = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'content', data: text, filename: 'a.txt' }] }, fx.namespace);
      const hash = `sha256:${createHash('sha256').update(text).digest('hex')}`;
      const got = await api.get(`/v1/buckets/${fx.bucketId}/objects/${a.body['object_id']}`, fx.namespace);
      expect(got.body).toMatchObject({
        content_hash: hash,
        blobs: [{ property: 'content', type: 'text', details: { filename: 'a.txt', size_bytes: Buffer.byteLength(text), mime_type: expect.stringContaining('text/plain'), hash } }],
      });
      const dup = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { skip_duplicates: true, blobs: [{ property: 'content', data: text }] }, fx.namespace);
      expect(dup.body['object_id']).toBe(a.body['object_id']);
      const notSkipped = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'content', data: text }] }, fx.namespace);
      expect(notSkipped.body['object_id']).not.toBe(a.body['object_id']);
      expectError(await api.get(`/v1/buckets/${fx.bucketId}/objects/${a.body['object_id']}`, other.namespace), 404);
      expectError(await api.get(`/v1/buckets/${other.bucketId}/objects/${a.body['object_id']}`, other.namespace), 404);
    });

    it('creates in batch with per-object failures', async () => {
      const res = await api.post(
        `/v1/buckets/${fx.bucketId}/objects/batch`,
        {
          objects: [
            { metadata: { title: 'ok' }, blobs: [{ property: 'content', data: 'Fine.' }] },
            { blobs: [{ property: 'nope', data: 'x' }] },
            'not an object',
            { metadata: { title: 'ok2' } },
          ],
        },
        fx.namespace,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total_requested: 4, succeeded_count: 2, failed_count: 2 });
      expect(res.body['failed']).toEqual([
        { object_index: 1, error: expect.stringContaining("'nope' is not in the bucket schema"), error_type: 'ValidationError' },
        { object_index: 2, error: expect.stringContaining('body.objects[2]'), error_type: 'ValidationError' },
      ]);
      expectError(await api.post(`/v1/buckets/${fx.bucketId}/objects/batch`, { objects: [] }, fx.namespace), 422, 'ValidationError', 'at least one');
      expectError(
        await api.post(`/v1/buckets/${fx.bucketId}/objects/batch`, { objects: Array.from({ length: 101 }, () => ({ metadata: { title: 'x' } })) }, fx.namespace),
        422,
        'ValidationError',
        '100',
      );
      expectError(await api.post(`/v1/buckets/${fx.bucketId}/objects/batch`, { objects: [{ metadata: { title: 'x' } }] }, other.namespace), 404);
    });

    it('updates (metadata merged, blobs replaced, old bytes removed) and deletes with 204', async () => {
      const o = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { metadata: { title: 'T', keep: 1 }, blobs: [{ property: 'content', data: 'old text' }] }, fx.namespace);
      const id = o.body['object_id'] as string;
      const oldKey = join(cluster.dataDir, 'data', 'objects', fx.namespaceId, 'buckets', fx.bucketId, 'objects', id, (o.body['blobs'] as Body[])[0]?.['blob_id'] as string);
      expect(existsSync(oldKey)).toBe(true);
      const put = await api.request('PUT', `/v1/buckets/${fx.bucketId}/objects/${id}`, {
        namespace: fx.namespace,
        body: { metadata: { title: 'T2', keep: null, extra: true }, blobs: [{ property: 'content', data: 'new text' }] },
      });
      expect(put.status).toBe(200);
      expect(put.body['metadata']).toEqual({ title: 'T2', extra: true });
      expect((put.body['blobs'] as Array<{ details: { size_bytes: number } }>)[0]?.details.size_bytes).toBe(8);
      expect(existsSync(oldKey)).toBe(false);
      const patch = await api.request('PATCH', `/v1/buckets/${fx.bucketId}/objects/${id}`, { namespace: fx.namespace, body: { key_prefix: '/docs' } });
      expect(patch.body).toMatchObject({ key_prefix: '/docs', metadata: { title: 'T2' } });
      expectError(await api.request('PATCH', `/v1/buckets/${fx.bucketId}/objects/${id}`, { namespace: fx.namespace, body: {} }), 422, 'ValidationError', 'at least one');
      expectError(await api.request('PATCH', `/v1/buckets/${fx.bucketId}/objects/${id}`, { namespace: fx.namespace, body: { blobs: [{ property: 'nope', data: 'x' }] } }), 422);
      expectError(await api.request('PATCH', `/v1/buckets/${fx.bucketId}/objects/${id}`, { namespace: other.namespace, body: { key_prefix: 'x' } }), 404);

      expectError(await api.request('DELETE', `/v1/buckets/${fx.bucketId}/objects/${id}`, { namespace: other.namespace }), 404);
      const del = await api.request('DELETE', `/v1/buckets/${fx.bucketId}/objects/${id}`, { namespace: fx.namespace });
      expect(del.status).toBe(204);
      expect(existsSync(join(cluster.dataDir, 'data', 'objects', fx.namespaceId, 'buckets', fx.bucketId, 'objects', id))).toBe(false);
      expectError(await api.get(`/v1/buckets/${fx.bucketId}/objects/${id}`, fx.namespace), 404);
      expectError(await api.request('DELETE', `/v1/buckets/${fx.bucketId}/objects/${id}`, { namespace: fx.namespace }), 404);
    });

    it('lists with nested filters, every operator, sort, search, select and pagination', async () => {
      const b = await api.post(
        '/v1/buckets',
        { bucket_name: 'catalog', bucket_schema: { properties: { body: { type: 'text' }, price: { type: 'number' } } } },
        fx.namespace,
      );
      const path = `/v1/buckets/${b.body['bucket_id']}/objects`;
      const rows = [
        { name: 'Alpha apple', price: 5, tags: ['red', 'fruit'], note: null },
        { name: 'beta banana', price: 12, tags: ['yellow', 'fruit'] },
        { name: 'Gamma grape', price: 20, tags: ['purple'], note: 'x' },
        { name: 'delta date', price: 8, tags: [] },
      ];
      for (const m of rows) expect((await api.post(path, { metadata: m, key_prefix: m.name.startsWith('A') ? '/a' : null }, fx.namespace)).status).toBe(200);
      const names = async (body: Body, query = '') => {
        const res = await api.post(`${path}/list${query}`, body, fx.namespace);
        if (res.status !== 200) throw new Error(JSON.stringify(res.body));
        return (res.body['results'] as Array<{ metadata: { name: string } }>).map((r) => r.metadata.name);
      };
      const byPrice = { field: 'metadata.price', direction: 'asc' };
      const cond = (operator: string, value: unknown, field = 'metadata.price') => ({ filters: { field, operator, value }, sort: byPrice });
      expect(await names(cond('eq', 12))).toEqual(['beta banana']);
      expect(await names(cond('ne', 12))).toEqual(['Alpha apple', 'delta date', 'Gamma grape']);
      expect(await names(cond('gt', 8))).toEqual(['beta banana', 'Gamma grape']);
      expect(await names(cond('gte', 8))).toEqual(['delta date', 'beta banana', 'Gamma grape']);
      expect(await names(cond('lt', 8))).toEqual(['Alpha apple']);
      expect(await names(cond('lte', 8))).toEqual(['Alpha apple', 'delta date']);
      expect(await names(cond('in', [5, 20]))).toEqual(['Alpha apple', 'Gamma grape']);
      expect(await names(cond('nin', [5, 20]))).toEqual(['delta date', 'beta banana']);
      expect(await names(cond('contains', 'fruit', 'metadata.tags'))).toEqual(['Alpha apple', 'beta banana']);
      expect(await names(cond('contains', 'AN', 'metadata.name'))).toEqual(['beta banana']);
      expect(await names(cond('starts_with', 'gamma', 'metadata.name'))).toEqual(['Gamma grape']);
      expect(await names(cond('ends_with', 'date', 'metadata.name'))).toEqual(['delta date']);
      expect(await names(cond('regex', '^[ab]', 'metadata.name'))).toEqual(['Alpha apple', 'beta banana']);
      expect(await names(cond('exists', true, 'metadata.note'))).toEqual(['Alpha apple', 'Gamma grape']);
      expect(await names(cond('is_null', true, 'metadata.note'))).toEqual(['Alpha apple', 'delta date', 'beta banana']);
      expect(await names({ filters: { key_prefix: '/a' } })).toEqual(['Alpha apple']);
      expect(await names({ filters: { 'metadata.price': 20 } })).toEqual(['Gamma grape']);
      expect(
        await names({
          filters: {
            OR: [
              { AND: [{ field: 'metadata.price', operator: 'gte', value: 10 }, { NOT: [{ field: 'metadata.tags', operator: 'contains', value: 'purple' }] }] },
              { field: 'metadata.name', operator: 'eq', value: 'ALPHA APPLE' },
            ],
          },
          sort: byPrice,
        }),
      ).toEqual(['Alpha apple', 'beta banana']);
      expect(await names({ filters: { field: 'metadata.name', operator: 'eq', value: 'ALPHA APPLE', case_sensitive: true } })).toEqual([]);
      expect(await names({ search: 'GRAPE' })).toEqual(['Gamma grape']);
      expect(await names({ sort: { field: 'metadata.price', direction: 'desc' } }, '?limit=2&offset=1')).toEqual(['beta banana', 'delta date']);

      const page = await api.post(`${path}/list?limit=3&offset=0`, { sort: byPrice }, fx.namespace);
      expect(page.body).toMatchObject({ pagination: { total: 4, page: 1, page_size: 3, total_pages: 2, next_page: expect.any(String), previous_page: null }, stats: { total_objects: 4 } });
      const selected = await api.post(`${path}/list?limit=1`, { select: ['metadata.price'], sort: byPrice }, fx.namespace);
      expect((selected.body['results'] as Body[])[0]).toEqual({ object_id: expect.any(String), bucket_id: b.body['bucket_id'], metadata: { price: 5 } });

      const bad = async (body: Body, says: string) => expectError(await api.post(`${path}/list`, body, fx.namespace), 422, 'ValidationError', says);
      await bad({ filters: { field: 'metadata.price', operator: 'between', value: 1 } }, 'between');
      await bad({ filters: { field: 'metadata.price', operator: 'in', value: 3 } }, 'array');
      await bad({ filters: { field: 'metadata.name', operator: 'regex', value: '(?<=a)b' } }, 'RE2 engine cannot run');
      await bad({ filters: { field: 'metadata.name', operator: 'regex', value: '[' } }, 'regular expression');
      await bad({ filters: { field: "x'; DROP TABLE objects; --", value: 1 } }, 'not a field path');
      await bad({ filters: { AND: 'x' } }, 'AND needs an array');
      await bad({ filters: { 'metadata.x': { $gt: 1 } } }, 'shorthand');
      await bad({ filters: 'price > 1' }, 'filters');
      expectError(await api.post(`${path}/list?offset=-1`, {}, fx.namespace), 422, 'ValidationError', 'offset');
      expectError(await api.post(`${path}/list`, {}, other.namespace), 404, 'NotFoundError');
      // The injection attempt changed nothing.
      expect(await names({})).toHaveLength(4);
    });

    it('objects created through the new routes still go through batches', async () => {
      const res = await api.post(
        `/v1/buckets/${fx.bucketId}/objects/batch`,
        { objects: [{ blobs: [{ property: 'content', data: 'One sentence here. Another one here.' }] }] },
        fx.namespace,
      );
      const ids = (res.body['succeeded'] as Body[]).map((o) => o['object_id'] as string);
      const { batchId } = await submitBatch(api, fx, ids);
      await waitForStatus(api, fx, batchId, ['COMPLETED']);
    });
  });
});
