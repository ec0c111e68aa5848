import { StoreInspector, StrataCluster, WebhookReceiver, waitFor } from '@strata/testing';
import { OBJECTS, batchEventsOnStream, createObjects, draftBatch, getBatch, report, textFixture, verifyBatch, waitTerminal } from './support';

jest.setTimeout(600_000);

/** Small on purpose: the faults here are about events, not volume. */
const COUNT = Math.min(OBJECTS, 200);

/**
 * No event lost between commit and publish (docs/adr/0095-transactional-outbox.md). The test-only
 * knob FAULT_KILL_BEFORE_EVENT_PUBLISH makes an app SIGKILL itself right before it publishes an
 * event of the given type, i.e. after the state change and its outbox row committed: batch-api on
 * batch.queued (at submit), then the poller on batch.completed; and batch-api on object.created,
 * a worker on collection.documents.written. After the restarts every event is on the stream
 * exactly once (and the batch events reach the webhook once).
 */
describe('transactional outbox: kill -9 between commit and publish', () => {
  let cluster: StrataCluster | undefined;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });

  // Each test starts its own cluster: stop it after that test (a cluster left running keeps
  // Jest from exiting).
  afterEach(async () => {
    await cluster?.destroy();
    cluster = undefined;
  });

  afterAll(async () => {
    await receiver?.down();
  });

  it('batch-api killed before publishing batch.queued, the poller before batch.completed: each event arrives once', async () => {
    const env = { WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_BACKOFF_BASE_MS: '200', OUTBOX_RELAY_INTERVAL_MS: '500', OUTBOX_RELAY_GRACE_MS: '1000', POLL_INTERVAL_MS: '1000' };
    const c = await StrataCluster.start({ env, counts: { 'batch-api': 0, poller: 0 } });
    cluster = c;
    await c.startApp('batch-api', 0, { FAULT_KILL_BEFORE_EVENT_PUBLISH: 'batch.queued' });
    const api = () => c.api;
    const hook = await api().post('/v1/organizations/webhooks/', {
      webhook_name: 'outbox',
      event_types: ['*'],
      channels: [{ channel: 'webhook', configs: { url: receiver.url('/outbox'), timeout: 5 } }],
    });
    expect(hook.status).toBeLessThan(300);
    const fx = await textFixture(api());
    const ids = await createObjects(api(), fx, COUNT);
    const batchId = await draftBatch(api(), fx, ids);

    // Submit: the status change and batch.queued commit, then batch-api dies before the publish.
    const submitted = await api()
      .post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace)
      .then((r) => r.status)
      .catch(() => 'connection lost');
    expect(submitted).toBe('connection lost');
    await waitFor(() => !c.isRunning('batch-api', 0), { timeoutMs: 30_000, description: 'batch-api killed itself' });
    const inspector = new StoreInspector(c.metadataFile, c.vectorsFile);
    try {
      expect(inspector.outbox(batchId)).toEqual([expect.objectContaining({ eventType: 'batch.queued', sent: false })]);
    } finally {
      inspector.close();
    }
    expect(await batchEventsOnStream(c, batchId)).toEqual([]);
    await c.killApp('batch-api', 0);
    await c.startApp('batch-api', 0);

    // The poller claims it, the batch completes, and the poller dies before publishing batch.completed.
    // It may finish the batch and die before its readiness is polled.
    await c.startApp('poller', 0, { FAULT_KILL_BEFORE_EVENT_PUBLISH: 'batch.completed' }, [], { mayExitBeforeReady: true });
    await waitFor(() => !c.isRunning('poller', 0), { timeoutMs: 300_000, intervalMs: 200, description: 'poller killed itself' });
    const killedAt = Date.now();
    expect((await getBatch(api(), fx, batchId)).status).toBe('COMPLETED');
    const beforeRestart = await batchEventsOnStream(c, batchId);
    expect(beforeRestart.map((e) => e.eventType)).not.toContain('batch.completed');
    await c.killApp('poller', 0);
    await c.startApp('poller', 0);

    const expected = ['batch.queued', 'batch.processing', 'batch.tier.completed', 'batch.completed'];
    const onStream = await waitFor(
      async () => {
        const events = await batchEventsOnStream(c, batchId);
        return expected.every((t) => events.some((e) => e.eventType === t)) ? events : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'every batch event on the stream' },
    );
    const recoveredSeconds = (Date.now() - killedAt) / 1000;
    // Exactly once on the stream: a relay's re-publish is de-duplicated by the event id.
    expect(onStream.map((e) => e.eventType).sort()).toEqual([...expected].sort());
    expect(new Set(onStream.map((e) => e.eventId)).size).toBe(onStream.length);

    const atReceiver = () => receiver.at('/outbox').filter((r) => (r.json['subject'] as { id?: string } | undefined)?.id === batchId);
    await waitFor(() => expected.every((t) => atReceiver().some((r) => r.json['event_type'] === t)), {
      timeoutMs: 60_000,
      intervalMs: 250,
      description: 'every batch event at the webhook',
    });
    // Give a duplicate time to show up, then: one delivery per event.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const deliveries = atReceiver();
    expect(deliveries.map((r) => r.json['event_type']).sort()).toEqual([...expected].sort());

    const after = new StoreInspector(c.metadataFile, c.vectorsFile);
    try {
      expect(after.outbox(batchId).filter((r) => !r.sent)).toEqual([]);
    } finally {
      after.close();
    }
    await waitTerminal(api(), fx, batchId);
    const verified = await verifyBatch(c, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: COUNT });
    report('outbox: kill -9 before publishing batch.queued (batch-api) and batch.completed (poller)', {
      objects: COUNT,
      recoveredSeconds,
      eventsOnStream: onStream.length,
      webhookDeliveries: deliveries.length,
      ...verified,
    });
  });

  it('batch-api killed before publishing object.created, a worker before collection.documents.written: each arrives once after the restarts', async () => {
    const env = { OUTBOX_RELAY_INTERVAL_MS: '500', OUTBOX_RELAY_GRACE_MS: '1000', POLL_INTERVAL_MS: '1000' };
    const c = await StrataCluster.start({ env, counts: { 'batch-api': 0, 'extractor-worker': 0, 'webhook-dispatcher': 0 } });
    cluster = c;
    await c.startApp('batch-api', 0);
    const api = () => c.api;
    const fx = await textFixture(api());
    await c.killApp('batch-api', 0);
    await c.startApp('batch-api', 0, { FAULT_KILL_BEFORE_EVENT_PUBLISH: 'object.created' });

    // The object row and object.created commit together, then batch-api dies before the publish.
    const created = await api()
      .post(`/v1/buckets/${fx.bucketId}/objects`, { metadata: { title: 'outboxed' }, blobs: [{ property: 'content', type: 'text', data: 'One sentence. Two sentences.' }] }, fx.namespace)
      .then((r) => r.status)
      .catch(() => 'connection lost');
    expect(created).toBe('connection lost');
    await waitFor(() => !c.isRunning('batch-api', 0), { timeoutMs: 30_000, description: 'batch-api killed itself' });
    const inspector = new StoreInspector(c.metadataFile, c.vectorsFile);
    let objectId: string;
    try {
      const rows = inspector.outboxOfType('object.created');
      expect(rows).toEqual([expect.objectContaining({ sent: false })]);
      objectId = (rows[0] as { subjectId: string }).subjectId;
    } finally {
      inspector.close();
    }
    expect(await batchEventsOnStream(c, objectId)).toEqual([]);
    await c.killApp('batch-api', 0);
    const restartedAt = Date.now();
    await c.startApp('batch-api', 0);
    const objectEvents = await waitFor(
      async () => {
        const events = await batchEventsOnStream(c, objectId);
        return events.length > 0 ? events : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'object.created on the stream' },
    );
    const objectRecoveredSeconds = (Date.now() - restartedAt) / 1000;
    // The object is there (it committed) and its event is on the stream once.
    expect((await api().get(`/v1/buckets/${fx.bucketId}/objects/${objectId}`, fx.namespace)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await batchEventsOnStream(c, objectId)).map((e) => e.eventType)).toEqual(['object.created']);
    expect(objectEvents.map((e) => e.eventType)).toEqual(['object.created']);

    // A worker records the chunk's outcomes with collection.documents.written, then dies before
    // publishing it. The batch completes from the recorded outcomes (so a redelivery of the
    // message would be skipped): only the outbox relay (the poller's or batch-api's) can publish it.
    await c.startApp('extractor-worker', 0, { FAULT_KILL_BEFORE_EVENT_PUBLISH: 'collection.documents.written' });
    const batchId = await draftBatch(api(), fx, [objectId]);
    expect((await api().post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace)).status).toBeLessThan(300);
    await waitFor(() => !c.isRunning('extractor-worker', 0), { timeoutMs: 120_000, intervalMs: 200, description: 'worker killed itself' });
    const workerKilledAt = Date.now();
    const committed = new StoreInspector(c.metadataFile, c.vectorsFile);
    try {
      // The event committed with the outcomes (the relay may have published it already).
      expect(committed.outboxOfType('collection.documents.written').map((r) => r.subjectId)).toEqual([fx.collectionId]);
    } finally {
      committed.close();
    }
    await c.killApp('extractor-worker', 0);
    await c.startApp('extractor-worker', 0);
    const written = await waitFor(
      async () => {
        const events = (await batchEventsOnStream(c, fx.collectionId)).filter((e) => e.eventType === 'collection.documents.written');
        return events.length > 0 ? events : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'collection.documents.written on the stream' },
    );
    const writtenRecoveredSeconds = (Date.now() - workerKilledAt) / 1000;
    await waitTerminal(api(), fx, batchId);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const writtenAfter = (await batchEventsOnStream(c, fx.collectionId)).filter((e) => e.eventType === 'collection.documents.written');
    expect(writtenAfter).toHaveLength(1);
    expect(writtenAfter[0]?.eventId).toBe(written[0]?.eventId);

    const after = new StoreInspector(c.metadataFile, c.vectorsFile);
    try {
      expect([...after.outboxOfType('object.created'), ...after.outboxOfType('collection.documents.written')].filter((r) => !r.sent)).toEqual([]);
    } finally {
      after.close();
    }
    const verified = await verifyBatch(c, fx, batchId, { status: 'COMPLETED', succeeded: new Set([objectId]), total: 1 });
    report('outbox: kill -9 before publishing object.created (batch-api) and collection.documents.written (worker)', {
      objects: 1,
      objectRecoveredSeconds,
      writtenRecoveredSeconds,
      ...verified,
    });
  });
});
