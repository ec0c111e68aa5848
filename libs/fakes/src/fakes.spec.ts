import { AlreadyExistsError, NewBatch, DocumentRecord, NotFoundError, ValidationError, draftBatch, pendingTier } from '@strata/domain';
import { ClaimRequest } from '@strata/ports';
import {
  InMemoryMetadataStore,
  InMemoryObjectStorage,
  InMemoryTaskStore,
  InMemoryVectorStore,
  MANUAL_CLOCK_START,
  ManualClock,
  RecordingPublisher,
  RecordingWakeUps,
} from './index';

// The fakes stand in for the real adapters in unit tests; these pin the semantics they promise.

const T0 = '2025-01-01T00:00:00.000Z';

async function storeWithBatch(): Promise<InMemoryMetadataStore> {
  const store = new InMemoryMetadataStore();
  await store.namespaces.create({ namespaceId: 'ns_fake', namespaceName: 'fake', description: null, createdAt: T0, updatedAt: T0 });
  await store.buckets.create({
    namespaceId: 'ns_fake',
    bucketId: 'bkt_fake',
    bucketName: 'b',
    description: null,
    bucketSchema: { properties: {} },
    metadata: {},
    createdAt: T0,
    updatedAt: T0,
  });
  const batch: NewBatch = draftBatch({ namespaceId: 'ns_fake', bucketId: 'bkt_fake', batchId: 'btch_fake', objectIds: ['obj_1'], now: T0 });
  await store.batches.create(batch);
  await store.batches.submit('ns_fake', 'btch_fake', {
    from: 'DRAFT',
    to: 'QUEUED',
    taskId: 'task_fake',
    manifestKey: 'm',
    dagTiers: [['col_a']],
    includeProcessingHistory: true,
    submittedAt: T0,
    tiers: [
      pendingTier({ batchId: 'btch_fake', tier: 0, collectionIds: ['col_a'], totalItems: 2, totalChunks: 1 }),
    ],
  });
  return store;
}

const claim = (owner: string, now: number): ClaimRequest => ({ owner, leaseMs: 1_000, now, namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });

