import { WorkItemV1, workItemMessageId } from '@strata/contracts';
import { Batch, NewBatch, BatchPolicy, BatchStatus, Collection, ItemOutcome, Task, draftBatch, pendingTier } from '@strata/domain';
import { ClaimedBatch, silentLogger } from '@strata/ports';
import {
  InMemoryMetadataStore,
  InMemoryObjectStorage,
  InMemoryTaskStore,
  InMemoryVectorStore,
  ManualClock,
  RecordingPublisher,
  waitFor,
} from '@strata/fakes';

import { BatchCoordinator } from './batch-coordinator';
import { TOMBSTONE_GRACE_MS } from './batch-finisher';
import { STEP_BACKOFF_BASE_MS } from './coordinator-errors';
import { CoordinatorOptions } from './coordinator-types';

const NS = 'ns_poller000000000001';
const BUCKET = 'bkt_poller00000000001';
const COLLECTIONS = ['col_pollera001', 'col_pollerb002'];
const LEASE_MS = 30_000;
const CHUNK = 3;

interface World {
  store: InMemoryMetadataStore;
  storage: InMemoryObjectStorage;
  tasks: InMemoryTaskStore;
  vectors: InMemoryVectorStore;
  clock: ManualClock;
}

async function world(): Promise<World> {
  const clock = new ManualClock();
  const now = clock.iso();
  const store = new InMemoryMetadataStore();
  await store.namespaces.create({ namespaceId: NS, namespaceName: 'poller-tests', description: null, createdAt: now, updatedAt: now });
  await store.buckets.create({
    namespaceId: NS,
    bucketId: BUCKET,
    bucketName: 'docs',
    description: null,
    bucketSchema: { properties: { content: { type: 'text' } } },
    metadata: {},
    createdAt: now,
    updatedAt: now,
  });
  for (const [i, collectionId] of COLLECTIONS.entries()) {
    const collection: Collection = {
      namespaceId: NS,
      collectionId,
      collectionName: `collection-${i}`,
      description: null,
      source: { type: 'bucket', bucketIds: [BUCKET], collectionIds: [] },
      featureExtractor: { featureExtractorName: 'text_extractor', version: 'v1', parameters: {}, inputMappings: { text: 'content' } },
      vectorIndexes: [{ name: 'text_extractor_v1_embedding', dimensions: 384, distance: 'cosine' }],
      enabled: true,
      metadata: {},
      createdAt: now,
      updatedAt: now,
    };
    await store.collections.create(collection);
  }
  return { store, storage: new InMemoryObjectStorage(), tasks: new InMemoryTaskStore(), vectors: new InMemoryVectorStore(), clock };
}

let batchSeq = 0;

/**
 * A QUEUED batch as SubmitBatch (libs/api-use-cases/src/batches/submit-batch.ts) leaves it: the manifest in object
 * storage, a PENDING task, and tier 0 over the bucket's collections with its chunk count fixed.
 */
async function queuedBatch(
  w: World,
  objectCount: number,
  collectionIds: string[] = COLLECTIONS,
  laterTiers: string[][] = [],
  policy?: BatchPolicy,
  /** Tier 0's recorded items per message (as SubmitBatch records it); left out: a tier recorded before sizes were stored. */
  chunkSize?: number,
): Promise<{ batchId: string; taskId: string; objectIds: string[] }> {
  batchSeq += 1;
  const batchId = `btch_poller${String(batchSeq).padStart(6, '0')}`;
  const taskId = `task_poller${String(batchSeq).padStart(14, '0')}`;
  const objectIds = Array.from({ length: objectCount }, (_, i) => `obj_${batchSeq}x${String(i).padStart(18, '0')}`);
  const now = w.clock.iso();
  const draft: NewBatch = draftBatch({ namespaceId: NS, bucketId: BUCKET, batchId, objectIds, now: now });
  await w.store.batches.create(draft);
  const manifestKey = `${NS}/batches/${batchId}/manifest.json`;
  const manifest = {
    version: 1,
    batch_id: batchId,
    namespace_id: NS,
    bucket_id: BUCKET,
    tiers: [{ tier: 0, source_type: 'bucket', collection_ids: collectionIds }],
    object_ids: objectIds,
  };
  await w.storage.put(manifestKey, Buffer.from(JSON.stringify(manifest)), 'application/json');
  const task: Task = {
    taskId,
    taskType: 'api_buckets_batches_submit',
    status: 'PENDING',
    inputs: [batchId],
    outputs: null,
    additionalData: { batch_id: batchId },
    error: null,
    createdAt: now,
    updatedAt: now,
  };
  await w.tasks.create(task);
  const submitted = await w.store.batches.submit(NS, batchId, {
    from: 'DRAFT',
    to: 'QUEUED',
    taskId,
    manifestKey,
    dagTiers: [collectionIds, ...laterTiers],
    tiers: [
      ...laterTiers.map((ids, i) => (pendingTier({ batchId, tier: i + 1, collectionIds: ids, totalItems: 0, totalChunks: 0 }))),
      pendingTier({
        batchId,
        tier: 0,
        collectionIds,
        totalItems: objectCount * collectionIds.length,
        totalChunks: Math.ceil(objectCount / (chunkSize ?? CHUNK)) * collectionIds.length,
        chunkSize: chunkSize ?? null,
      }),
    ],
    includeProcessingHistory: false,
    ...(policy === undefined ? {} : { policy }),
    submittedAt: now,
  });
  expect(submitted).toBe(true);
  return { batchId, taskId, objectIds };
}

function coordinator(w: World, owner: string, publisher: RecordingPublisher, options: Partial<CoordinatorOptions> = {}): BatchCoordinator {
  return new BatchCoordinator(
    { metadata: w.store, objects: w.storage, vectors: w.vectors, tasks: w.tasks, work: publisher, events: publisher, clock: w.clock, logger: silentLogger },
    { owner, leaseMs: LEASE_MS, namespaceIds: null, workChunkSize: CHUNK, minTierMessages: 1, maxHeldBatches: 4, publishWindow: 2, ...options },
  );
}

const bounded = { timeoutMs: 2_000, intervalMs: 1 };

async function tier0(w: World, batchId: string) {
  const [tier] = await w.store.batches.getTiers(batchId);
  if (tier === undefined) throw new Error(`batch ${batchId} has no tier 0`);
  return tier;
}

