import type { Webhook, WebhookDelivery } from '@strata/domain';
import { InMemoryMetadataStore } from '@strata/fakes';
import type { MetadataStore } from '@strata/ports';
import { tempDir } from '@strata/testing';
import { join } from 'node:path';
import { SqliteMetadataStore } from './sqlite-metadata.store';

const webhook = (id: string, eventTypes: string[], isActive = true, createdAt = '2026-11-29T10:00:00.000Z'): Webhook => ({
  webhookId: id,
  webhookName: id,
  eventTypes,
  channels: [{ channel: 'webhook', configs: { url: 'https://example.com', headers: {}, payloadTemplate: null, timeoutSeconds: 10 } }],
  isActive,
  secrets: [{ secret: 'whsec_x', createdAt, expiresAt: null }],
  disabledReason: null,
  lastError: null,
  createdAt,
  updatedAt: createdAt,
});

const delivery = (id: string, webhookId: string, createdAt: string): WebhookDelivery => ({
  deliveryId: id,
  webhookId,
  channelIndex: 0,
  eventId: `evt_${id}`,
  eventType: 'batch.completed',
  namespaceId: 'ns_1',
  body: '{}',
  status: 'PENDING',
  attempts: [],
  replays: 0,
  createdAt,
  updatedAt: createdAt,
  completedAt: null,
});

/** The same contract checks against the SQLite store and the in-memory fake, so they agree. */
describe.each([
  ['sqlite', () => {
    const dir = tempDir('strata-whrepo');
    return { store: new SqliteMetadataStore(join(dir.path, 'm.db')) as MetadataStore, cleanup: dir.remove };
  }],
  ['in-memory', () => ({ store: new InMemoryMetadataStore() as MetadataStore, cleanup: () => undefined })],
])('webhook repositories (%s)', (_name, open) => {
  let store: MetadataStore;
  let cleanup: () => void;

  beforeEach(() => {
    ({ store, cleanup } = open());
  });

  afterEach(async () => {
    await store.close();
    cleanup();
  });

  it('matches active subscriptions by exact type or "*", filters lists, updates, disables, deletes', async () => {
    await store.webhooks.create(webhook('wh_a', ['batch.completed'], true, '2026-11-29T10:00:01.000Z'));
    await store.webhooks.create(webhook('wh_b', ['*'], true, '2026-11-29T10:00:02.000Z'));
    await store.webhooks.create(webhook('wh_c', ['batch.completed'], false, '2026-11-29T10:00:03.000Z'));
    expect((await store.webhooks.listActiveFor('batch.completed')).map((w) => w.webhookId)).toEqual(['wh_a', 'wh_b']);
    expect((await store.webhooks.listActiveFor('object.created')).map((w) => w.webhookId)).toEqual(['wh_b']);
    const listed = await store.webhooks.list({ eventType: 'batch.completed' }, { limit: 2, offset: 0 });
    expect(listed.total).toBe(3);
    expect(listed.results.map((w) => w.webhookId)).toEqual(['wh_c', 'wh_b']);
    expect((await store.webhooks.list({ isActive: false }, { limit: 10, offset: 0 })).results.map((w) => w.webhookId)).toEqual(['wh_c']);

    await store.webhooks.disable('wh_a', 'gone', '2026-11-29T11:00:00.000Z');
    expect(await store.webhooks.find('wh_a')).toMatchObject({ isActive: false, disabledReason: 'gone', lastError: 'gone' });
    const b = (await store.webhooks.find('wh_b'))!;
    expect(await store.webhooks.update({ ...b, webhookName: 'renamed' })).toBe(true);
    expect((await store.webhooks.find('wh_b'))!.webhookName).toBe('renamed');
    expect(await store.webhooks.update(webhook('wh_missing', ['*']))).toBe(false);
    expect(await store.webhooks.delete('wh_b')).toBe(true);
    expect(await store.webhooks.delete('wh_b')).toBe(false);
  });

  it('inserts a delivery once, records attempts once each, reopens only failed ones', async () => {
    expect(await store.webhookDeliveries.createIfAbsent(delivery('dlv_1', 'wh_a', '2026-11-29T10:00:00.000Z'))).toBe(true);
    expect(await store.webhookDeliveries.createIfAbsent(delivery('dlv_1', 'wh_a', '2026-11-29T10:00:09.000Z'))).toBe(false);
    await store.webhookDeliveries.createIfAbsent(delivery('dlv_2', 'wh_a', '2026-11-29T10:00:05.000Z'));
    const at = '2026-11-29T10:01:00.000Z';
    const a1 = { round: 0, attempt: 1, at, statusCode: 500, latencyMs: 3, error: 'HTTP 500' };
    await store.webhookDeliveries.recordAttempt('dlv_1', a1, 'PENDING', at);
    await store.webhookDeliveries.recordAttempt('dlv_1', a1, 'PENDING', at); // a redelivered job
    expect((await store.webhookDeliveries.listPendingBefore('2026-11-29T10:00:30.000Z', 10)).map((d) => d.deliveryId)).toEqual(['dlv_2']);
    expect((await store.webhookDeliveries.listPendingBefore('2026-11-29T11:00:00.000Z', 10)).map((d) => d.deliveryId)).toEqual(['dlv_2', 'dlv_1']);
    expect(await store.webhookDeliveries.reopen('dlv_1', at)).toBeNull();
    const failed = await store.webhookDeliveries.recordAttempt('dlv_1', { ...a1, attempt: 2 }, 'FAILED', at);
    expect(failed).toMatchObject({ status: 'FAILED', completedAt: at });
    expect(failed!.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect((await store.webhookDeliveries.list('wh_a', { status: 'FAILED' }, { limit: 10, offset: 0 })).results.map((d) => d.deliveryId)).toEqual(['dlv_1']);
    expect((await store.webhookDeliveries.list('wh_a', { since: '2026-11-29T10:00:01.000Z' }, { limit: 10, offset: 0 })).results.map((d) => d.deliveryId)).toEqual(['dlv_2']);
    const reopened = await store.webhookDeliveries.reopen('dlv_1', at);
    expect(reopened).toMatchObject({ status: 'PENDING', replays: 1, completedAt: null });
    await store.webhookDeliveries.finish('dlv_2', 'CANCELED', at);
    expect(await store.webhookDeliveries.find('dlv_2')).toMatchObject({ status: 'CANCELED', completedAt: at });
  });
});