describe('InMemoryMetadataStore', () => {
  it('enforces unique names and foreign keys', async () => {
    const store = await storeWithBatch();
    await expect(
      store.namespaces.create({ namespaceId: 'ns_other', namespaceName: 'fake', description: null, createdAt: T0, updatedAt: T0 }),
    ).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(
      store.buckets.create({ namespaceId: 'ns_nope', bucketId: 'bkt_2', bucketName: 'b2', description: null, bucketSchema: { properties: {} }, metadata: {}, createdAt: T0, updatedAt: T0 }),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('claims a QUEUED batch once, takes over only an expired lease, and keeps the released owner', async () => {
    const store = await storeWithBatch();
    expect(await store.batches.claimNext({ ...claim('a', 0), namespaceIds: [] })).toBeNull();
    expect(await store.batches.claimNext(claim('a', 100))).toMatchObject({ takeover: false, batch: { status: 'PROCESSING', lease: { owner: 'a', expiresAt: 1_100 } } });
    expect(await store.batches.claimNext(claim('b', 1_100))).toBeNull();
    expect(await store.batches.claimNext(claim('b', 1_101))).toMatchObject({ takeover: true, batch: { lease: { owner: 'b' } } });
    expect(await store.batches.renewLease('btch_fake', 'a', 9_999)).toBe(false);
    await store.batches.releaseLease('btch_fake', 'b');
    expect((await store.batches.find('ns_fake', 'btch_fake'))?.lease).toEqual({ owner: 'b', expiresAt: 0 });
    expect(await store.batches.claimNext(claim('c', 2_000))).toMatchObject({ takeover: true });
  });

  it('records each outcome once and returns the updated tier counters', async () => {
    const store = await storeWithBatch();
    const failed = { itemId: 'obj_2', collectionId: 'col_a', status: 'FAILED' as const, documentsWritten: 0, error: { category: 'network' as const, message: 'x', stage: 's' } };
    const first = await store.batches.recordOutcomes('btch_fake', 0, [{ itemId: 'obj_1', collectionId: 'col_a', status: 'COMPLETED', documentsWritten: 2 }, failed], T0);
    expect(first).toMatchObject({ newlyRecorded: 2, tier: { succeededItems: 1, failedItems: 1, documentsWritten: 2, errorSummary: { network: 1 } } });
    const again = await store.batches.recordOutcomes('btch_fake', 0, [failed, { ...failed, collectionId: 'col_b' }], T0);
    expect(again).toMatchObject({ newlyRecorded: 1, tier: { failedItems: 2, errorSummary: { network: 2 } } });
    await expect(store.batches.recordOutcomes('btch_fake', 7, [failed], T0)).rejects.toThrow('has no tier 7');
  });

  it('applies conditional status changes and clears the lease on a terminal status', async () => {
    const store = await storeWithBatch();
    await store.batches.claimNext(claim('a', 0));
    expect(await store.batches.changeStatus('btch_fake', { from: 'QUEUED', to: 'CANCELED', owner: null, now: T0 })).toBe(false);
    expect(await store.batches.changeStatus('btch_fake', { from: 'PROCESSING', to: 'COMPLETED', owner: 'b', now: T0 })).toBe(false);
    expect(await store.batches.changeStatus('btch_fake', { from: 'PROCESSING', to: 'COMPLETED', owner: 'a', now: T0, error: null })).toBe(true);
    expect(await store.batches.find('ns_fake', 'btch_fake')).toMatchObject({ status: 'COMPLETED', lease: null, completedAt: T0 });
  });

  it('upserts documents keeping created_at and merging the processing history per batch and tier', async () => {
    const store = new InMemoryMetadataStore();
    const entry = { operation: 'extract' as const, extractor: 'e@v1', batchId: 'btch_1', tier: 0, startedAt: T0, completedAt: T0, durationMs: 0, attempt: 1 };
    const doc: DocumentRecord = {
      namespaceId: 'ns_fake',
      collectionId: 'col_a',
      documentId: 'doc_1',
      objectId: 'obj_1',
      batchId: 'btch_1',
      featureExtractorId: 'e_v1',
      payload: { text: 'v1' },
      lineage: { rootObjectId: 'obj_1', rootBucketId: 'bkt', sourceType: 'bucket', sourceObjectId: 'obj_1', sourceDocumentId: null, path: 'p' },
      processingHistory: [entry],
      createdAt: T0,
      updatedAt: T0,
    };
    await store.documents.upsertMany([doc]);
    await store.documents.upsertMany([{ ...doc, batchId: 'btch_2', payload: { text: 'v2' }, processingHistory: [{ ...entry, batchId: 'btch_2' }], createdAt: 'later', updatedAt: 'later' }]);
    await store.documents.upsertMany([{ ...doc, batchId: 'btch_2', processingHistory: [{ ...entry, batchId: 'btch_2', attempt: 2 }], createdAt: 'later', updatedAt: 'latest' }]);
    const found = await store.documents.find('ns_fake', 'col_a', 'doc_1');
    expect(found).toMatchObject({ createdAt: T0, updatedAt: 'latest', batchId: 'btch_2' });
    expect(found?.processingHistory.map((e) => [e.batchId, e.attempt])).toEqual([
      ['btch_1', 1],
      ['btch_2', 2],
    ]);
    expect(await store.documents.find('ns_other', 'col_a', 'doc_1')).toBeNull();
    expect(await store.documents.count('ns_fake', 'col_a')).toBe(1);
  });

  it('hands out copies', async () => {
    const store = await storeWithBatch();
    const batch = await store.batches.find('ns_fake', 'btch_fake');
    batch?.dagTiers.push(['col_sneaky']);
    expect((await store.batches.find('ns_fake', 'btch_fake'))?.dagTiers).not.toContainEqual(['col_sneaky']);
  });
});

describe('InMemoryVectorStore', () => {
  it('upserts by id and searches by cosine within one namespace and collection', async () => {
    const vectors = new InMemoryVectorStore();
    const v = (...xs: number[]) => new Float32Array(xs);
    await expect(vectors.upsert([{ id: 'p', namespaceId: 'n', collectionId: 'c', vectors: { idx: v(1, 0) }, payload: {} }])).rejects.toBeInstanceOf(ValidationError);
    await vectors.ensureIndex({ name: 'idx', dimensions: 2, distance: 'cosine' });
    await expect(vectors.ensureIndex({ name: 'idx', dimensions: 3, distance: 'cosine' })).rejects.toBeInstanceOf(ValidationError);
    await vectors.upsert([
      { id: 'near', namespaceId: 'n', collectionId: 'c', vectors: { idx: v(1, 0.1) }, payload: { k: 1 } },
      { id: 'far', namespaceId: 'n', collectionId: 'c', vectors: { idx: v(0, 1) }, payload: { k: 2 } },
      { id: 'other-col', namespaceId: 'n', collectionId: 'd', vectors: { idx: v(1, 0) }, payload: {} },
      { id: 'other-ns', namespaceId: 'm', collectionId: 'c', vectors: { idx: v(1, 0) }, payload: {} },
    ]);
    await vectors.upsert([{ id: 'far', namespaceId: 'n', collectionId: 'c', vectors: { idx: v(-1, 0) }, payload: { k: 3 } }]);
    const hits = await vectors.search({ namespaceId: 'n', collectionId: 'c', vectorIndex: 'idx', vector: v(1, 0), topK: 10 });
    expect(hits.map((h) => h.id)).toEqual(['near', 'far']);
    expect(hits[1]).toMatchObject({ score: expect.closeTo(-1, 5), payload: { k: 3 } });
    expect(await vectors.count('n', 'c')).toBe(2);
    expect(await vectors.get('n', 'd', 'near')).toBeNull();
    const many = await vectors.getMany('n', 'c', ['near', 'far', 'other-col', 'missing']);
    expect([...many.keys()]).toEqual(['near', 'far']);
    expect(many.get('far')?.payload).toEqual({ k: 3 });
    expect((await vectors.search({ namespaceId: 'n', collectionId: 'c', vectorIndex: 'idx', vector: v(1, 0), topK: 1 })).map((h) => h.id)).toEqual(['near']);
  });
});

describe('InMemoryObjectStorage', () => {
  it('stores bytes by key with a sha256 hash and refuses bad keys', async () => {
    const storage = new InMemoryObjectStorage();
    expect(await storage.put('a/b.txt', Buffer.from('hi'))).toEqual({
      sizeBytes: 2,
      hash: 'sha256:8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4',
    });
    expect((await storage.get('a/b.txt')).toString()).toBe('hi');
    await expect(storage.get('a/missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(storage.put('../etc', Buffer.from(''))).rejects.toBeInstanceOf(ValidationError);
    await storage.delete('a/b.txt');
    await storage.delete('a/b.txt');
    expect(await storage.exists('a/b.txt')).toBe(false);
  });
});

describe('InMemoryTaskStore', () => {
  it('creates once, merges updates, and does not resurrect an expired task', async () => {
    const tasks = new InMemoryTaskStore();
    const task = { taskId: 't', taskType: 'api_buckets_batches_submit' as const, status: 'PENDING' as const, inputs: [], outputs: null, additionalData: {}, error: null, createdAt: T0, updatedAt: T0 };
    await tasks.create(task);
    expect(await tasks.create({ ...task, status: 'FAILED' })).toMatchObject({ status: 'PENDING' });
    await tasks.update('t', { status: 'PROCESSING', error: undefined });
    expect(await tasks.get('t')).toMatchObject({ status: 'PROCESSING', error: null });
    tasks.expire('t');
    await tasks.update('t', { status: 'COMPLETED' });
    expect(await tasks.get('t')).toBeNull();
  });
});

describe('RecordingPublisher, RecordingWakeUps and ManualClock', () => {
  it('records publishes and fails exactly the next N', async () => {
    const publisher = new RecordingPublisher();
    const event = { event_id: 'evt_1', event_type: 'batch.queued' as const, occurred_at: T0, namespace_id: 'n', subject: { type: 'batch' as const, id: 'b' }, metadata: {}, version: 1 as const };
    publisher.failNext(2, { kind: 'event' });
    await expect(publisher.publishEvent(event)).rejects.toThrow('publish failed');
    await expect(publisher.publishEvent(event)).rejects.toThrow('publish failed');
    await publisher.publishEvent(event, 'corr');
    expect(publisher.events).toEqual([{ event, correlationId: 'corr' }]);
    expect(publisher.failedAttempts).toBe(2);
  });

  it('holds work publishes until resumed', async () => {
    const publisher = new RecordingPublisher();
    const item = { schema: 'strata.work-item' as const, version: 1 as const, batch_id: 'b', namespace_id: 'n', bucket_id: 'k', tier: 0, collection_id: 'c', extractor: 'e@v1', chunk: 0, item_ids: ['o'] };
    publisher.pauseWork();
    const pending = publisher.publishWork(item);
    await Promise.resolve();
    expect(publisher.heldWork).toBe(1);
    expect(publisher.work).toEqual([]);
    publisher.resumeWork();
    await pending;
    expect(publisher.workItems()).toEqual([item]);
  });

  it('records and forwards wake-ups', () => {
    const wakeUps = new RecordingWakeUps();
    const seen: string[] = [];
    wakeUps.onTierDrained((p) => seen.push(p.batch_id));
    wakeUps.tierDrained({ version: 1, batch_id: 'b', namespace_id: 'n', tier: 0 });
    expect(wakeUps.drained).toHaveLength(1);
    expect(seen).toEqual(['b']);
  });

  it('moves only forward, when told', () => {
    const clock = new ManualClock();
    expect(clock.now()).toBe(MANUAL_CLOCK_START);
    expect(clock.advance(1_500)).toBe(MANUAL_CLOCK_START + 1_500);
    expect(clock.iso()).toBe('2025-01-01T00:00:01.500Z');
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