async function batchOf(w: World, batchId: string): Promise<Batch> {
  const batch = await w.store.batches.find(NS, batchId);
  if (batch === null) throw new Error(`batch ${batchId} not found`);
  return batch;
}

async function published(w: World, batchId: string): Promise<void> {
  await waitFor(async () => {
    const t = await tier0(w, batchId);
    return t.publishedChunks === t.totalChunks;
  }, { ...bounded, description: `every chunk of ${batchId} published` });
}

async function finished(w: World, batchId: string): Promise<Batch> {
  return waitFor(async () => {
    const b = await batchOf(w, batchId);
    return b.status !== 'PROCESSING' && b.status !== 'QUEUED' ? b : undefined;
  }, { ...bounded, description: `${batchId} finished` });
}

/** Lets every pending promise chain settle (the fakes resolve on microtasks). Not a timed sleep. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function outcomes(objectIds: string[], collectionId: string, status: ItemOutcome['status']): ItemOutcome[] {
  return objectIds.map((itemId) =>
    status === 'COMPLETED'
      ? { itemId, collectionId, status, documentsWritten: 1 }
      : { itemId, collectionId, status, documentsWritten: 0, error: { category: 'runtime', message: 'boom', stage: 'extract' } },
  );
}

const ids = (items: WorkItemV1[]): string[] => items.map(workItemMessageId);

describe('BatchCoordinator', () => {
  it('claims a QUEUED batch, starts it and publishes ceil(n/chunkSize) work items per collection', async () => {
    const w = await world();
    const { batchId, taskId, objectIds } = await queuedBatch(w, 7);
    const publisher = new RecordingPublisher();
    const a = coordinator(w, 'poller-a', publisher);

    expect(await a.claimAvailable()).toBe(1);

    const batch = await batchOf(w, batchId);
    expect(batch).toMatchObject({ status: 'PROCESSING', lease: { owner: 'poller-a', expiresAt: w.clock.now() + LEASE_MS }, startedAt: w.clock.iso() });
    expect(a.heldBatchIds()).toEqual([batchId]);
    expect(await w.tasks.get(taskId)).toMatchObject({ status: 'PROCESSING', updatedAt: w.clock.iso() });
    expect(publisher.eventsOf('batch.processing')).toEqual([
      expect.objectContaining({ namespace_id: NS, subject: { type: 'batch', id: batchId }, metadata: expect.objectContaining({ status: 'PROCESSING', task_id: taskId }) }),
    ]);

    await published(w, batchId);
    const expected = COLLECTIONS.flatMap((collectionId) =>
      [0, 1, 2].map((chunk) => ({
        schema: 'strata.work-item',
        version: 1,
        batch_id: batchId,
        namespace_id: NS,
        bucket_id: BUCKET,
        tier: 0,
        collection_id: collectionId,
        extractor: 'text_extractor@v1',
        chunk,
        item_ids: objectIds.slice(chunk * CHUNK, (chunk + 1) * CHUNK),
      })),
    );
    expect(publisher.workItems()).toEqual(expected);
    expect(publisher.work.every((sent) => sent.correlationId === batchId)).toBe(true);
    expect(publisher.workItems().map((i) => i.item_ids.length)).toEqual([3, 3, 1, 3, 3, 1]);
    expect(await tier0(w, batchId)).toMatchObject({ status: 'PROCESSING', publishedChunks: 6, totalChunks: 6, startedAt: w.clock.iso() });
    expect((await batchOf(w, batchId)).currentTier).toBe(0);
    await a.stop();
  });

  it('lets only one of two pollers claim a batch', async () => {
    const w = await world();
    const { batchId } = await queuedBatch(w, 4);
    const pa = new RecordingPublisher();
    const pb = new RecordingPublisher();
    const a = coordinator(w, 'poller-a', pa);
    const b = coordinator(w, 'poller-b', pb);

    const claims = await Promise.all([a.claimAvailable(), b.claimAvailable()]);

    expect([...claims].sort()).toEqual([0, 1]);
    const winner = claims[0] === 1 ? 'poller-a' : 'poller-b';
    expect((await batchOf(w, batchId)).lease?.owner).toBe(winner);
    expect([...a.heldBatchIds(), ...b.heldBatchIds()]).toEqual([batchId]);
    await published(w, batchId);
    await settle();
    expect(pa.work.length + pb.work.length).toBe(4);
    expect([...pa.eventTypes(), ...pb.eventTypes()].filter((t) => t === 'batch.processing')).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('claims only batches of its namespaces and no more than maxHeldBatches', async () => {
    const w = await world();
    await queuedBatch(w, 1);
    await queuedBatch(w, 1);
    const elsewhere = coordinator(w, 'poller-x', new RecordingPublisher(), { namespaceIds: ['ns_someoneelse00001'] });
    expect(await elsewhere.claimAvailable()).toBe(0);
    const small = coordinator(w, 'poller-s', new RecordingPublisher(), { namespaceIds: [NS], maxHeldBatches: 1 });
    expect(await small.claimAvailable()).toBe(1);
    expect(await small.claimAvailable()).toBe(0);
    await small.stop();
  });

  describe('when every item has an outcome', () => {
    const cases: Array<{ name: string; failedCollections: string[]; status: BatchStatus; succeeded: number; failed: number }> = [
      { name: 'all succeeded', failedCollections: [], status: 'COMPLETED', succeeded: 8, failed: 0 },
      { name: 'some failed', failedCollections: [COLLECTIONS[1] as string], status: 'COMPLETED_WITH_ERRORS', succeeded: 4, failed: 4 },
      { name: 'all failed', failedCollections: COLLECTIONS, status: 'FAILED', succeeded: 0, failed: 8 },
    ];
    for (const c of cases) {
      it(`${c.name}: finishes the batch ${c.status} and updates its task`, async () => {
        const w = await world();
        const { batchId, taskId, objectIds } = await queuedBatch(w, 4);
        const publisher = new RecordingPublisher();
        const a = coordinator(w, 'poller-a', publisher);
        await a.claimAvailable();
        await published(w, batchId);

        // All but the last item: the tier is not drained, nothing finishes.
        const all = COLLECTIONS.flatMap((col) => outcomes(objectIds, col, c.failedCollections.includes(col) ? 'FAILED' : 'COMPLETED'));
        await w.store.batches.recordOutcomes(batchId, 0, all.slice(0, -1), w.clock.iso());
        a.onTierDrained(batchId);
        await settle();
        expect((await batchOf(w, batchId)).status).toBe('PROCESSING');
        expect((await tier0(w, batchId)).status).toBe('PROCESSING');

        w.clock.advance(5_000);
        await w.store.batches.recordOutcomes(batchId, 0, all.slice(-1), w.clock.iso());
        a.onTierDrained(batchId);
        const batch = await finished(w, batchId);

        const tierStatus = c.status;
        expect(batch).toMatchObject({ status: c.status, lease: null, completedAt: w.clock.iso() });
        expect(batch.error).toBe(c.failed > 0 ? `${c.failed} of 8 items failed; see failed documents for each error` : null);
        expect(await tier0(w, batchId)).toMatchObject({ status: tierStatus, succeededItems: c.succeeded, failedItems: c.failed, completedAt: w.clock.iso() });
        await waitFor(async () => (await w.tasks.get(taskId))?.status === c.status, { ...bounded, description: 'task updated' });
        expect(await w.tasks.get(taskId)).toMatchObject({
          status: c.status,
          error: batch.error,
          outputs: [{ batch_id: batchId, succeeded_items: c.succeeded, failed_items: c.failed, total_items: 8 }],
          updatedAt: w.clock.iso(),
        });
        await waitFor(() => publisher.events.length === 3, { ...bounded, description: 'terminal event' });
        const terminal = { COMPLETED: 'batch.completed', COMPLETED_WITH_ERRORS: 'batch.completed_with_errors', FAILED: 'batch.failed' } as const;
        expect(publisher.eventTypes()).toEqual(['batch.processing', 'batch.tier.completed', terminal[c.status as keyof typeof terminal]]);
        expect(publisher.eventsOf('batch.tier.completed')[0]?.metadata).toMatchObject({
          tier: 0,
          status: tierStatus,
          total_items: 8,
          succeeded_items: c.succeeded,
          failed_items: c.failed,
        });
        expect(a.heldBatchIds()).toEqual([]);
        await a.stop();
      });
    }
  });

  it('hands a batch over on stop: the next poller resumes publishing where the last stopped', async () => {
    const w = await world();
    const { batchId, taskId } = await queuedBatch(w, 7);
    const pa = new RecordingPublisher();
    const a = coordinator(w, 'poller-a', pa, { publishWindow: 1 });

    pa.pauseWork();
    await a.claimAvailable();
    await waitFor(() => pa.heldWork === 1, { ...bounded, description: 'chunk 0 at the bus' });
    pa.resumeWork();
    pa.pauseWork();
    await waitFor(() => pa.work.length === 1 && pa.heldWork === 1, { ...bounded, description: 'chunk 1 at the bus' });

    // Shut down while chunk 1 is on its way: it completes, nothing more is published.
    const stopping = a.stop();
    pa.resumeWork();
    await stopping;

    expect(pa.workItems().map((i) => [i.collection_id, i.chunk])).toEqual([
      [COLLECTIONS[0], 0],
      [COLLECTIONS[0], 1],
    ]);
    expect(await tier0(w, batchId)).toMatchObject({ publishedChunks: 2, status: 'PROCESSING' });
    expect((await batchOf(w, batchId)).lease).toEqual({ owner: 'poller-a', expiresAt: 0 });
    expect(a.heldBatchIds()).toEqual([]);

    const pb = new RecordingPublisher();
    const b = coordinator(w, 'poller-b', pb, { publishWindow: 1 });
    const claim = jest.spyOn(w.store.batches, 'claimNext');
    expect(await b.claimAvailable()).toBe(1);
    await expect(claim.mock.results[0]?.value as Promise<ClaimedBatch | null>).resolves.toMatchObject({ takeover: true });
    await published(w, batchId);

    expect(pb.workItems().map((i) => [i.collection_id, i.chunk])).toEqual([
      [COLLECTIONS[0], 2],
      [COLLECTIONS[1], 0],
      [COLLECTIONS[1], 1],
      [COLLECTIONS[1], 2],
    ]);
    const all = [...ids(pa.workItems()), ...ids(pb.workItems())];
    expect(new Set(all).size).toBe(6);
    expect(all).toHaveLength(6);
    // A takeover does not start the batch again.
    expect(pb.eventsOf('batch.processing')).toEqual([]);
    expect((await batchOf(w, batchId)).lease?.owner).toBe('poller-b');
    expect((await w.tasks.get(taskId))?.status).toBe('PROCESSING');
    await b.stop();
  });

  it('takes over a batch whose lease expired, and only once it has', async () => {
    const w = await world();
    const { batchId } = await queuedBatch(w, 4);
    const a = coordinator(w, 'poller-a', new RecordingPublisher());
    await a.claimAvailable();
    await published(w, batchId);

    const pb = new RecordingPublisher();
    const b = coordinator(w, 'poller-b', pb);
    w.clock.advance(LEASE_MS);
    expect(await b.claimAvailable()).toBe(0); // expires now, not yet expired

    w.clock.advance(1);
    const claim = jest.spyOn(w.store.batches, 'claimNext');
    expect(await b.claimAvailable()).toBe(1);
    const claimed = await (claim.mock.results[0]?.value as Promise<ClaimedBatch | null>);
    expect(claimed).toMatchObject({ takeover: true, previousOwner: 'poller-a', batch: { batchId, status: 'PROCESSING', lease: { owner: 'poller-b' } } });
    expect(b.heldBatchIds()).toEqual([batchId]);
    await settle();
    // Everything was published already: the new holder publishes nothing again.
    expect(pb.work).toEqual([]);
    expect(pb.eventsOf('batch.processing')).toEqual([]);

    // The old holder learns at its next heartbeat that the batch is not its own any more.
    await a.heartbeat();
    expect(a.heldBatchIds()).toEqual([]);
    await b.heartbeat();
    expect(b.heldBatchIds()).toEqual([batchId]);
    expect((await batchOf(w, batchId)).lease).toEqual({ owner: 'poller-b', expiresAt: w.clock.now() + LEASE_MS });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('heartbeat renews the lease so a live poller keeps its batch', async () => {
    const w = await world();
    const { batchId } = await queuedBatch(w, 1);
    const a = coordinator(w, 'poller-a', new RecordingPublisher());
    const b = coordinator(w, 'poller-b', new RecordingPublisher());
    await a.claimAvailable();
    for (let i = 0; i < 5; i += 1) {
      w.clock.advance(LEASE_MS / 2);
      await a.heartbeat();
      expect(await b.claimAvailable()).toBe(0);
    }
    expect((await batchOf(w, batchId)).lease?.owner).toBe('poller-a');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('retries publishing after the bus failed, at the next heartbeat', async () => {
    const w = await world();
    const { batchId } = await queuedBatch(w, 7);
    const publisher = new RecordingPublisher();
    const a = coordinator(w, 'poller-a', publisher, { publishWindow: 1 });
    publisher.failNext(1, { kind: 'work' });

    await a.claimAvailable();
    await settle();
    expect(publisher.failedAttempts).toBe(1);
    expect((await tier0(w, batchId)).publishedChunks).toBe(0);

    await a.heartbeat();
    await published(w, batchId);
    expect(new Set(ids(publisher.workItems())).size).toBe(6);
    await a.stop();
  });

  it('recordExhausted marks the items of a dead message failed and finishes a drained batch', async () => {
    const w = await world();
    const { batchId, objectIds } = await queuedBatch(w, 3, [COLLECTIONS[0] as string]);
    const publisher = new RecordingPublisher();
    const a = coordinator(w, 'poller-a', publisher);
    await a.claimAvailable();
    await published(w, batchId);
    const [item] = publisher.workItems();
    if (item === undefined) throw new Error('no work item published');

    expect(await a.recordExhausted(item, 5)).toBe(3);

    expect(w.store.batches.recordedItems(batchId)).toEqual(
      objectIds.map((itemId) =>
        expect.objectContaining({
          itemId,
          collectionId: COLLECTIONS[0],
          status: 'FAILED',
          documentsWritten: 0,
          error: {
            category: 'runtime',
            stage: 'delivery',
            message: 'no worker settled this item in 5 deliveries (the worker crashed or timed out on every attempt)',
          },
        }),
      ),
    );
    expect(await a.recordExhausted(item, 5)).toBe(0);
    const batch = await finished(w, batchId);
    expect(batch.status).toBe('FAILED');
    expect(await tier0(w, batchId)).toMatchObject({ status: 'FAILED', failedItems: 3, errorSummary: { runtime: 3 } });
    await a.stop();
  });

  it('lets go of a batch canceled while it holds it', async () => {
    const w = await world();
    const { batchId } = await queuedBatch(w, 2);
    const a = coordinator(w, 'poller-a', new RecordingPublisher());
    await a.claimAvailable();
    await published(w, batchId);
    expect(await w.store.batches.changeStatus(batchId, { from: 'PROCESSING', to: 'CANCELED', owner: null, now: w.clock.iso() })).toBe(true);
    await a.heartbeat();
    await settle();
    expect(a.heldBatchIds()).toEqual([]);
    await a.stop();
  });

  describe('tiers', () => {
    const DERIVED = 'col_pollerd004';

    async function derived(w: World): Promise<void> {
      const now = w.clock.iso();
      await w.store.collections.create({
        namespaceId: NS,
        collectionId: DERIVED,
        collectionName: 'derived',
        description: null,
        source: { type: 'collection', bucketIds: [], collectionIds: [COLLECTIONS[0] as string] },
        featureExtractor: { featureExtractorName: 'text_extractor', version: 'v1', parameters: {}, inputMappings: { text: 'text' } },
        vectorIndexes: [],
        enabled: true,
        metadata: {},
        createdAt: now,
        updatedAt: now,
      });
    }

    async function writeDocs(w: World, batchId: string, collectionId: string, count: number): Promise<string[]> {
      const now = w.clock.iso();
      const docs = Array.from({ length: count }, (_, i) => ({
        namespaceId: NS,
        collectionId,
        documentId: `doc_${collectionId.slice(4)}${batchId.slice(-4)}${String(i).padStart(8, '0')}`,
        objectId: 'obj_x',
        batchId,
        featureExtractorId: 'text_extractor_v1',
        payload: { text: `t${i}` },
        lineage: { rootObjectId: 'obj_x', rootBucketId: BUCKET, sourceType: 'bucket' as const, sourceObjectId: 'obj_x', sourceDocumentId: null, path: '' },
        processingHistory: [],
        createdAt: now,
        updatedAt: now,
      }));
      await w.store.documents.upsertMany(docs);
      return docs.map((d) => d.documentId).sort();
    }

    it('starts tier 1 only when tier 0 finished, over the documents tier 0 wrote in this batch, with totals set at start', async () => {
      const w = await world();
      await derived(w);
      const { batchId, objectIds } = await queuedBatch(w, 4, [COLLECTIONS[0] as string], [[DERIVED]]);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);
      await a.claimAvailable();
      await published(w, batchId);
      await settle();
      expect(publisher.work.every(({ item }) => item.tier === 0)).toBe(true);
      expect((await w.store.batches.getTiers(batchId))[1]).toMatchObject({ status: 'PENDING', totalItems: 0 });

      const written = await writeDocs(w, batchId, COLLECTIONS[0] as string, 7);
      await writeDocs(w, 'btch_someoneelse', COLLECTIONS[0] as string, 2); // another batch's: not this tier's input
      await w.store.batches.recordOutcomes(batchId, 0, outcomes(objectIds, COLLECTIONS[0] as string, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      await waitFor(async () => (await w.store.batches.getTiers(batchId))[1]?.publishedChunks === 3, { ...bounded, description: 'tier 1 published' });

      const [t0, t1] = await w.store.batches.getTiers(batchId);
      expect(t0?.status).toBe('COMPLETED');
      expect(t1).toMatchObject({ status: 'PROCESSING', totalItems: 7, totalChunks: 3 });
      const tier1 = publisher.work.map(({ item }) => item).filter((item) => item.tier === 1);
      expect(tier1.map((i) => i.chunk)).toEqual([0, 1, 2]);
      expect(tier1.every((i) => i.collection_id === DERIVED && i.extractor === 'text_extractor@v1')).toBe(true);
      expect(tier1.flatMap((i) => i.item_ids)).toEqual(written);
      expect(JSON.parse((await w.storage.get(`${NS}/batches/${batchId}/tier-1.json`)).toString('utf8'))).toMatchObject({
        tier: 1,
        groups: [{ collection_id: DERIVED, item_ids: written }],
      });

      await w.store.batches.recordOutcomes(batchId, 1, outcomes(written, DERIVED, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      const done = await finished(w, batchId);
      expect(done.status).toBe('COMPLETED');
    });

    it('runs tier 1 also over the documents of sources skipped as unchanged (written by an earlier batch), not over failed ones', async () => {
      const w = await world();
      await derived(w);
      const { batchId, objectIds } = await queuedBatch(w, 3, [COLLECTIONS[0] as string], [[DERIVED]]);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);
      await a.claimAvailable();
      await published(w, batchId);
      // Documents an earlier batch wrote from each object (tier 0 of this batch skips two of them).
      const now = w.clock.iso();
      const earlier = objectIds.map((objectId, i) => ({
        namespaceId: NS,
        collectionId: COLLECTIONS[0] as string,
        documentId: `doc_earlier${String(i).padStart(9, '0')}`,
        objectId,
        batchId: 'btch_earlier00000',
        featureExtractorId: 'text_extractor_v1',
        payload: { text: `t${i}` },
        lineage: { rootObjectId: objectId, rootBucketId: BUCKET, sourceType: 'bucket' as const, sourceObjectId: objectId, sourceDocumentId: null, path: '' },
        processingHistory: [],
        createdAt: now,
        updatedAt: now,
      }));
      await w.store.documents.upsertMany(earlier);
      const [skipped1, skipped2, failed] = objectIds as [string, string, string];
      await w.store.batches.recordOutcomes(
        batchId,
        0,
        [
          { itemId: skipped1, collectionId: COLLECTIONS[0] as string, status: 'COMPLETED', documentsWritten: 0, skipped: true },
          { itemId: skipped2, collectionId: COLLECTIONS[0] as string, status: 'COMPLETED', documentsWritten: 0, skipped: true },
          ...outcomes([failed], COLLECTIONS[0] as string, 'FAILED'),
        ],
        w.clock.iso(),
      );
      a.onTierDrained(batchId);
      await waitFor(async () => (await w.store.batches.getTiers(batchId))[1]?.status === 'PROCESSING', { ...bounded, description: 'tier 1 started' });
      const tier1 = publisher.work.map(({ item }) => item).filter((item) => item.tier === 1);
      // The unchanged sources' documents (the failed source's old document is not this batch's input).
      expect(tier1.flatMap((i) => i.item_ids).sort()).toEqual(['doc_earlier000000000', 'doc_earlier000000001']);
      expect((await w.store.batches.getTiers(batchId))[1]).toMatchObject({ totalItems: 2 });
    });

    it('completes a later tier with nothing to do when the tier before wrote no documents', async () => {
      const w = await world();
      await derived(w);
      const { batchId, objectIds } = await queuedBatch(w, 2, [COLLECTIONS[0] as string], [[DERIVED]]);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);
      await a.claimAvailable();
      await published(w, batchId);
      await w.store.batches.recordOutcomes(batchId, 0, outcomes(objectIds, COLLECTIONS[0] as string, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      const done = await finished(w, batchId);
      expect(done.status).toBe('COMPLETED');
      expect((await w.store.batches.getTiers(batchId))[1]).toMatchObject({ status: 'COMPLETED', totalItems: 0 });
      expect(publisher.work.map(({ item }) => item).filter((i) => i.tier === 1)).toEqual([]);
    });

    it('a retried batch republishes only the retried items of tier 0, then tier 1 over the documents they newly wrote', async () => {
      const w = await world();
      await derived(w);
      const source = COLLECTIONS[0] as string;
      const { batchId, objectIds } = await queuedBatch(w, 5, [source], [[DERIVED]]);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);
      await a.claimAvailable();
      await published(w, batchId);
      const [ok1, ok2, ok3, bad1, bad2] = objectIds as [string, string, string, string, string];
      const firstDocs = await writeDocs(w, batchId, source, 3);
      await w.store.batches.recordOutcomes(batchId, 0, [...outcomes([ok1, ok2, ok3], source, 'COMPLETED'), ...outcomes([bad1, bad2], source, 'FAILED')], w.clock.iso());
      a.onTierDrained(batchId);
      await waitFor(async () => (await w.store.batches.getTiers(batchId))[1]?.status === 'PROCESSING', { ...bounded, description: 'tier 1 started' });
      await w.store.batches.recordOutcomes(batchId, 1, outcomes(firstDocs, DERIVED, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      expect((await finished(w, batchId)).status).toBe('COMPLETED_WITH_ERRORS');
      const firstRun = publisher.work.length;

      // What RetryBatch (libs/api-use-cases) writes: the two failures go, both tiers reopen, QUEUED.
      const reopened = await w.store.batches.reopenForRetry(NS, batchId, {
        from: 'COMPLETED_WITH_ERRORS',
        to: 'QUEUED',
        items: [bad1, bad2].map((itemId) => ({ tier: 0, collectionId: source, itemId })),
        reopenTiers: [0, 1],
        now: w.clock.iso(),
      });
      expect(reopened).toBe(true);
      expect(await a.claimAvailable()).toBe(1);
      await waitFor(async () => (await tier0(w, batchId)).status === 'PROCESSING', { ...bounded, description: 'tier 0 retry started' });
      await published(w, batchId);
      expect(await tier0(w, batchId)).toMatchObject({ retryRound: 1, totalItems: 5, succeededItems: 3, failedItems: 0, totalChunks: 1 });
      const retry0 = publisher.work.slice(firstRun).map(({ item }) => item);
      expect(retry0.map((i) => [i.tier, i.retry_round, i.item_ids])).toEqual([[0, 1, [bad1, bad2]]]);
      expect(ids(retry0)).toEqual([`${batchId}.0.${source}.0.r1`]);
      // A progress read while the retry runs: nothing is counted failed twice.
      expect((await batchOf(w, batchId)).status).toBe('PROCESSING');

      const newDoc = (await writeDocs(w, batchId, source, 4)).filter((id) => !firstDocs.includes(id));
      await w.store.batches.recordOutcomes(batchId, 0, outcomes([bad1, bad2], source, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      await waitFor(async () => (await w.store.batches.getTiers(batchId))[1]?.status === 'PROCESSING', { ...bounded, description: 'tier 1 retry started' });
      await waitFor(async () => {
        const t = (await w.store.batches.getTiers(batchId))[1];
        return t !== undefined && t.publishedChunks === t.totalChunks;
      }, { ...bounded, description: 'tier 1 retry published' });
      expect((await w.store.batches.getTiers(batchId))[1]).toMatchObject({ retryRound: 1, totalItems: 4, succeededItems: 3, totalChunks: 1 });
      const retry1 = publisher.work.slice(firstRun).map(({ item }) => item).filter((i) => i.tier === 1);
      expect(retry1.flatMap((i) => i.item_ids)).toEqual(newDoc);
      await w.store.batches.recordOutcomes(batchId, 1, outcomes(newDoc, DERIVED, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      expect((await finished(w, batchId)).status).toBe('COMPLETED');
      const events = publisher.events.map((e) => e.event.event_type);
      expect(events.filter((t) => t === 'batch.processing')).toHaveLength(2);
      expect(events).toContain('batch.completed');
    });

    it('cuts each tier with the size recorded when its chunks were counted, not with its own setting (ADR 0105)', async () => {
      const w = await world();
      await derived(w);
      const source = COLLECTIONS[0] as string;
      // Tier 0 counted at submit by a batch-api whose messages hold 4 items; this poller's hold 3.
      const { batchId, objectIds } = await queuedBatch(w, 10, [source], [[DERIVED]], undefined, 4);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher, { minTierMessages: 4 });
      await a.claimAvailable();
      await published(w, batchId);
      const tier0Items = publisher.work.map(({ item }) => item).filter((i) => i.tier === 0);
      expect(tier0Items.map((i) => i.item_ids.length)).toEqual([4, 4, 2]);
      expect(tier0Items.flatMap((i) => i.item_ids)).toEqual(objectIds);
      expect(await tier0(w, batchId)).toMatchObject({ totalChunks: 3, publishedChunks: 3, chunkSize: 4 });

      // Tier 1 is counted by this poller: 7 documents in at least 4 messages of at most 3 -> 2 each.
      const written = await writeDocs(w, batchId, source, 7);
      await w.store.batches.recordOutcomes(batchId, 0, outcomes(objectIds, source, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      await waitFor(async () => (await w.store.batches.getTiers(batchId))[1]?.publishedChunks === 4, { ...bounded, description: 'tier 1 published' });
      expect((await w.store.batches.getTiers(batchId))[1]).toMatchObject({ totalItems: 7, totalChunks: 4, chunkSize: 2 });
      const tier1Items = publisher.work.map(({ item }) => item).filter((i) => i.tier === 1);
      expect(tier1Items.map((i) => i.item_ids.length)).toEqual([2, 2, 2, 1]);
      expect(tier1Items.flatMap((i) => i.item_ids)).toEqual(written);
      await a.stop();
    });

    it('a poller taking over a started tier publishes the persisted plan, not a new one', async () => {
      const w = await world();
      await derived(w);
      const { batchId, objectIds } = await queuedBatch(w, 2, [COLLECTIONS[0] as string], [[DERIVED]]);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher, { publishWindow: 1 });
      await a.claimAvailable();
      await published(w, batchId);
      const written = await writeDocs(w, batchId, COLLECTIONS[0] as string, 5);
      await w.store.batches.recordOutcomes(batchId, 0, outcomes(objectIds, COLLECTIONS[0] as string, 'COMPLETED'), w.clock.iso());
      a.onTierDrained(batchId);
      await waitFor(async () => (await w.store.batches.getTiers(batchId))[1]?.publishedChunks === 2, { ...bounded, description: 'tier 1 published' });
      await a.stop();
      // Documents written after the tier started (e.g. a late redelivery elsewhere) do not change its plan.
      await writeDocs(w, batchId, COLLECTIONS[0] as string, 9);
      await w.store.batches.recordPublished(batchId, 1, 0);
      const b = coordinator(w, 'poller-b', publisher);
      expect(await b.claimAvailable()).toBe(1);
      await settle();
      expect((await w.store.batches.getTiers(batchId))[1]).toMatchObject({ totalItems: 5, totalChunks: 2 });
      const items = publisher.work.map(({ item }) => item).filter((i) => i.tier === 1).flatMap((i) => i.item_ids);
      expect(new Set(items)).toEqual(new Set(written));
      await b.stop();
    });
  });

  describe('documents of objects deleted from the bucket', () => {
    const DOWNSTREAM = 'col_pollerc003';

    /** Objects `kept` and `gone`, each with a document (row and vector) in COLLECTIONS[0], and `gone`'s in a downstream collection. */
    async function indexed(w: World, downstreamEnabled = true): Promise<{ kept: string; gone: string; docs: Record<string, [string, string]> }> {
      const now = w.clock.iso();
      const [kept, gone] = ['obj_keptkeptkeptkeptkept', 'obj_gonegonegonegonegone'] as const;
      for (const objectId of [kept, gone]) {
        await w.store.objects.create({ namespaceId: NS, bucketId: BUCKET, objectId, keyPrefix: null, metadata: {}, blobs: [], createdAt: now, updatedAt: now });
      }
      const [first] = await w.store.collections.findMany(NS, [COLLECTIONS[0] as string]);
      await w.store.collections.create({
        ...(first as Collection),
        collectionId: DOWNSTREAM,
        collectionName: 'downstream',
        source: { type: 'collection', bucketIds: [], collectionIds: [COLLECTIONS[0] as string] },
        enabled: downstreamEnabled,
      });
      const docs: Record<string, [string, string]> = {
        doc_kept: [COLLECTIONS[0] as string, kept],
        doc_gone: [COLLECTIONS[0] as string, gone],
        doc_gone_down: [DOWNSTREAM, gone],
      };
      await w.vectors.ensureIndex({ name: 'text_extractor_v1_embedding', dimensions: 3, distance: 'cosine' });
      for (const [documentId, [collectionId, objectId]] of Object.entries(docs)) {
        await w.store.documents.upsertMany([
          {
            namespaceId: NS, collectionId, documentId, objectId, batchId: 'btch_earlier', featureExtractorId: 'text_extractor_v1', payload: {},
            processingHistory: [], createdAt: now, updatedAt: now,
            lineage: { rootObjectId: objectId, rootBucketId: BUCKET, sourceType: 'bucket', sourceObjectId: objectId, sourceDocumentId: null, path: 'p' },
          },
        ]);
        await w.vectors.upsert([{ id: documentId, namespaceId: NS, collectionId, vectors: { text_extractor_v1_embedding: Float32Array.from([1, 0, 0]) }, payload: {} }]);
      }
      return { kept, gone, docs };
    }

    async function runToEnd(w: World, publisher: RecordingPublisher): Promise<{ taskId: string }> {
      const { batchId, taskId, objectIds } = await queuedBatch(w, 2);
      const a = coordinator(w, `poller-${batchId}`, publisher);
      await a.claimAvailable();
      await published(w, batchId);
      await w.store.batches.recordOutcomes(batchId, 0, COLLECTIONS.flatMap((c) => outcomes(objectIds, c, 'COMPLETED')), w.clock.iso());
      a.onTierDrained(batchId);
      await finished(w, batchId);
      await waitFor(async () => (await w.tasks.get(taskId))?.outputs !== null, { ...bounded, description: 'task outputs' });
      await a.stop();
      return { taskId };
    }

    it('deletes them from both stores when a batch finishes, downstream collections included, and counts them', async () => {
      const w = await world();
      const { kept, gone } = await indexed(w);
      expect(await w.store.objects.delete(NS, BUCKET, gone)).toBe(true);
      const publisher = new RecordingPublisher();

      const { taskId } = await runToEnd(w, publisher);

      expect(await w.store.documents.find(NS, COLLECTIONS[0] as string, 'doc_gone')).toBeNull();
      expect(await w.store.documents.find(NS, DOWNSTREAM, 'doc_gone_down')).toBeNull();
      expect(await w.vectors.get(NS, COLLECTIONS[0] as string, 'doc_gone')).toBeNull();
      expect(await w.vectors.get(NS, DOWNSTREAM, 'doc_gone_down')).toBeNull();
      expect((await w.store.documents.find(NS, COLLECTIONS[0] as string, 'doc_kept'))?.objectId).toBe(kept);
      expect(await w.vectors.get(NS, COLLECTIONS[0] as string, 'doc_kept')).not.toBeNull();
      expect((await w.tasks.get(taskId))?.outputs).toEqual([expect.objectContaining({ deleted_documents: 2 })]);
      await waitFor(() => publisher.eventsOf('batch.completed').length === 1, { ...bounded, description: 'batch.completed' });
      expect(publisher.eventsOf('batch.completed')[0]?.metadata).toMatchObject({ deleted_documents: 2 });
    });

    it('reaches a disabled downstream collection too: its documents derive from the deleted object all the same', async () => {
      const w = await world();
      const { gone } = await indexed(w, false);
      await w.store.objects.delete(NS, BUCKET, gone);
      const { taskId } = await runToEnd(w, new RecordingPublisher());
      expect(await w.store.documents.find(NS, DOWNSTREAM, 'doc_gone_down')).toBeNull();
      expect(await w.vectors.get(NS, DOWNSTREAM, 'doc_gone_down')).toBeNull();
      expect((await w.tasks.get(taskId))?.outputs).toEqual([expect.objectContaining({ deleted_documents: 2 })]);
    });

    it('deletes nothing while the objects exist, and nothing twice', async () => {
      const w = await world();
      const { gone } = await indexed(w);
      const first = await runToEnd(w, new RecordingPublisher());
      expect((await w.tasks.get(first.taskId))?.outputs).toEqual([expect.objectContaining({ deleted_documents: 0 })]);
      expect(await w.vectors.count(NS, COLLECTIONS[0] as string)).toBe(2);

      await w.store.objects.delete(NS, BUCKET, gone);
      const second = await runToEnd(w, new RecordingPublisher());
      const third = await runToEnd(w, new RecordingPublisher());
      expect((await w.tasks.get(second.taskId))?.outputs).toEqual([expect.objectContaining({ deleted_documents: 2 })]);
      expect((await w.tasks.get(third.taskId))?.outputs).toEqual([expect.objectContaining({ deleted_documents: 0 })]);
      expect(await w.vectors.count(NS, COLLECTIONS[0] as string)).toBe(1);
      expect(await w.store.documents.count(NS, DOWNSTREAM)).toBe(0);
    });

    it('keeps a tombstone through the grace period (a late document of the object is still swept), then prunes it', async () => {
      const w = await world();
      const { gone } = await indexed(w);
      await w.store.objects.delete(NS, BUCKET, gone, [], w.clock.iso());
      const late = async (): Promise<void> => {
        const now = w.clock.iso();
        await w.store.documents.upsertMany([
          {
            namespaceId: NS, collectionId: COLLECTIONS[0] as string, documentId: 'doc_gone_late', objectId: gone, batchId: 'btch_late', featureExtractorId: 'text_extractor_v1',
            payload: {}, processingHistory: [], createdAt: now, updatedAt: now,
            lineage: { rootObjectId: gone, rootBucketId: BUCKET, sourceType: 'bucket', sourceObjectId: gone, sourceDocumentId: null, path: 'p' },
          },
        ]);
      };
      const first = await runToEnd(w, new RecordingPublisher());
      expect((await w.tasks.get(first.taskId))?.outputs).toEqual([expect.objectContaining({ deleted_documents: 2 })]);
      // A worker that read the object before its delete writes a document of it after that sweep.
      await late();
      const second = await runToEnd(w, new RecordingPublisher());
      expect((await w.tasks.get(second.taskId))?.outputs).toEqual([expect.objectContaining({ deleted_documents: 1 })]);

      w.clock.advance(TOMBSTONE_GRACE_MS + 1);
      await runToEnd(w, new RecordingPublisher());
      // Pruned by that finish: nothing is left to prune, and a document of the object is no longer an orphan.
      expect(await w.store.documents.pruneTombstones(NS, '2999-01-01T00:00:00.000Z')).toBe(0);
      await late();
      expect(await w.store.documents.listOrphaned(NS, COLLECTIONS[0] as string, 10)).toEqual([]);
    });
  });

  describe('error policy', () => {
    const abort = (maxFailedItems: number | null, maxFailedRatio: number | null): BatchPolicy => ({
      errorPolicy: { onError: 'abort', maxFailedItems, maxFailedRatio },
      force: false,
    });

    it('aborts as FAILED once max_failed_items is crossed, says so in the error, task and event, and fails the open tier', async () => {
      const w = await world();
      const { batchId, taskId, objectIds } = await queuedBatch(w, 6, COLLECTIONS, [], abort(2, null));
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);
      await a.claimAvailable();
      await published(w, batchId);
      const col = COLLECTIONS[0] as string;

      // Two failures: at the threshold, not over it.
      await w.store.batches.recordOutcomes(batchId, 0, outcomes(objectIds.slice(0, 2), col, 'FAILED'), w.clock.iso());
      a.onTierDrained(batchId);
      await settle();
      expect((await batchOf(w, batchId)).status).toBe('PROCESSING');

      await w.store.batches.recordOutcomes(batchId, 0, outcomes(objectIds.slice(2, 3), col, 'FAILED'), w.clock.iso());
      a.onTierDrained(batchId);
      const batch = await finished(w, batchId);

      expect(batch.status).toBe('FAILED');
      expect(batch.error).toBe('aborted: max_failed_items (2) crossed: 3 item(s) failed');
      expect((await tier0(w, batchId)).status).toBe('FAILED');
      expect(await w.tasks.get(taskId)).toMatchObject({ status: 'FAILED', error: batch.error });
      await waitFor(() => publisher.eventTypes().includes('batch.failed'), { ...bounded, description: 'batch.failed' });
      expect(publisher.eventsOf('batch.failed')[0]?.metadata).toMatchObject({ status: 'FAILED', failed_items: 3, error: batch.error });
      expect(a.heldBatchIds()).toEqual([]);
      await a.stop();
    });

    it('aborts on max_failed_ratio over the batch total', async () => {
      const w = await world();
      // 4 objects x 2 collections = 8 items; a ratio of 0.25 allows 2 failures.
      const { batchId, objectIds } = await queuedBatch(w, 4, COLLECTIONS, [], abort(null, 0.25));
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);
      await a.claimAvailable();
      await published(w, batchId);
      await w.store.batches.recordOutcomes(batchId, 0, outcomes(objectIds.slice(0, 3), COLLECTIONS[0] as string, 'FAILED'), w.clock.iso());
      a.onTierDrained(batchId);
      const batch = await finished(w, batchId);
      expect(batch).toMatchObject({ status: 'FAILED', error: 'aborted: max_failed_ratio (0.25) crossed: 3 of 8 items failed (0.375)' });
      await a.stop();
    });

    it('with on_error continue finishes COMPLETED_WITH_ERRORS however many items failed', async () => {
      const w = await world();
      const { batchId, objectIds } = await queuedBatch(w, 4);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);
      await a.claimAvailable();
      await published(w, batchId);
      const all = [...outcomes(objectIds.slice(0, 3), COLLECTIONS[0] as string, 'FAILED'), ...outcomes(objectIds.slice(3), COLLECTIONS[0] as string, 'COMPLETED'), ...outcomes(objectIds, COLLECTIONS[1] as string, 'COMPLETED')];
      await w.store.batches.recordOutcomes(batchId, 0, all, w.clock.iso());
      a.onTierDrained(batchId);
      expect((await finished(w, batchId)).status).toBe('COMPLETED_WITH_ERRORS');
      await a.stop();
    });
  });

  describe('errors while driving a batch', () => {
    it('fails the batch with its reason when a collection is deleted under it (permanent), and stops driving it', async () => {
      const w = await world();
      const { batchId, taskId } = await queuedBatch(w, 4);
      const gone = COLLECTIONS[1] as string;
      expect(await w.store.collections.delete(NS, gone)).toBe(true);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher);

      await a.claimAvailable();
      const batch = await finished(w, batchId);

      const reason = `collection ${gone} of batch ${batchId} no longer exists`;
      expect(batch).toMatchObject({ status: 'FAILED', error: reason });
      expect((await tier0(w, batchId)).status).toBe('FAILED');
      expect(await w.tasks.get(taskId)).toMatchObject({ status: 'FAILED', error: reason });
      await waitFor(() => publisher.eventTypes().includes('batch.failed'), { ...bounded, description: 'batch.failed' });
      expect(publisher.eventsOf('batch.failed')[0]?.metadata).toMatchObject({ status: 'FAILED', error: reason });
      expect(a.heldBatchIds()).toEqual([]);
      await a.stop();
    });

    it('backs a transient failure off per batch (next heartbeat, then doubling) and never fails the batch for it', async () => {
      const w = await world();
      const { batchId } = await queuedBatch(w, 7);
      const publisher = new RecordingPublisher();
      const a = coordinator(w, 'poller-a', publisher, { publishWindow: 1 });
      publisher.failNext(3, { kind: 'work' });

      await a.claimAvailable();
      await waitFor(() => publisher.failedAttempts === 1, { ...bounded, description: 'first failure' });
      // The first failure is retried at the next heartbeat.
      await a.heartbeat();
      await waitFor(() => publisher.failedAttempts === 2, { ...bounded, description: 'second failure' });
      // The second waits STEP_BACKOFF_BASE_MS: a heartbeat before that leaves the batch alone.
      await a.heartbeat();
      await settle();
      expect(publisher.failedAttempts).toBe(2);
      w.clock.advance(STEP_BACKOFF_BASE_MS);
      await a.heartbeat();
      await waitFor(() => publisher.failedAttempts === 3, { ...bounded, description: 'third failure' });
      w.clock.advance(STEP_BACKOFF_BASE_MS);
      await a.heartbeat();
      await settle();
      expect(publisher.failedAttempts).toBe(3);
      w.clock.advance(STEP_BACKOFF_BASE_MS);
      await a.heartbeat();
      await published(w, batchId);

      expect((await batchOf(w, batchId)).status).toBe('PROCESSING');
      expect(new Set(ids(publisher.workItems())).size).toBe(6);
      expect(a.heldBatchIds()).toEqual([batchId]);
      await a.stop();
    });
  });
});
