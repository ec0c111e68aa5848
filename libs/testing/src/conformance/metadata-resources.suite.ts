import {
  AlreadyExistsError,
  ApiKey,
  NewBatch,
  Blob,
  DocumentRecord,
  ItemOutcome,
  StoredObject,
  Upload,
  Webhook,
  WebhookDelivery,
  newId,
} from '@strata/domain';
import type { MetadataStore } from '@strata/ports';

/*
 * The MetadataStore contract for the resource repositories (namespace/bucket/object CRUD,
 * uploads, API keys, webhooks and their deliveries) and the batch read models (listings,
 * progress samples, failures). Registered inside metadataStoreConformance's describe, so it runs
 * against every target with the same two handles (`a` writes, `b` reads: two processes).
 */

const NOW = '2026-11-29T12:00:00.000Z';
const LATER = '2026-11-30T00:00:00.000Z';
const LATEST = '2026-12-01T00:00:00.000Z';

export interface ResourceContext {
  stores(): { a: MetadataStore; b: MetadataStore };
  ns(): string;
  bucketId(): string;
  queued(objectIds?: string[], tiers?: number, submittedAt?: string): Promise<NewBatch>;
  /** CongoDB accepts unique indexes but does not enforce them (docs/adr/0031). */
  uniqueIndexes: boolean;
}

function blob(hash: string, sizeBytes: number): Blob {
  return { blobId: newId('blob'), property: 'content', type: 'text', storageKey: 'k', filename: null, mimeType: 'text/plain', sizeBytes, hash };
}

function object(ns: string, bucketId: string, objectId: string, extra: Partial<StoredObject> = {}): StoredObject {
  return { namespaceId: ns, bucketId, objectId, keyPrefix: null, metadata: {}, blobs: [], uniqueKeyValue: null, createdAt: NOW, updatedAt: NOW, ...extra };
}

function upload(ns: string, bucketId: string, extra: Partial<Upload> = {}): Upload {
  return {
    namespaceId: ns,
    bucketId,
    uploadId: newId('upload'),
    filename: 'a.txt',
    contentType: 'text/plain',
    fileSizeBytes: null,
    fileHash: null,
    storageKey: 'uploads/a.txt',
    status: 'PENDING',
    receivedBytes: null,
    receivedHash: null,
    metadata: {},
    objectMetadata: { nested: {} },
    blobProperty: null,
    blobType: null,
    createObjectOnConfirm: true,
    skipDuplicates: false,
    objectId: null,
    expiresAt: LATEST,
    createdAt: NOW,
    updatedAt: NOW,
    completedAt: null,
    ...extra,
  };
}

