import { StrataCluster } from '@strata/testing';
import { randomBytes } from 'node:crypto';
import { createFixture, createTextObjects } from './support';

jest.setTimeout(120_000);

describe('Idempotency-Key on POST creates', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('a repeat returns the original response without creating twice; another request with the key is a 409', async () => {
    const api = cluster.api;
    const key = `create-ns-${randomBytes(4).toString('hex')}`;
    const name = `idem-${randomBytes(4).toString('hex')}`;
    const first = await api.request('POST', '/v1/namespaces', { body: { namespace_name: name }, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    const again = await api.request('POST', '/v1/namespaces', { body: { namespace_name: name }, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(200);
    expect(again.body['namespace_id']).toBe(first.body['namespace_id']);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // Without the key the same body is a new request (and the name is taken).
    expect((await api.post('/v1/namespaces', { namespace_name: name })).status).toBe(409);
    const other = await api.request('POST', '/v1/namespaces', { body: { namespace_name: `${name}-2` }, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { type: 'ConflictError', message: expect.stringContaining('different request') } });
    const bad = await api.request('POST', '/v1/namespaces', { body: { namespace_name: 'x-y-z' }, headers: { 'idempotency-key': 'has space' } });
    expect(bad.status).toBe(400);
  });

  it('a retried batch create makes one batch; a failed request releases its key', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 3);
    const headers = { 'idempotency-key': `batch-${randomBytes(4).toString('hex')}` };
    const a = await api.request('POST', `/v1/buckets/${fx.bucketId}/batches`, { namespace: fx.namespace, body: { object_ids: ids }, headers });
    const b = await api.request('POST', `/v1/buckets/${fx.bucketId}/batches`, { namespace: fx.namespace, body: { object_ids: ids }, headers });
    expect(b.body['batch_id']).toBe(a.body['batch_id']);
    const listed = await api.post(`/v1/buckets/${fx.bucketId}/batches/list`, {}, fx.namespace);
    expect(listed.body['total_count']).toBe(1);
    const failKey = { 'idempotency-key': `fail-${randomBytes(4).toString('hex')}` };
    const failed = await api.request('POST', `/v1/buckets/${fx.bucketId}/batches`, { namespace: fx.namespace, body: { object_ids: ['obj_missing'] }, headers: failKey });
    expect(failed.status).toBe(422);
    const retried = await api.request('POST', `/v1/buckets/${fx.bucketId}/batches`, { namespace: fx.namespace, body: { object_ids: ['obj_missing'] }, headers: failKey });
    expect(retried.status).toBe(422);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });
});
