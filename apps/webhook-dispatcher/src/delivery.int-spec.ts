import { GuardedWebhookSender, SqliteMetadataStore, SsrfGuard } from '@strata/adapters';
import type { DomainEventV1 } from '@strata/contracts';
import { systemClock } from '@strata/domain';
import { BullMqDeliveryQueue } from '@strata/messaging';
import { noopMetrics, silentLogger } from '@strata/ports';
import { REDIS_URL, WebhookReceiver, cleanupPrefix, tempDir, uniquePrefix, verifyStandardWebhook, waitFor } from '@strata/testing';
import { CreateWebhook, DeliverWebhook, DispatchEvent, RequeueStaleDeliveries, WebhookInput, deliveryId } from '@strata/webhooks';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { loadDispatcherConfig } from './config';
import { DeliveryWorker } from './delivery.worker';

jest.setTimeout(60_000);

/**
 * The delivery pipeline against real parts: SQLite metadata store, BullMQ on the real Redis, the
 * dispatcher's worker, the SSRF-guarded HTTP sender, and a real HTTP receiver on 127.0.0.1
 * (allowlisted, as an operator would for a local receiver). Retries use short delays.
 */
describe('webhook delivery (BullMQ + real HTTP receiver)', () => {
  const prefix = uniquePrefix('wh');
  const dir = tempDir('strata-wh');
  let store: SqliteMetadataStore;
  let queue: BullMqDeliveryQueue;
  let worker: DeliveryWorker;
  let receiver: WebhookReceiver;
  let dispatch: DispatchEvent;
  let create: CreateWebhook;
  let requeue: RequeueStaleDeliveries;

  const event = (id: string, type: DomainEventV1['event_type'] = 'batch.completed'): DomainEventV1 => ({
    event_id: `evt_${prefix.replace(/-/g, '')}${id}`,
    event_type: type,
    occurred_at: new Date().toISOString(),
    namespace_id: 'ns_test',
    subject: { type: 'batch', id: 'btch_test' },
    metadata: { batch_id: 'btch_test', n: id },
    version: 1,
  });
  const hook = (eventTypes: string[], path: string, timeoutSeconds = 5): WebhookInput => ({
    webhookName: path,
    eventTypes,
    channels: [{ channel: 'webhook', configs: { url: receiver.url(path), headers: {}, payloadTemplate: null, timeoutSeconds } }],
    isActive: true,
  });
  const deliveriesOf = async (webhookId: string) =>
    (await store.webhookDeliveries.list(webhookId, {}, { limit: 1000, offset: 0 })).results;

  beforeAll(async () => {
    store = new SqliteMetadataStore(join(dir.path, 'strata.db'));
    receiver = await WebhookReceiver.start();
    const config = loadDispatcherConfig({
      REDIS_URL,
      STRATA_PREFIX: prefix,
      WEBHOOK_BACKOFF_BASE_MS: '100',
      WEBHOOK_BACKOFF_MAX_MS: '400',
      WEBHOOK_MAX_ATTEMPTS: '40',
      WEBHOOK_ALLOWLIST: '127.0.0.1',
    });
    queue = new BullMqDeliveryQueue(new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, { attempts: config.WEBHOOK_MAX_ATTEMPTS });
    const deps = { metadata: store, queue, clock: systemClock, logger: silentLogger };
    const sender = new GuardedWebhookSender(new SsrfGuard(config.WEBHOOK_ALLOWLIST));
    worker = new DeliveryWorker(config, silentLogger, new DeliverWebhook({ ...deps, sender }), noopMetrics);
    worker.onApplicationBootstrap();
    dispatch = new DispatchEvent(deps);
    create = new CreateWebhook(deps);
    requeue = new RequeueStaleDeliveries(deps);
  });

  afterAll(async () => {
    await worker?.beforeApplicationShutdown();
    await queue?.queue.disconnect().catch(() => undefined);
    await queue?.close();
    await receiver?.down();
    await store?.close();
    await cleanupPrefix(prefix);
    dir.remove();
  });

  it('a receiver down for a while, then up, gets every event exactly once per subscription, signed', async () => {
    const all = await create.execute(hook(['*'], '/all'));
    const some = await create.execute(hook(['batch.completed'], '/some'));
    await receiver.down();
    const events = Array.from({ length: 5 }, (_, i) => event(`down${i}`));
    for (const e of events) {
      await dispatch.execute(e);
      await dispatch.execute(e); // a JetStream redelivery of the same event
    }
    await dispatch.execute(event('other', 'object.created')); // only for "*"
    // Attempts fail while it is down (connection refused) and are retried.
    await waitFor(async () => (await deliveriesOf(all.webhook.webhookId)).every((d) => d.attempts.length >= 2), {
      timeoutMs: 20_000,
      description: 'retries while the receiver is down',
    });
    await receiver.up();
    await waitFor(
      async () =>
        [...(await deliveriesOf(all.webhook.webhookId)), ...(await deliveriesOf(some.webhook.webhookId))].every((d) => d.status === 'SUCCEEDED'),
      { timeoutMs: 20_000, description: 'every delivery succeeded' },
    );
    // Events redelivered after success enqueue nothing.
    for (const e of events) expect((await dispatch.execute(e)).enqueued).toBe(0);

    const atAll = receiver.at('/all');
    const atSome = receiver.at('/some');
    expect(atAll.map((r) => r.json['event_id']).sort()).toEqual([...events.map((e) => e.event_id), event('other').event_id].sort());
    expect(atSome.map((r) => r.json['event_id']).sort()).toEqual(events.map((e) => e.event_id).sort());
    for (const r of atAll) expect(verifyStandardWebhook(all.secret, r.headers, r.body)).toEqual({ ok: true });
    for (const r of atSome) expect(verifyStandardWebhook(some.secret, r.headers, r.body)).toEqual({ ok: true });
    expect(verifyStandardWebhook(all.secret, atSome[0]!.headers, atSome[0]!.body).ok).toBe(false);
    const logged = await deliveriesOf(all.webhook.webhookId);
    expect(logged).toHaveLength(6);
    for (const d of logged) {
      expect(d.attempts.at(-1)).toMatchObject({ statusCode: 204, error: null });
      expect(d.attempts.slice(0, -1).every((a) => a.statusCode === null && a.error !== null)).toBe(true);
    }
  });

  it('a slow receiver hits the timeout and the delivery is retried', async () => {
    receiver.behave('/slow', { status: 200, delayMs: 3_000 });
    const slow = await create.execute(hook(['batch.failed'], '/slow', 0.3));
    await dispatch.execute(event('slow1', 'batch.failed'));
    await waitFor(async () => (await deliveriesOf(slow.webhook.webhookId))[0]?.attempts.length === 1 || undefined, {
      timeoutMs: 10_000,
      description: 'first attempt timed out',
    });
    receiver.behave('/slow', { status: 200 });
    const done = await waitFor(async () => {
      const [d] = await deliveriesOf(slow.webhook.webhookId);
      return d?.status === 'SUCCEEDED' ? d : undefined;
    }, { timeoutMs: 15_000, description: 'delivered after the timeout' });
    expect(done.attempts[0]).toMatchObject({ statusCode: null, error: expect.stringContaining('no response within 300 ms') });
    expect(done.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(290);
    expect(done.attempts[0]!.latencyMs).toBeLessThan(2_000);
    expect(done.attempts.at(-1)).toMatchObject({ statusCode: 200, error: null });
    expect(receiver.at('/slow')).toHaveLength(1);
  });

  it('a PENDING delivery whose job was lost (Redis data gone) is re-enqueued by the sweeper and delivered once', async () => {
    const lostHook = await create.execute(hook(['batch.queued'], '/lost'));
    const e = event('lost1', 'batch.queued');
    const id = deliveryId(e.event_id, lostHook.webhook.webhookId, 0);
    const old = new Date(Date.now() - 3_600_000).toISOString();
    // The row as DispatchEvent writes it, but its job never reached Redis.
    await store.webhookDeliveries.createIfAbsent({
      deliveryId: id, webhookId: lostHook.webhook.webhookId, channelIndex: 0, eventId: e.event_id, eventType: e.event_type,
      namespaceId: e.namespace_id, body: JSON.stringify(e), status: 'PENDING', attempts: [], replays: 0, createdAt: old, updatedAt: old, completedAt: null,
    });
    expect(await queue.has(id)).toBe(false);
    expect((await requeue.execute(60_000)).requeued).toContain(id);
    await waitFor(async () => (await store.webhookDeliveries.find(id))?.status === 'SUCCEEDED', { description: 'the requeued delivery succeeded' });
    // Its job is kept as completed, so a second sweep adds nothing even if the row looked stale.
    expect(await queue.has(id)).toBe(true);
    expect((await requeue.execute(60_000)).requeued).not.toContain(id);
    expect(receiver.at('/lost')).toHaveLength(1);
    expect(verifyStandardWebhook(lostHook.secret, receiver.at('/lost')[0]!.headers, receiver.at('/lost')[0]!.body)).toEqual({ ok: true });
  });

  it('410 Gone disables the subscription; later events are not delivered to it', async () => {
    receiver.behave('/gone', { status: 410 });
    const gone = await create.execute(hook(['batch.canceled'], '/gone'));
    await dispatch.execute(event('gone1', 'batch.canceled'));
    await waitFor(async () => (await deliveriesOf(gone.webhook.webhookId))[0]?.status === 'FAILED', { description: 'delivery failed' });
    const webhook = await store.webhooks.find(gone.webhook.webhookId);
    expect(webhook).toMatchObject({ isActive: false, disabledReason: expect.stringContaining('410') });
    await dispatch.execute(event('gone2', 'batch.canceled'));
    expect(await deliveriesOf(gone.webhook.webhookId)).toHaveLength(1);
    expect(receiver.hits.filter((h) => h.path === '/gone')).toHaveLength(1);
  });
});

describe('SSRF guard', () => {
  it('refuses loopback, private, link-local and mapped addresses unless allowlisted, before connecting', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const closed = new GuardedWebhookSender(new SsrfGuard([]));
      for (const url of [
        receiver.url('/x'),
        `http://localhost:${receiver.port}/x`,
        'http://10.1.2.3/x',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]/x',
        'http://[::ffff:127.0.0.1]/x',
        'http://[::ffff:a00:1]/x',
        'http://[fd00::1]/x',
        'http://0.0.0.0/x',
      ]) {
        const result = await closed.post(url, {}, '{}', 1_000);
        expect({ url, kind: result.kind }).toEqual({ url, kind: 'blocked' });
      }
      expect(receiver.hits).toHaveLength(0);
      const open = new GuardedWebhookSender(new SsrfGuard(['127.0.0.1']));
      expect(await open.post(receiver.url('/x'), {}, '{}', 1_000)).toMatchObject({ kind: 'response', statusCode: 204 });
      expect(await open.post('http://10.1.2.3/x', {}, '{}', 1_000)).toMatchObject({ kind: 'blocked' });
      expect(() => new SsrfGuard(['not-an-ip'])).toThrow(/not an IP/);
    } finally {
      await receiver.down();
    }
  });
});