function document(ns: string, collectionId: string, documentId: string, objectId: string, batchId: string): DocumentRecord {
  return {
    namespaceId: ns,
    collectionId,
    documentId,
    objectId,
    batchId,
    featureExtractorId: 'fe',
    payload: {},
    lineage: { rootObjectId: objectId, rootBucketId: 'bkt', sourceType: 'bucket', sourceObjectId: objectId, sourceDocumentId: null, path: 'p' },
    processingHistory: [],
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function webhook(extra: Partial<Webhook> = {}): Webhook {
  return {
    webhookId: `wh_${newId('event').slice(4)}`,
    webhookName: 'w',
    eventTypes: ['batch.completed'],
    channels: [{ channel: 'webhook', configs: { url: 'http://127.0.0.1:1/hook', headers: {}, payloadTemplate: null, timeoutSeconds: 10 } }],
    isActive: true,
    secrets: [{ secret: 'whsec_x', createdAt: NOW, expiresAt: null }],
    disabledReason: null,
    lastError: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

function delivery(webhookId: string, extra: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    deliveryId: `dlv_${newId('event').slice(4)}`,
    webhookId,
    channelIndex: 0,
    eventId: newId('event'),
    eventType: 'batch.completed',
    namespaceId: 'ns_x',
    body: '{"a":1}',
    status: 'PENDING',
    attempts: [],
    replays: 0,
    createdAt: NOW,
    updatedAt: NOW,
    completedAt: null,
    ...extra,
  };
}

export function resourceConformance(ctx: ResourceContext): void {
  const uniqueIt = ctx.uniqueIndexes ? it : it.skip;

  it('namespaces: update, list oldest first with the total, and a missing one is null', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const other = newId('namespace');
    await a.namespaces.create({ namespaceId: other, namespaceName: `n-${other}`, description: 'o', createdAt: LATER, updatedAt: LATER });
    const updated = await b.namespaces.update(ns, { description: 'new' }, LATER);
    expect(updated).toMatchObject({ namespaceId: ns, namespaceName: `n-${ns}`, description: 'new', updatedAt: LATER });
    expect(await b.namespaces.update(ns, { namespaceName: `r-${ns}`, description: null }, LATEST)).toMatchObject({
      namespaceName: `r-${ns}`,
      description: null,
    });
    expect(await a.namespaces.findByIdOrName(`r-${ns}`)).toMatchObject({ namespaceId: ns });
    expect(await b.namespaces.update(newId('namespace'), { description: 'x' }, LATER)).toBeNull();
    const page = await b.namespaces.list({ offset: 0, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.results.map((n) => n.namespaceId)).toEqual([ns]);
    expect((await b.namespaces.list({ offset: 1, limit: 10 })).results.map((n) => n.namespaceId)).toEqual([other]);
  });

  uniqueIt('renaming a namespace or bucket to a taken name is refused with AlreadyExistsError (needs unique indexes)', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const other = newId('namespace');
    await a.namespaces.create({ namespaceId: other, namespaceName: `n-${other}`, description: null, createdAt: NOW, updatedAt: NOW });
    await expect(b.namespaces.update(other, { namespaceName: `n-${ns}` }, LATER)).rejects.toBeInstanceOf(AlreadyExistsError);
    const second = newId('bucket');
    await a.buckets.create({ namespaceId: ns, bucketId: second, bucketName: 'b2', description: null, bucketSchema: { properties: {} }, uniqueKey: null, metadata: {}, createdAt: NOW, updatedAt: NOW });
    await expect(b.buckets.update(ns, second, { bucketName: 'b1' }, LATER)).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('namespaces: delete removes every row of the namespace and leaves other namespaces alone', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    const other = newId('namespace');
    await a.namespaces.create({ namespaceId: other, namespaceName: `n-${other}`, description: null, createdAt: NOW, updatedAt: NOW });
    await a.objects.create(object(ns, bucketId, 'obj_1'));
    const otherBucket = newId('bucket');
    await a.buckets.create({ namespaceId: other, bucketId: otherBucket, bucketName: 'b1', description: null, bucketSchema: { properties: {} }, uniqueKey: null, metadata: {}, createdAt: NOW, updatedAt: NOW });
    await a.objects.create(object(other, otherBucket, 'obj_keep'));
    const up = upload(ns, bucketId);
    await a.uploads.create(up);
    const batch = await ctx.queued(['obj_1']);
    await a.batches.recordOutcomes(batch.batchId, 0, [{ itemId: 'obj_1', collectionId: 'col_aaaaaaaaaa', status: 'COMPLETED', documentsWritten: 1 }], NOW);
    const col = newId('collection');
    await a.documents.upsertMany([document(ns, col, newId('document'), 'obj_1', batch.batchId)]);
    await b.namespaces.delete(ns);
    await b.namespaces.delete(ns);
    expect(await a.namespaces.findByIdOrName(ns)).toBeNull();
    expect(await a.buckets.findByIdOrName(ns, bucketId)).toBeNull();
    expect(await a.objects.find(ns, bucketId, 'obj_1')).toBeNull();
    expect(await a.uploads.find(ns, bucketId, up.uploadId)).toBeNull();
    expect(await a.batches.find(ns, batch.batchId)).toBeNull();
    expect(await a.batches.getTiers(batch.batchId)).toEqual([]);
    expect(await a.batches.recentCompletions(batch.batchId, 0)).toEqual([]);
    expect(await a.documents.count(ns, col)).toBe(0);
    expect(await a.namespaces.findByIdOrName(other)).not.toBeNull();
    expect(await a.objects.find(other, otherBucket, 'obj_keep')).not.toBeNull();
  });

  it('buckets: update keeps what the patch omits, list pages oldest first, a wrong namespace finds nothing', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    const second = newId('bucket');
    await a.buckets.create({
      namespaceId: ns,
      bucketId: second,
      bucketName: 'b2',
      description: null,
      bucketSchema: { properties: {} },
      uniqueKey: { fields: ['sku'], defaultPolicy: null },
      metadata: {},
      createdAt: LATER,
      updatedAt: LATER,
    });
    expect((await b.buckets.findByIdOrName(ns, second))?.uniqueKey).toEqual({ fields: ['sku'], defaultPolicy: null });
    const updated = await b.buckets.update(ns, bucketId, { metadata: { k: { nested: {} } } }, LATER);
    expect(updated).toMatchObject({ bucketName: 'b1', description: 'd', metadata: { k: { nested: {} } }, updatedAt: LATER });
    expect(await b.buckets.update(ns, bucketId, { bucketName: 'renamed', description: null }, LATEST)).toMatchObject({
      bucketName: 'renamed',
      description: null,
      metadata: { k: { nested: {} } },
    });
    expect(await b.buckets.update(newId('namespace'), bucketId, { description: 'x' }, LATER)).toBeNull();
    const page = await b.buckets.list(ns, { offset: 0, limit: 1 });
    expect(page).toMatchObject({ total: 2, results: [{ bucketId }] });
    expect((await b.buckets.list(ns, { offset: 1, limit: 5 })).results.map((x) => x.bucketId)).toEqual([second]);
    expect(await b.buckets.list(newId('namespace'), { offset: 0, limit: 5 })).toEqual({ results: [], total: 0 });
  });

  it('buckets: stats count objects, blob bytes and batches per status', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    await a.objects.create(object(ns, bucketId, 'obj_1', { blobs: [blob('sha256:a', 10), blob('sha256:b', 5)] }));
    await a.objects.create(object(ns, bucketId, 'obj_2', { blobs: [blob('sha256:c', 7)] }));
    await a.objects.create(object(ns, bucketId, 'obj_3'));
    await ctx.queued();
    await ctx.queued();
    await a.batches.create({ ...(await ctx.queued()), batchId: newId('batch'), status: 'DRAFT', taskId: null });
    expect(await b.buckets.stats(ns, bucketId)).toEqual({ objectCount: 3, totalSizeBytes: 22, batchesByStatus: { QUEUED: 3, DRAFT: 1 } });
    expect(await b.buckets.stats(newId('namespace'), bucketId)).toEqual({ objectCount: 0, totalSizeBytes: 0, batchesByStatus: {} });
    const other = newId('bucket');
    await a.buckets.create({ namespaceId: ns, bucketId: other, bucketName: 'b-other', description: null, bucketSchema: { properties: {} }, uniqueKey: null, metadata: {}, createdAt: NOW, updatedAt: NOW });
    await a.objects.create(object(ns, other, 'obj_4', { blobs: [blob('sha256:d', 4)] }));
    const many = await b.buckets.statsMany(ns, [bucketId, other, 'bkt_none']);
    expect(Object.fromEntries(many)).toEqual({
      [bucketId]: { objectCount: 3, totalSizeBytes: 22, batchesByStatus: { QUEUED: 3, DRAFT: 1 } },
      [other]: { objectCount: 1, totalSizeBytes: 4, batchesByStatus: {} },
      bkt_none: { objectCount: 0, totalSizeBytes: 0, batchesByStatus: {} },
    });
    expect((await b.buckets.statsMany(ns, [])).size).toBe(0);
  });

  it('buckets: delete removes objects, uploads and batches of the bucket; collections and documents stay', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    await a.objects.create(object(ns, bucketId, 'obj_1'));
    const up = upload(ns, bucketId);
    await a.uploads.create(up);
    const batch = await ctx.queued(['obj_1']);
    const col = newId('collection');
    await a.documents.upsertMany([document(ns, col, newId('document'), 'obj_1', batch.batchId)]);
    expect(await b.buckets.delete(newId('namespace'), bucketId)).toBe(false);
    expect(await b.buckets.delete(ns, bucketId)).toBe(true);
    expect(await b.buckets.delete(ns, bucketId)).toBe(false);
    expect(await a.buckets.findByIdOrName(ns, bucketId)).toBeNull();
    expect(await a.objects.find(ns, bucketId, 'obj_1')).toBeNull();
    expect(await a.uploads.find(ns, bucketId, up.uploadId)).toBeNull();
    expect(await a.batches.find(ns, batch.batchId)).toBeNull();
    expect(await a.batches.getTiers(batch.batchId)).toEqual([]);
    expect(await a.documents.count(ns, col)).toBe(1);
  });

  it('objects: update, delete, list oldest first, find by unique key and by blob hash (oldest wins)', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    await a.objects.create(object(ns, bucketId, 'obj_2', { createdAt: LATER, uniqueKeyValue: 'sku-2', blobs: [blob('sha256:same', 1)] }));
    await a.objects.create(object(ns, bucketId, 'obj_1', { uniqueKeyValue: 'sku-1', blobs: [blob('sha256:x', 1), blob('sha256:same', 1)] }));
    await a.objects.create(object(ns, bucketId, 'obj_3', { createdAt: LATEST }));
    expect(await b.objects.findByUniqueKey(ns, bucketId, 'sku-2')).toMatchObject({ objectId: 'obj_2', uniqueKeyValue: 'sku-2' });
    expect(await b.objects.findByUniqueKey(ns, bucketId, 'sku-9')).toBeNull();
    expect(await b.objects.findByUniqueKey(newId('namespace'), bucketId, 'sku-2')).toBeNull();
    expect((await b.objects.findByBlobHash(ns, bucketId, 'sha256:same'))?.objectId).toBe('obj_1');
    expect(await b.objects.findByBlobHash(ns, bucketId, 'sha256:none')).toBeNull();
    expect(await b.objects.findByBlobHash(ns, 'bkt_other', 'sha256:same')).toBeNull();

    const page = await b.objects.list(ns, bucketId, { offset: 0, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.results.map((o) => o.objectId)).toEqual(['obj_1', 'obj_2']);

    const changed = object(ns, bucketId, 'obj_1', { keyPrefix: '/p', metadata: { v: 2 }, uniqueKeyValue: 'sku-1b', updatedAt: LATER });
    expect(await b.objects.update(changed)).toBe(true);
    expect(await a.objects.find(ns, bucketId, 'obj_1')).toMatchObject({ keyPrefix: '/p', metadata: { v: 2 }, blobs: [], uniqueKeyValue: 'sku-1b', createdAt: NOW, updatedAt: LATER });
    expect(await a.objects.findByUniqueKey(ns, bucketId, 'sku-1')).toBeNull();
    expect(await b.objects.update({ ...changed, namespaceId: newId('namespace') })).toBe(false);
    expect(await b.objects.update({ ...changed, objectId: 'obj_none' })).toBe(false);

    expect(await b.objects.delete(newId('namespace'), bucketId, 'obj_1')).toBe(false);
    expect(await b.objects.delete(ns, bucketId, 'obj_1')).toBe(true);
    expect(await b.objects.delete(ns, bucketId, 'obj_1')).toBe(false);
    expect((await a.objects.list(ns, bucketId, { offset: 0, limit: 10 })).results.map((o) => o.objectId)).toEqual(['obj_2', 'obj_3']);
  });

  uniqueIt('objects: a unique key value taken in the bucket is refused with AlreadyExistsError (needs unique indexes)', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    await a.objects.create(object(ns, bucketId, 'obj_1', { uniqueKeyValue: 'sku-1' }));
    await a.objects.create(object(ns, bucketId, 'obj_2', { uniqueKeyValue: 'sku-2' }));
    await a.objects.create(object(ns, bucketId, 'obj_3'));
    await a.objects.create(object(ns, bucketId, 'obj_4'));
    await expect(b.objects.create(object(ns, bucketId, 'obj_5', { uniqueKeyValue: 'sku-1' }))).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(b.objects.update(object(ns, bucketId, 'obj_2', { uniqueKeyValue: 'sku-1' }))).rejects.toBeInstanceOf(AlreadyExistsError);
    // The same value in another bucket is fine.
    const otherBucket = newId('bucket');
    await a.buckets.create({ namespaceId: ns, bucketId: otherBucket, bucketName: 'b2', description: null, bucketSchema: { properties: {} }, uniqueKey: null, metadata: {}, createdAt: NOW, updatedAt: NOW });
    await b.objects.create(object(ns, otherBucket, 'obj_6', { uniqueKeyValue: 'sku-1' }));
  });

  it('objects: createMany inserts a chunk in one write; every object reads back', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    const chunk = Array.from({ length: 1_200 }, (_, i) => object(ns, bucketId, `obj_m${String(i).padStart(4, '0')}`, { metadata: { i }, blobs: [blob(`sha256:${i}`, i)] }));
    await a.objects.createMany(chunk);
    await a.objects.createMany([]);
    const listed = await b.objects.list(ns, bucketId, { offset: 0, limit: 2_000 });
    expect(listed.total).toBe(1_200);
    expect(await b.objects.find(ns, bucketId, 'obj_m1199')).toMatchObject({ metadata: { i: 1_199 }, blobs: [{ hash: 'sha256:1199', sizeBytes: 1_199 }] });
  });

  uniqueIt('objects: createMany is all or nothing when a unique key value clashes (stored, or twice in the chunk)', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    await a.objects.create(object(ns, bucketId, 'obj_1', { uniqueKeyValue: 'sku-1' }));
    await expect(
      b.objects.createMany([object(ns, bucketId, 'obj_2', { uniqueKeyValue: 'sku-2' }), object(ns, bucketId, 'obj_3', { uniqueKeyValue: 'sku-1' })]),
    ).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(
      b.objects.createMany([object(ns, bucketId, 'obj_4', { uniqueKeyValue: 'sku-4' }), object(ns, bucketId, 'obj_5', { uniqueKeyValue: 'sku-4' })]),
    ).rejects.toBeInstanceOf(AlreadyExistsError);
    expect((await a.objects.list(ns, bucketId, { offset: 0, limit: 10 })).results.map((o) => o.objectId)).toEqual(['obj_1']);
    await b.objects.createMany([object(ns, bucketId, 'obj_2', { uniqueKeyValue: 'sku-2' }), object(ns, bucketId, 'obj_4', { uniqueKeyValue: 'sku-4' })]);
    expect((await a.objects.list(ns, bucketId, { offset: 0, limit: 10 })).total).toBe(3);
  });

  it('uploads: find, compare-and-set update (one of two concurrent confirms wins), newest-first list, completed by hash, delete', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    const first = upload(ns, bucketId);
    const second = upload(ns, bucketId, { createdAt: LATER });
    await a.uploads.create(first);
    await a.uploads.create(second);
    expect(await b.uploads.find(ns, bucketId, first.uploadId)).toEqual(first);
    expect(await b.uploads.find(newId('namespace'), bucketId, first.uploadId)).toBeNull();
    const done = { ...first, status: 'COMPLETED' as const, receivedHash: 'sha256:h', receivedBytes: 3, objectId: 'obj_1', completedAt: LATER, updatedAt: LATER };
    const results = await Promise.all([a.uploads.update(done, 'PENDING'), b.uploads.update({ ...done, objectId: 'obj_2' }, 'PENDING')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.uploads.update(done, 'PENDING')).toBe(false);
    expect(await b.uploads.find(ns, bucketId, first.uploadId)).toMatchObject({ status: 'COMPLETED', receivedHash: 'sha256:h' });
    expect(await b.uploads.findCompletedByHash(ns, bucketId, 'sha256:h')).toMatchObject({ uploadId: first.uploadId });
    expect(await b.uploads.findCompletedByHash(ns, bucketId, 'sha256:other')).toBeNull();
    const page = await b.uploads.list(ns, bucketId, { offset: 0, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.results.map((u) => u.uploadId)).toEqual([second.uploadId]);
    expect(await b.uploads.delete(ns, bucketId, second.uploadId)).toBe(true);
    expect(await b.uploads.delete(ns, bucketId, second.uploadId)).toBe(false);
    expect((await a.uploads.list(ns, bucketId, { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('batches: list newest first, by status; updateMetadata; delete with tiers, outcomes and samples', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const bucketId = ctx.bucketId();
    const older = await ctx.queued(['obj_1']);
    const newer = { ...(await ctx.queued(['obj_1'])) };
    // Later creation time for the second one: create a draft with it.
    const draft = { ...newer, batchId: newId('batch'), status: 'DRAFT' as const, taskId: null, createdAt: LATER, updatedAt: LATER };
    await a.batches.create(draft);
    const all = await b.batches.list(ns, bucketId, { status: null, offset: 0, limit: 10 });
    expect(all.total).toBe(3);
    expect(all.results[0]?.batchId).toBe(draft.batchId);
    const queuedOnly = await b.batches.list(ns, bucketId, { status: 'QUEUED', offset: 0, limit: 10 });
    expect(queuedOnly.results.map((x) => x.batchId).sort()).toEqual([older.batchId, newer.batchId].sort());
    expect(await b.batches.list(newId('namespace'), bucketId, { status: null, offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });

    expect(await b.batches.updateMetadata(ns, older.batchId, { team: 'y', deep: {} }, LATER)).toMatchObject({ metadata: { team: 'y', deep: {} }, updatedAt: LATER });
    expect(await b.batches.updateMetadata(newId('namespace'), older.batchId, {}, LATER)).toBeNull();

    await a.batches.recordOutcomes(older.batchId, 0, [{ itemId: 'obj_1', collectionId: 'col_aaaaaaaaaa', status: 'COMPLETED', documentsWritten: 1 }], NOW);
    expect(await b.batches.delete(newId('namespace'), older.batchId)).toBe(false);
    expect(await b.batches.delete(ns, older.batchId)).toBe(true);
    expect(await b.batches.delete(ns, older.batchId)).toBe(false);
    expect(await a.batches.find(ns, older.batchId)).toBeNull();
    expect(await a.batches.getTiers(older.batchId)).toEqual([]);
    expect(await a.batches.recentCompletions(older.batchId, 0)).toEqual([]);
    expect(await a.batches.listFailedItems(older.batchId, { tier: null, collectionId: null, offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });
    expect(await a.batches.find(ns, newer.batchId)).not.toBeNull();
  });

  it('startTier sets totals (and the chunk size) when the tier leaves PENDING, and only then', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const batch = await ctx.queued(['obj_1', 'obj_2'], 2);
    await a.batches.claimNext({ owner: 'p1', leaseMs: 1_000, now: 1, namespaceIds: [ns], from: 'QUEUED', to: 'PROCESSING' });
    expect((await a.batches.getTiers(batch.batchId)).map((t) => t.chunkSize)).toEqual([64, null]);
    expect(await b.batches.startTier(batch.batchId, 1, 'p1', NOW, { totalItems: 7, totalChunks: 4, chunkSize: 2 })).toBe(true);
    expect(await b.batches.startTier(batch.batchId, 1, 'p1', LATER, { totalItems: 9, totalChunks: 9, chunkSize: 1 })).toBe(true);
    expect(await b.batches.startTier(batch.batchId, 0, 'p1', NOW)).toBe(true);
    const tiers = await a.batches.getTiers(batch.batchId);
    expect(tiers.map((t) => [t.tier, t.status, t.totalItems, t.totalChunks, t.chunkSize, t.startedAt])).toEqual([
      [0, 'PROCESSING', 2, 3, 64, NOW],
      [1, 'PROCESSING', 7, 4, 2, NOW],
    ]);
  });

  it('recordOutcomes sets lastProgressAt and per-second samples; failures and documents per collection are listed', async () => {
    const { a, b } = ctx.stores();
    const batch = await ctx.queued(['obj_1', 'obj_2', 'obj_3'], 2);
    const t0 = '2026-11-29T12:00:00.200Z';
    const t1 = '2026-11-29T12:00:00.900Z';
    const t2 = '2026-11-29T12:00:02.100Z';
    const ok = (itemId: string, collectionId = 'col_aaaaaaaaaa', documentsWritten = 2): ItemOutcome => ({ itemId, collectionId, status: 'COMPLETED', documentsWritten });
    const bad = (itemId: string, collectionId = 'col_aaaaaaaaaa'): ItemOutcome => ({
      itemId,
      collectionId,
      status: 'FAILED',
      documentsWritten: 0,
      error: { category: 'validation', message: `bad ${itemId}`, stage: 'extract' },
    });
    expect((await a.batches.getTiers(batch.batchId))[0]?.lastProgressAt).toBeNull();
    const r0 = await a.batches.recordOutcomes(batch.batchId, 0, [ok('obj_1'), ok('obj_2')], t0);
    expect(r0.tier.lastProgressAt).toBe(t0);
    await b.batches.recordOutcomes(batch.batchId, 0, [bad('obj_3')], t1);
    // A redelivery changes neither the samples nor lastProgressAt.
    await b.batches.recordOutcomes(batch.batchId, 0, [bad('obj_3')], t2);
    await a.batches.recordOutcomes(batch.batchId, 1, [ok('doc_1', 'col_bbbbbbbbbb', 1), ok('doc_2', 'col_bbbbbbbbbb', 1), bad('doc_3', 'col_bbbbbbbbbb')], t2);
    const tiers = await b.batches.getTiers(batch.batchId);
    expect(tiers.map((t) => t.lastProgressAt)).toEqual([t1, t2]);
    expect(await b.batches.recentCompletions(batch.batchId, 0)).toEqual([
      { atMs: Date.parse('2026-11-29T12:00:00.000Z'), items: 3 },
      { atMs: Date.parse('2026-11-29T12:00:02.000Z'), items: 3 },
    ]);
    expect(await b.batches.recentCompletions(batch.batchId, Date.parse('2026-11-29T12:00:01.500Z'))).toEqual([
      { atMs: Date.parse('2026-11-29T12:00:02.000Z'), items: 3 },
    ]);
    expect(await b.batches.documentsByCollection(batch.batchId)).toEqual([
      { collectionId: 'col_aaaaaaaaaa', tier: 0, documents: 4 },
      { collectionId: 'col_bbbbbbbbbb', tier: 1, documents: 2 },
    ]);
    const failed = await b.batches.listFailedItems(batch.batchId, { tier: null, collectionId: null, offset: 0, limit: 10 });
    expect(failed.total).toBe(2);
    expect(failed.results).toEqual([
      { tier: 0, collectionId: 'col_aaaaaaaaaa', itemId: 'obj_3', category: 'validation', message: 'bad obj_3', stage: 'extract', completedAt: t1 },
      { tier: 1, collectionId: 'col_bbbbbbbbbb', itemId: 'doc_3', category: 'validation', message: 'bad doc_3', stage: 'extract', completedAt: t2 },
    ]);
    expect((await b.batches.listFailedItems(batch.batchId, { tier: 1, collectionId: null, offset: 0, limit: 10 })).results.map((f) => f.itemId)).toEqual(['doc_3']);
    expect(await b.batches.listFailedItems(batch.batchId, { tier: 0, collectionId: 'col_bbbbbbbbbb', offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });
    expect(await b.batches.listFailedItems(batch.batchId, { tier: null, collectionId: null, offset: 1, limit: 1 })).toMatchObject({ total: 2, results: [{ itemId: 'doc_3' }] });
  });

  it('documents: countForBatch counts documents of completed items, findMany, listIdsWrittenByBatch sorted', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const batch = await ctx.queued(['obj_1', 'obj_2', 'obj_3']);
    const col = 'col_aaaaaaaaaa';
    const other = 'col_cccccccccc';
    await a.batches.recordOutcomes(
      batch.batchId,
      0,
      [
        { itemId: 'obj_1', collectionId: col, status: 'COMPLETED', documentsWritten: 2 },
        { itemId: 'obj_2', collectionId: col, status: 'COMPLETED', documentsWritten: 1 },
        { itemId: 'obj_3', collectionId: col, status: 'FAILED', documentsWritten: 0, error: { category: 'runtime', message: 'x', stage: 's' } },
      ],
      NOW,
    );
    await a.documents.upsertMany([
      document(ns, col, 'doc_c', 'obj_1', batch.batchId),
      document(ns, col, 'doc_a', 'obj_1', batch.batchId),
      document(ns, col, 'doc_b', 'obj_2', 'btch_later'),
      document(ns, col, 'doc_d', 'obj_3', batch.batchId),
      document(ns, other, 'doc_e', 'obj_9', batch.batchId),
    ]);
    expect(await b.documents.countForBatch(ns, col, batch.batchId, 0)).toBe(3);
    expect(await b.documents.countForBatch(ns, col, batch.batchId, 1)).toBe(0);
    expect(await b.documents.countForBatch(newId('namespace'), col, batch.batchId, 0)).toBe(0);
    expect((await b.documents.findMany(ns, ['doc_a', 'doc_e', 'doc_none'])).map((d) => d.documentId).sort()).toEqual(['doc_a', 'doc_e']);
    expect(await b.documents.findMany(ns, [])).toEqual([]);
    expect(await b.documents.findMany(newId('namespace'), ['doc_a'])).toEqual([]);
    expect(await b.documents.listIdsWrittenByBatch(ns, batch.batchId, [col])).toEqual(['doc_a', 'doc_c', 'doc_d']);
    expect(await b.documents.listIdsWrittenByBatch(ns, batch.batchId, [col, other])).toEqual(['doc_a', 'doc_c', 'doc_d', 'doc_e']);
    expect(await b.documents.listIdsWrittenByBatch(ns, batch.batchId, [])).toEqual([]);
    expect(await b.documents.listIdsWrittenByBatch(newId('namespace'), batch.batchId, [col])).toEqual([]);
  });

  it('documents: delete removes one document of its collection only', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    await a.documents.upsertMany([document(ns, 'col_aaaaaaaaaa', 'doc_1', 'obj_1', 'btch_1'), document(ns, 'col_aaaaaaaaaa', 'doc_2', 'obj_2', 'btch_1')]);
    expect(await b.documents.delete(ns, 'col_bbbbbbbbbb', 'doc_1')).toBe(false);
    expect(await b.documents.delete(newId('namespace'), 'col_aaaaaaaaaa', 'doc_1')).toBe(false);
    expect(await b.documents.delete(ns, 'col_aaaaaaaaaa', 'doc_1')).toBe(true);
    expect(await b.documents.delete(ns, 'col_aaaaaaaaaa', 'doc_1')).toBe(false);
    expect(await a.documents.find(ns, 'col_aaaaaaaaaa', 'doc_1')).toBeNull();
    expect(await a.documents.count(ns, 'col_aaaaaaaaaa')).toBe(1);
  });

  it('reopenForRetry: conditional on status; removes the chosen failures from counts and summary; reopens tiers with a new round', async () => {
    const { a, b } = ctx.stores();
    const ns = ctx.ns();
    const batch = await ctx.queued(['obj_1', 'obj_2', 'obj_3'], 2);
    const col = 'col_aaaaaaaaaa';
    const fail = (itemId: string, category: 'network' | 'validation'): ItemOutcome => ({
      itemId,
      collectionId: col,
      status: 'FAILED',
      documentsWritten: 0,
      error: { category, message: `bad ${itemId}`, stage: 'extract' },
    });
    await a.batches.recordOutcomes(
      batch.batchId,
      0,
      [{ itemId: 'obj_1', collectionId: col, status: 'COMPLETED', documentsWritten: 1 }, fail('obj_2', 'network'), fail('obj_3', 'validation')],
      NOW,
    );
    await a.batches.recordOutcomes(batch.batchId, 1, [{ itemId: 'doc_1', collectionId: col, status: 'COMPLETED', documentsWritten: 1 }], NOW);
    expect(await b.batches.recordedItemIds(batch.batchId, 0, col)).toEqual(['obj_1', 'obj_2', 'obj_3']);
    expect(await b.batches.recordedItemIds(batch.batchId, 0, 'col_other00000')).toEqual([]);
    // Of one status only (a later tier's plan reads the completed items of its sources).
    expect(await b.batches.recordedItemIds(batch.batchId, 0, col, 'COMPLETED')).toEqual(['obj_1']);
    expect(await b.batches.recordedItemIds(batch.batchId, 0, col, 'FAILED')).toEqual(['obj_2', 'obj_3']);
    const change = {
      from: 'COMPLETED_WITH_ERRORS' as const,
      to: 'QUEUED' as const,
      // obj_1 succeeded: not a failure, left alone.
      items: [
        { tier: 0, collectionId: col, itemId: 'obj_2' },
        { tier: 0, collectionId: col, itemId: 'obj_1' },
      ],
      reopenTiers: [0, 1],
      now: LATER,
    };
    // The batch is QUEUED, not finished: nothing changes.
    expect(await b.batches.reopenForRetry(ns, batch.batchId, change)).toBe(false);
    expect(await b.batches.recordedItemIds(batch.batchId, 0, col)).toEqual(['obj_1', 'obj_2', 'obj_3']);
    await a.batches.claimNext({ owner: 'p1', leaseMs: 1_000, now: 1, namespaceIds: [ns], from: 'QUEUED', to: 'PROCESSING' });
    await a.batches.completeTier(batch.batchId, 0, 'COMPLETED_WITH_ERRORS', NOW);
    await a.batches.completeTier(batch.batchId, 1, 'COMPLETED', NOW);
    expect(await a.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'COMPLETED_WITH_ERRORS', owner: 'p1', now: NOW, error: '2 failed' })).toBe(true);
    expect(await b.batches.reopenForRetry(newId('namespace'), batch.batchId, change)).toBe(false);
    expect(await b.batches.reopenForRetry(ns, batch.batchId, change)).toBe(true);
    const after = await a.batches.find(ns, batch.batchId);
    expect(after).toMatchObject({ status: 'QUEUED', error: null, completedAt: null, lease: null, updatedAt: LATER });
    const tiers = await a.batches.getTiers(batch.batchId);
    // The round's chunks are counted (with their size) when it starts.
    expect(tiers.map((t) => [t.tier, t.status, t.retryRound, t.succeededItems, t.failedItems, t.publishedChunks, t.totalChunks, t.chunkSize, t.completedAt, t.errorSummary])).toEqual([
      [0, 'PENDING', 1, 1, 1, 0, 0, null, null, { validation: 1 }],
      [1, 'PENDING', 1, 1, 0, 0, 0, null, null, {}],
    ]);
    expect(await b.batches.recordedItemIds(batch.batchId, 0, col)).toEqual(['obj_1', 'obj_3']);
    // The retry round's plan: per window of positions, the objects with no outcome (the anti-join).
    expect(await b.batches.objectIdsWithoutOutcome(batch.batchId, 0, col, 0, 3)).toEqual(['obj_2']);
    expect(await b.batches.objectIdsWithoutOutcome(batch.batchId, 0, col, 0, 1)).toEqual([]);
    expect(await b.batches.objectIdsWithoutOutcome(batch.batchId, 0, col, 1, 2)).toEqual(['obj_2']);
    expect(await b.batches.objectIdsWithoutOutcome(batch.batchId, 0, col, 2, 10)).toEqual([]);
    expect(await b.batches.objectIdsWithoutOutcome(batch.batchId, 0, 'col_other00000', 0, 3)).toEqual(['obj_1', 'obj_2', 'obj_3']);
    expect(await b.batches.objectIdsWithoutOutcome(batch.batchId, 1, col, 1, 1)).toEqual(['obj_2']);
    const failed = await b.batches.listFailedItems(batch.batchId, { tier: null, collectionId: null, offset: 0, limit: 10 });
    expect(failed.results.map((f) => f.itemId)).toEqual(['obj_3']);
    // The retried item records again, once.
    const again = await a.batches.recordOutcomes(batch.batchId, 0, [fail('obj_2', 'network')], LATEST);
    expect(again.newlyRecorded).toBe(1);
    expect(again.tier).toMatchObject({ failedItems: 2, errorSummary: { validation: 1, network: 1 } });
    // A second retry from a status the batch is not in changes nothing.
    expect(await b.batches.reopenForRetry(ns, batch.batchId, change)).toBe(false);
    expect((await a.batches.getTiers(batch.batchId)).map((t) => t.retryRound)).toEqual([1, 1]);
  });

  it('API keys: create, find by hash, list, revoke keeps the first revocation time', async () => {
    const { a, b } = ctx.stores();
    const key = (name: string, createdAt: string, namespaceIds: string[] | null): ApiKey => ({
      keyId: newId('apiKey'),
      name,
      keyHash: `sha256:${newId('apiKey')}`,
      prefix: 'sk_ab12',
      namespaceIds,
      createdAt,
      revokedAt: null,
    });
    const k2 = key('second', LATER, null);
    const k1 = key('first', NOW, [ctx.ns()]);
    await a.apiKeys.create(k2);
    await a.apiKeys.create(k1);
    expect(await b.apiKeys.findByHash(k1.keyHash)).toEqual(k1);
    expect(await b.apiKeys.findByHash(k2.keyHash)).toEqual(k2);
    expect(await b.apiKeys.findByHash('sha256:none')).toBeNull();
    expect((await b.apiKeys.list()).map((k) => k.name).sort()).toEqual(['first', 'second']);
    expect(await b.apiKeys.revoke(k1.keyId, LATER)).toBe(true);
    expect(await b.apiKeys.revoke(k1.keyId, LATEST)).toBe(true);
    expect(await b.apiKeys.revoke('key_none', LATER)).toBe(false);
    expect(await a.apiKeys.findByHash(k1.keyHash)).toMatchObject({ revokedAt: LATER });
  });

  it('webhooks: create, find, list newest first by event type (or "*") and activity, update, disable, setLastError, delete', async () => {
    const { a, b } = ctx.stores();
    const w1 = webhook({ webhookName: 'one', eventTypes: ['batch.completed', 'batch.failed'] });
    const w2 = webhook({ webhookName: 'all', eventTypes: ['*'], createdAt: LATER });
    const w3 = webhook({ webhookName: 'off', eventTypes: ['batch.completed'], isActive: false, createdAt: LATEST });
    for (const w of [w1, w2, w3]) await a.webhooks.create(w);
    expect(await b.webhooks.find(w1.webhookId)).toEqual(w1);
    expect(await b.webhooks.find('wh_none')).toBeNull();
    const all = await b.webhooks.list({}, { offset: 0, limit: 10 });
    expect(all.total).toBe(3);
    expect(all.results.map((w) => w.webhookName)).toEqual(['off', 'all', 'one']);
    expect((await b.webhooks.list({ eventType: 'batch.failed' }, { offset: 0, limit: 10 })).results.map((w) => w.webhookName)).toEqual(['all', 'one']);
    expect((await b.webhooks.list({ eventType: 'batch.completed', isActive: true }, { offset: 0, limit: 1 }))).toMatchObject({ total: 2, results: [{ webhookName: 'all' }] });
    expect((await b.webhooks.listActiveFor('batch.completed')).map((w) => w.webhookName).sort()).toEqual(['all', 'one']);
    expect((await b.webhooks.listActiveFor('object.created')).map((w) => w.webhookName)).toEqual(['all']);

    expect(await b.webhooks.update({ ...w1, webhookName: 'renamed', eventTypes: ['object.created'], createdAt: LATEST, updatedAt: LATER })).toBe(true);
    expect(await a.webhooks.find(w1.webhookId)).toMatchObject({ webhookName: 'renamed', eventTypes: ['object.created'], createdAt: NOW, updatedAt: LATER });
    expect(await b.webhooks.update(webhook())).toBe(false);

    await b.webhooks.setLastError(w2.webhookId, 'timeout', LATER);
    expect(await a.webhooks.find(w2.webhookId)).toMatchObject({ lastError: 'timeout', isActive: true });
    await b.webhooks.setLastError(w2.webhookId, null, LATER);
    expect((await a.webhooks.find(w2.webhookId))?.lastError).toBeNull();
    await b.webhooks.disable(w2.webhookId, '410 Gone', LATEST);
    expect(await a.webhooks.find(w2.webhookId)).toMatchObject({ isActive: false, disabledReason: '410 Gone', lastError: '410 Gone', updatedAt: LATEST });
    expect(await b.webhooks.listActiveFor('object.created')).toMatchObject([{ webhookName: 'renamed' }]);

    expect(await b.webhooks.delete(w3.webhookId)).toBe(true);
    expect(await b.webhooks.delete(w3.webhookId)).toBe(false);
    expect(await a.webhooks.find(w3.webhookId)).toBeNull();
  });

  it('webhook deliveries: createIfAbsent once under concurrency, attempts kept once per (round, attempt), finish, reopen, listings', async () => {
    const { a, b } = ctx.stores();
    const hook = `wh_${newId('event').slice(4)}`;
    const d1 = delivery(hook);
    const results = await Promise.all([a.webhookDeliveries.createIfAbsent(d1), b.webhookDeliveries.createIfAbsent({ ...d1, body: 'other' })]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.webhookDeliveries.createIfAbsent(d1)).toBe(false);
    expect((await b.webhookDeliveries.find(d1.deliveryId))?.deliveryId).toBe(d1.deliveryId);
    expect(await b.webhookDeliveries.find('dlv_none')).toBeNull();

    const attempt = (n: number, statusCode: number | null) => ({ round: 0, attempt: n, at: NOW, statusCode, latencyMs: 5, error: statusCode === null ? 'refused' : null });
    expect(await b.webhookDeliveries.recordAttempt(d1.deliveryId, attempt(1, null), 'PENDING', NOW)).toMatchObject({ status: 'PENDING', completedAt: null });
    await b.webhookDeliveries.recordAttempt(d1.deliveryId, attempt(2, 500), 'PENDING', NOW);
    await a.webhookDeliveries.recordAttempt(d1.deliveryId, attempt(2, 500), 'PENDING', NOW);
    const failed = await a.webhookDeliveries.recordAttempt(d1.deliveryId, attempt(3, 500), 'FAILED', LATER);
    expect(failed).toMatchObject({ status: 'FAILED', completedAt: LATER, updatedAt: LATER });
    expect(failed?.attempts.map((x) => [x.round, x.attempt, x.statusCode])).toEqual([
      [0, 1, null],
      [0, 2, 500],
      [0, 3, 500],
    ]);
    expect(await a.webhookDeliveries.recordAttempt('dlv_none', attempt(1, 200), 'SUCCEEDED', NOW)).toBeNull();

    // Replays: only a FAILED or CANCELED delivery reopens, once per concurrent pair.
    const reopened = await Promise.all([a.webhookDeliveries.reopen(d1.deliveryId, LATEST), b.webhookDeliveries.reopen(d1.deliveryId, LATEST)]);
    expect(reopened.filter((r) => r !== null)).toHaveLength(1);
    expect(await b.webhookDeliveries.find(d1.deliveryId)).toMatchObject({ status: 'PENDING', replays: 1, completedAt: null, updatedAt: LATEST });
    expect(await b.webhookDeliveries.reopen(d1.deliveryId, LATEST)).toBeNull();
    await b.webhookDeliveries.finish(d1.deliveryId, 'CANCELED', LATEST);
    expect(await a.webhookDeliveries.find(d1.deliveryId)).toMatchObject({ status: 'CANCELED', completedAt: LATEST });

    const d2 = delivery(hook, { createdAt: LATER, updatedAt: LATER });
    const d3 = delivery(hook, { createdAt: LATEST, updatedAt: NOW });
    const elsewhere = delivery(`wh_${newId('event').slice(4)}`);
    for (const d of [d2, d3, elsewhere]) await a.webhookDeliveries.createIfAbsent(d);
    const page = await b.webhookDeliveries.list(hook, {}, { offset: 0, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.results.map((d) => d.deliveryId)).toEqual([d3.deliveryId, d2.deliveryId]);
    expect((await b.webhookDeliveries.list(hook, { status: 'CANCELED' }, { offset: 0, limit: 10 })).results.map((d) => d.deliveryId)).toEqual([d1.deliveryId]);
    expect((await b.webhookDeliveries.list(hook, { since: LATER }, { offset: 0, limit: 10 })).total).toBe(2);
    const stale = await b.webhookDeliveries.listPendingBefore(LATEST, 10);
    // Oldest update first, then by id: the two updated at NOW, then the one updated LATER.
    const atNow = [elsewhere.deliveryId, d3.deliveryId].sort();
    expect(stale.map((d) => d.deliveryId)).toEqual([...atNow, d2.deliveryId]);
    expect(await b.webhookDeliveries.listPendingBefore(LATEST, 1)).toHaveLength(1);
  });
}
