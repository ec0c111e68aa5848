import { StrataCluster, waitFor } from '@strata/testing';
import { Redis } from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { createFixture, createTextObjects } from './support';

jest.setTimeout(120_000);

describe('Idempotency-Key on POST creates', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    // A short lease, so the test of a request that died with its process does not wait 30 s.
    cluster = await StrataCluster.start({ env: { IDEMPOTENCY_LEASE_MS: '1500' } });
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

  it('applies to the webhook routes (their own module) too; a GET ignores the header', async () => {
    const api = cluster.api;
    const key = `create-hook-${randomBytes(4).toString('hex')}`;
    const body = {
      webhook_name: `idem-${randomBytes(4).toString('hex')}`,
      event_types: ['batch.completed'],
      channels: [{ channel: 'webhook', configs: { url: 'https://hooks.example.com/strata', timeout: 5 } }],
    };
    const first = await api.request('POST', '/v1/organizations/webhooks/', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const again = await api.request('POST', '/v1/organizations/webhooks/', { body, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body['webhook_id']).toBe(first.body['webhook_id']);
    const read = await api.request('GET', `/v1/organizations/webhooks/${String(first.body['webhook_id'])}`, { headers: { 'idempotency-key': key } });
    expect(read.status).toBe(200);
    expect(read.headers.get('idempotent-replayed')).toBeNull();
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

  it('a different multipart upload under the same key is a 409; the same upload is replayed', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const upload = (text: string, title = 'doc') => {
      const form = new FormData();
      form.append('metadata', JSON.stringify({ title }));
      form.append('content', new Blob([text], { type: 'text/plain' }), 'upload.txt');
      return form;
    };
    const headers = { 'idempotency-key': `upload-${randomBytes(4).toString('hex')}` };
    const path = `/v1/buckets/${fx.bucketId}/objects`;
    const first = await api.request('POST', path, { namespace: fx.namespace, raw: upload('First file. One sentence.'), headers });
    expect(first.status).toBe(200);
    // Same field names and file name, other bytes: a different upload.
    const other = await api.request('POST', path, { namespace: fx.namespace, raw: upload('Second file, other bytes.'), headers });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { type: 'ConflictError', message: expect.stringContaining('different request') } });
    const otherField = await api.request('POST', path, { namespace: fx.namespace, raw: upload('First file. One sentence.', 'renamed'), headers });
    expect(otherField.status).toBe(409);
    const again = await api.request('POST', path, { namespace: fx.namespace, raw: upload('First file. One sentence.'), headers });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body['object_id']).toBe(first.body['object_id']);
    const listed = await api.post(`${path}/list`, {}, fx.namespace);
    expect(listed.body['pagination']).toMatchObject({ total: 1 });
  });

  it('a key whose request died with batch-api is released after its lease: the retry runs', async () => {
    // An embedding endpoint that holds the first query until the test lets it go: batch-api embeds
    // search queries with it, so the search request is in flight, its key pending, when batch-api is killed.
    const held: ServerResponse[] = [];
    let hold = true;
    const endpoint: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (hold) {
          held.push(res);
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input: string[] };
        const data = body.input.map((_, index) => ({ index, embedding: new Array(8).fill(0.5) }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const redis = new Redis(cluster.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      const api = cluster.api;
      const fx = await createFixture(api);
      const collection = await api.post(
        '/v1/collections',
        {
          collection_name: 'remote-embedded',
          source: { type: 'bucket', bucket_ids: [fx.bucketId] },
          feature_extractor: {
            feature_extractor_name: 'text_extractor',
            version: 'v1',
            parameters: {
              embedding: { provider: 'openai-compatible', base_url: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`, model: 'm', dimensions: 8, max_retries: 0 },
            },
            input_mappings: { text: 'content' },
          },
        },
        fx.namespace,
      );
      expect(collection.status).toBe(200);
      const path = `/v1/collections/${collection.body['collection_id'] as string}/documents/search`;
      const key = `search-${randomBytes(4).toString('hex')}`;
      // cluster.api each time: the restarted batch-api listens on another port.
      const search = () => cluster.api.request('POST', path, { namespace: fx.namespace, body: { query_text: 'harbours', top_k: 3 }, headers: { 'idempotency-key': key } });

      const inFlight = search().then(
        () => 'answered',
        () => 'connection lost',
      );
      await waitFor(async () => held.length === 1, { timeoutMs: 10_000, intervalMs: 20, description: 'the query held by the embedding endpoint' });
      // This request's key only: the fixture's own POSTs may hold keys of their own.
      const [pendingKey] = await redis.keys(`${cluster.prefix}:idempotency:*:${createHash('sha256').update(key).digest('hex')}`);
      expect(JSON.parse((await redis.get(pendingKey as string)) as string)).toMatchObject({ state: 'pending' });
      await cluster.killApp('batch-api');
      expect(await inFlight).toBe('connection lost');
      held.forEach((res) => res.destroy());
      hold = false;
      await cluster.startApp('batch-api', 0);

      // Within the lease the key still reads pending (409 with Retry-After); after it the retry runs.
      const statuses: number[] = [];
      const started = Date.now();
      let answered: Awaited<ReturnType<typeof search>> | null = null;
      let lastBody: unknown = null;
      const retried = waitFor(
        async () => {
          const res = await search();
          statuses.push(res.status);
          lastBody = res.body;
          if (res.status === 409) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          if (res.status !== 200) return false;
          answered = res;
          return true;
        },
        { timeoutMs: 15_000, intervalMs: 200, description: 'the retry after the lease' },
      );
      await retried.catch((error: Error) => {
        throw new Error(`${error.message}; answers: ${statuses.join(', ')}; last: ${JSON.stringify(lastBody)}`);
      });
      expect(answered).not.toBeNull();
      expect((answered as unknown as { headers: Headers }).headers.get('idempotent-replayed')).toBeNull();
      expect(statuses.every((s) => s === 409 || s === 200)).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
      // The answer is now kept: a repeat replays it.
      const repeat = await search();
      expect(repeat.status).toBe(200);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      redis.disconnect();
      endpoint.closeAllConnections();
      await new Promise<void>((resolve) => endpoint.close(() => resolve()));
    }
  });
});
