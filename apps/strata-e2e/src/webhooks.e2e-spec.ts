import { StrataCluster, WebhookReceiver, verifyStandardWebhook, waitFor } from '@strata/testing';
import fc from 'fast-check';
import { createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

type Json = Record<string, unknown>;
const W = '/v1/organizations/webhooks';

const hookBody = (url: string, eventTypes: string[], extra: Json = {}): Json => ({
  webhook_name: 'e2e',
  event_types: eventTypes,
  channels: [{ channel: 'webhook', configs: { url, headers: { 'x-e2e': 'yes' }, timeout: 5 } }],
  ...extra,
});

describe('webhooks through the four services', () => {
  let cluster: StrataCluster;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    cluster = await StrataCluster.start({
      env: { WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_BACKOFF_BASE_MS: '200', WEBHOOK_BACKOFF_MAX_MS: '1000', WEBHOOK_MAX_ATTEMPTS: '3' },
    });
  });

  afterAll(async () => {
    await cluster?.destroy();
    await receiver?.down();
  });

  it('a batch run delivers every subscribed event once, signed: collection.created ... batch.completed, collection.documents.written', async () => {
    const api = cluster.api;
    const created = await api.post(`${W}/`, hookBody(receiver.url('/all'), ['*']));
    expect(created.status).toBe(201);
    expect(created.body['webhook_id']).toMatch(/^wh_[0-9a-f]{16}$/);
    const secret = created.body['secret'] as string;
    expect(secret).toMatch(/^whsec_/);
    const webhookId = created.body['webhook_id'] as string;
    const got = await api.get(`${W}/${webhookId}`);
    expect(got.status).toBe(200);
    expect(got.body['secret']).toBeUndefined();
    expect(got.body).toMatchObject({ is_active: true, event_types: ['*'], channels: [{ channel: 'webhook', configs: { timeout: 5 } }] });

    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 3, 3);
    const { batchId } = await submitBatch(api, fx, objectIds);
    await waitForStatus(api, fx, batchId, ['COMPLETED']);

    const types = (): string[] => receiver.at('/all').map((r) => r.json['event_type'] as string);
    await waitFor(() => types().includes('batch.completed') && types().includes('collection.documents.written'), {
      timeoutMs: 30_000,
      description: 'batch.completed and collection.documents.written at the receiver',
    });
    const received = receiver.at('/all');
    for (const r of received) {
      expect(verifyStandardWebhook(secret, r.headers, r.body)).toEqual({ ok: true });
      expect(r.headers['x-e2e']).toBe('yes');
    }
    const ids = received.map((r) => r.json['event_id']);
    expect(new Set(ids).size).toBe(ids.length);
    const completed = received.find((r) => r.json['event_type'] === 'batch.completed')!;
    expect(completed.json).toMatchObject({ namespace_id: fx.namespaceId, subject: { type: 'batch', id: batchId }, metadata: { status: 'COMPLETED' } });
    const written = received.find((r) => r.json['event_type'] === 'collection.documents.written')!;
    expect(written.json['metadata']).toMatchObject({
      collection_id: fx.collectionId,
      batch_id: batchId,
      index_signature: expect.stringMatching(/^sig_[0-9a-f]{24}$/),
      documents_url: `/v1/collections/${fx.collectionId}/documents/list`,
    });
    expect(types().filter((t) => t === 'collection.created')).toHaveLength(1);
    expect(types().filter((t) => t === 'object.created')).toHaveLength(3);

    const log = await api.get(`${W}/${webhookId}/deliveries?limit=100`);
    expect(log.status).toBe(200);
    const deliveries = log.body['results'] as Json[];
    expect(deliveries.length).toBeGreaterThanOrEqual(received.length);
    const forCompleted = deliveries.find((d) => d['event_type'] === 'batch.completed')!;
    expect(forCompleted).toMatchObject({ status: 'SUCCEEDED', attempt_count: 1, last_status_code: 204, last_error: null });
    expect(completed.headers['webhook-id']).toBe(forCompleted['delivery_id']);
  });

  it('keeps failed deliveries after the last attempt and replays all failed since a time', async () => {
    const api = cluster.api;
    receiver.behave('/flaky', { status: 500 });
    const since = new Date(Date.now() - 1_000).toISOString();
    const created = await api.post(W, hookBody(receiver.url('/flaky'), ['collection.created']));
    const webhookId = created.body['webhook_id'] as string;
    await createFixture(api); // publishes collection.created
    const failed = await waitFor(async () => {
      const res = await api.get(`${W}/${webhookId}/deliveries?status=FAILED`);
      return (res.body['results'] as Json[]).length === 1 ? (res.body['results'] as Json[])[0] : undefined;
    }, { timeoutMs: 30_000, description: 'a FAILED delivery after 3 attempts' });
    expect(failed).toMatchObject({ attempt_count: 3, last_status_code: 500, last_error: 'HTTP 500' });
    expect((await api.get(`${W}/${webhookId}`)).body['last_error']).toContain('HTTP 500');

    receiver.behave('/flaky', { status: 200 });
    const replay = await api.post(`${W}/${webhookId}/deliveries/replay`, { since });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ replayed_count: 1, delivery_ids: [failed['delivery_id']] });
    const done = await waitFor(async () => {
      const res = await api.get(`${W}/${webhookId}/deliveries/${failed['delivery_id'] as string}`);
      return res.body['status'] === 'SUCCEEDED' ? res.body : undefined;
    }, { timeoutMs: 20_000, description: 'the replayed delivery succeeded' });
    expect(done).toMatchObject({ replays: 1, attempt_count: 4, last_status_code: 200 });
    expect(receiver.at('/flaky')).toHaveLength(1);
    // Replaying a succeeded delivery does nothing.
    const again = await api.post(`${W}/${webhookId}/deliveries/${failed['delivery_id'] as string}/replay`, {});
    expect(again.body['replayed']).toBe(false);
  });

  it('CRUD: list with filters, update, rotate the secret, delete idempotently; bad input is a 4xx envelope', async () => {
    const api = cluster.api;
    const created = await api.post(W, hookBody(receiver.url('/crud'), ['batch.failed']));
    const id = created.body['webhook_id'] as string;
    const listed = await api.post(`${W}/list?limit=50`, { event_type: 'batch.failed', is_active: true });
    expect(listed.status).toBe(200);
    expect((listed.body['results'] as Json[]).map((w) => w['webhook_id'])).toContain(id);
    expect(listed.body['pagination']).toMatchObject({ page: 1, page_size: 50 });

    const updated = await api.request('PUT', `${W}/${id}`, { body: hookBody(receiver.url('/crud2'), ['batch.canceled'], { is_active: false }) });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ is_active: false, event_types: ['batch.canceled'] });
    const rotated = await api.post(`${W}/${id}/secret/rotate`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body['secret']).toMatch(/^whsec_/);
    expect(rotated.body['secret']).not.toBe(created.body['secret']);

    expect((await api.request('DELETE', `${W}/${id}`)).status).toBe(204);
    expect((await api.request('DELETE', `${W}/${id}`)).status).toBe(204);
    const gone = await api.get(`${W}/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ success: false, error: { type: 'NotFoundError' } });

    const bad = [
      hookBody(receiver.url('/x'), ['no.such.event']),
      hookBody(receiver.url('/x'), []),
      hookBody('file:///etc/passwd', ['*']),
      { ...hookBody(receiver.url('/x'), ['*']), channels: [{ channel: 'email', configs: { url: 'x' } }] },
      { event_types: ['*'] },
    ];
    for (const body of bad) {
      const res = await api.post(W, body);
      expect({ body, status: res.status }).toEqual({ body, status: 422 });
      expect(res.body).toMatchObject({ success: false, status: 422, error: { type: 'ValidationError' } });
    }
    expect((await api.post(`${W}/${id}/deliveries/replay`, { since: 'yesterday' })).status).toBe(422);

    // Targets in the private network are refused when saved (127.0.0.1 is allowlisted here).
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1:8080/h', 'http://[::1]:9/h', 'http://[::ffff:192.168.1.1]/h']) {
      const res = await api.post(W, hookBody(url, ['*']));
      expect({ url, status: res.status }).toEqual({ url, status: 422 });
      expect(res.body).toMatchObject({
        error: { type: 'ValidationError', message: expect.stringMatching(/channels\[0\]\.configs\.url: .*private, loopback or link-local.*WEBHOOK_ALLOWLIST/) },
      });
    }
    const kept = await api.post(W, hookBody(receiver.url('/kept'), ['*']));
    expect(kept.status).toBe(201);
    const moved = await api.request('PUT', `${W}/${kept.body['webhook_id'] as string}`, { body: hookBody('http://169.254.169.254/', ['*']) });
    expect(moved.status).toBe(422);
    expect((await api.get(`${W}/${kept.body['webhook_id'] as string}`)).body).toMatchObject({ channels: [{ configs: { url: receiver.url('/kept') } }] });
    expect((await api.request('DELETE', `${W}/${kept.body['webhook_id'] as string}`)).status).toBe(204);
  });

  it('generated malformed bodies and ids on webhook routes never produce a 5xx', async () => {
    const api = cluster.api;
    const routes: Array<[string, (id: string) => string]> = [
      ['POST', () => W],
      ['POST', (id) => `${W}/list?limit=${id}`],
      ['GET', (id) => `${W}/${id}`],
      ['PUT', (id) => `${W}/${id}`],
      ['DELETE', (id) => `${W}/${id}`],
      ['POST', (id) => `${W}/${id}/secret/rotate`],
      ['GET', (id) => `${W}/${id}/deliveries?since=${id}&status=${id}`],
      ['GET', (id) => `${W}/${id}/deliveries/${id}`],
      ['POST', (id) => `${W}/${id}/deliveries/replay`],
      ['POST', (id) => `${W}/${id}/deliveries/${id}/replay`],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x'),
        fc.oneof(fc.jsonValue(), fc.string(), fc.object()),
        async (routeIndex, id, body) => {
          const [method, path] = routes[routeIndex] as [string, (id: string) => string];
          const res = await api.request(method, path(id), {
            ...(method === 'POST' || method === 'PUT'
              ? { headers: { 'content-type': 'application/json' }, raw: typeof body === 'string' ? body : JSON.stringify(body) }
              : {}),
          });
          if (res.status >= 500) throw new Error(`${method} ${path(id)} -> ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect((res.body as { success: boolean }).success).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
