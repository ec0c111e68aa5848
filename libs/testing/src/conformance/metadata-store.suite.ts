import { AlreadyExistsError, DEFAULT_BATCH_POLICY, BatchTier, Collection, DocumentRecord, ItemOutcome, ProcessingHistoryEntry, NewBatch, newId, draftBatch as draftBatchOf, pendingTier as pendingTierOf } from '@strata/domain';
import type { MetadataStore } from '@strata/ports';
import { resourceConformance } from './metadata-resources.suite';
import { batchPolicyConformance } from './batch-policies.suite';
import { objectDocumentsConformance } from './object-documents.suite';
import { batchLogConformance } from './batch-log.suite';
import { type ListQuerySupport, listQueryConformance } from './list-query.suite';
import { outboxConformance } from './outbox.suite';

/** What a target lacks; tests that need it are skipped there, with the reason in the test name. */
export interface MetadataStoreCapabilities {
  /** The server enforces unique secondary indexes (CongoDB does not: see docs/adr/0031). */
  uniqueIndexes: boolean;
  /** Which list requests the store runs itself (docs/adr/0079); the others answer null. Default `all`. */
  listQuery?: ListQuerySupport;
  /**
   * Objects compare key by key in order, as the reference compares their JSON (MongoDB's BSON
   * comparison does; CongoDB's mingo ignores key order). Default true.
   */
  objectKeyOrder?: boolean;
}

export interface MetadataStoreTarget {
  name: string;
  capabilities: MetadataStoreCapabilities;
  /** Two handles on one store (two processes); `cleanup` removes everything the test wrote. */
  open(): Promise<{ a: MetadataStore; b: MetadataStore; cleanup(): Promise<void> }>;
}

const NOW = '2026-11-29T12:00:00.000Z';
const LATER = '2026-11-30T00:00:00.000Z';

export function draftBatch(namespaceId: string, bucketId: string, objectIds: string[]): NewBatch {
  return draftBatchOf({ namespaceId, bucketId, batchId: newId('batch'), objectIds, now: NOW, metadata: { team: 'x' } });
}

function pendingTier(batchId: string, tier: number, total: number, collectionIds = ['col_aaaaaaaaaa']): BatchTier {
  // Tier 0's chunks are counted at submit (with their size); a later tier's when it starts.
  return pendingTierOf({ batchId, tier, collectionIds, totalItems: total, totalChunks: 3, chunkSize: tier === 0 ? 64 : null });
}

function collection(namespaceId: string, name: string, source: Collection['source'], enabled = true): Collection {
  return {
    namespaceId,
    collectionId: newId('collection'),
    collectionName: name,
    description: null,
    source,
    featureExtractor: { featureExtractorName: 'text_extractor', version: 'v1', parameters: { chunk_size: 2 }, inputMappings: { text: 'content' } },
    vectorIndexes: [{ name: 'text_extractor_v1_embedding', dimensions: 384, distance: 'cosine' }],
    enabled,
    metadata: {},
    createdAt: NOW,
    updatedAt: NOW,
  };
}

const claim = (owner: string, now: number, leaseMs = 1_000, namespaceIds: string[] | null = null) => ({
  owner,
  leaseMs,
  now,
  namespaceIds,
  from: 'QUEUED' as const,
  to: 'PROCESSING' as const,
});

/**
 * The MetadataStore contract, run unchanged against every adapter (docs/adr/0030). Each test
 * makes its own namespace, so targets that share a server (and concurrent runs) do not interfere.
 */
export function metadataStoreConformance(target: MetadataStoreTarget): void {
  describe(`MetadataStore conformance: ${target.name}`, () => {
    let a: MetadataStore;
    let b: MetadataStore;
    let cleanup: () => Promise<void>;
    let ns: string;
    let bucketId: string;
    const uniqueIt = target.capabilities.uniqueIndexes ? it : it.skip;

    beforeEach(async () => {
      ({ a, b, cleanup } = await target.open());
      ns = newId('namespace');
      bucketId = newId('bucket');
      await a.namespaces.create({ namespaceId: ns, namespaceName: `n-${ns}`, description: null, createdAt: NOW, updatedAt: NOW });
      await a.buckets.create({
        namespaceId: ns,
        bucketId,
        bucketName: 'b1',
        description: 'd',
        bucketSchema: { properties: { content: { type: 'text' } } },
        uniqueKey: null,
        metadata: {},
        createdAt: NOW,
        updatedAt: NOW,
      });
    });

    afterEach(async () => {
      await cleanup();
    });

    async function queued(objectIds = ['obj_1', 'obj_2'], tiers = 1, submittedAt = NOW): Promise<NewBatch> {
      const batch = draftBatch(ns, bucketId, objectIds);
      await a.batches.create(batch);
      const ok = await a.batches.submit(ns, batch.batchId, {
        from: 'DRAFT',
        to: 'QUEUED',
        taskId: newId('task'),
        manifestKey: 'm',
        dagTiers: Array.from({ length: tiers }, () => ['col_aaaaaaaaaa']),
        tiers: Array.from({ length: tiers }, (_, t) => pendingTier(batch.batchId, t, objectIds.length)),
        includeProcessingHistory: true,
        submittedAt,
      });
      expect(ok).toBe(true);
      return batch;
    }

    it('ping answers', async () => {
      await expect(a.ping()).resolves.toBeUndefined();
    });

    it('namespaces and buckets are found by id or name; empty objects survive the round trip', async () => {
      expect(await b.namespaces.findByIdOrName(ns)).toMatchObject({ namespaceId: ns, namespaceName: `n-${ns}`, description: null });
      expect(await b.namespaces.findByIdOrName(`n-${ns}`)).toMatchObject({ namespaceId: ns });
      expect(await b.namespaces.findByIdOrName('nope')).toBeNull();
      expect(await b.buckets.findByIdOrName(ns, 'b1')).toEqual({
        namespaceId: ns,
        bucketId,
        bucketName: 'b1',
        description: 'd',
        bucketSchema: { properties: { content: { type: 'text' } } },
        uniqueKey: null,
        metadata: {},
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(await b.buckets.findByIdOrName(ns, bucketId)).not.toBeNull();
    });

    uniqueIt('duplicate names are refused with AlreadyExistsError (needs unique indexes)', async () => {
      await expect(
        b.namespaces.create({ namespaceId: newId('namespace'), namespaceName: `n-${ns}`, description: null, createdAt: NOW, updatedAt: NOW }),
      ).rejects.toBeInstanceOf(AlreadyExistsError);
      await expect(
        b.buckets.create({ namespaceId: ns, bucketId: newId('bucket'), bucketName: 'b1', description: null, bucketSchema: { properties: {} }, metadata: {}, createdAt: NOW, updatedAt: NOW }),
      ).rejects.toBeInstanceOf(AlreadyExistsError);
      const c = collection(ns, 'c1', { type: 'bucket', bucketIds: [bucketId], collectionIds: [] });
      await a.collections.create(c);
      await expect(b.collections.create({ ...c, collectionId: newId('collection') })).rejects.toBeInstanceOf(AlreadyExistsError);
    });

    it('a wrong namespace finds nothing', async () => {
      const batch = await queued();
      await a.objects.create({ namespaceId: ns, bucketId, objectId: 'obj_x', keyPrefix: null, metadata: {}, blobs: [], createdAt: NOW, updatedAt: NOW });
      const other = newId('namespace');
      expect(await a.batches.find(other, batch.batchId)).toBeNull();
      expect(await a.buckets.findByIdOrName(other, bucketId)).toBeNull();
      expect(await a.buckets.findByIdOrName(other, 'b1')).toBeNull();
      expect(await a.objects.find(other, bucketId, 'obj_x')).toBeNull();
      expect(await a.objects.missing(other, bucketId, ['obj_x'])).toEqual(['obj_x']);
      expect(await a.documents.count(other, 'col_aaaaaaaaaa')).toBe(0);
    });

    it('objects: find, findMany and missing, over more ids than one query slice', async () => {
      const ids = Array.from({ length: 1_053 }, (_, i) => `obj_${ns}_${i}`);
      const create = (objectId: string) =>
        a.objects.create({
          namespaceId: ns,
          bucketId,
          objectId,
          keyPrefix: null,
          metadata: { i: objectId },
          blobs: [{ blobId: 'bl', property: 'content', type: 'text', storageKey: 'k', filename: null, mimeType: 'text/plain', sizeBytes: 1, hash: 'sha256:0' }],
          createdAt: NOW,
          updatedAt: NOW,
        });
      for (let i = 0; i < 1_050; i += 50) await Promise.all(ids.slice(i, i + 50).map(create));
      expect(await b.objects.find(ns, bucketId, ids[0] as string)).toMatchObject({ objectId: ids[0], blobs: [{ storageKey: 'k' }] });
      expect(await b.objects.find(ns, 'bkt_other', ids[0] as string)).toBeNull();
      const many = await b.objects.findMany(ns, bucketId, ids);
      expect(many).toHaveLength(1_050);
      expect((await b.objects.missing(ns, bucketId, ids)).sort()).toEqual(ids.slice(1_050).sort());
    }, 60_000);

    it('collections: by id or name, by source bucket or collection, only enabled ones, oldest first', async () => {
      const c1 = collection(ns, 'c1', { type: 'bucket', bucketIds: [bucketId], collectionIds: [] });
      const c2 = { ...collection(ns, 'c2', { type: 'collection', bucketIds: [], collectionIds: [c1.collectionId] }), createdAt: LATER };
      const off = collection(ns, 'off', { type: 'bucket', bucketIds: [bucketId], collectionIds: [] }, false);
      const offDownstream = { ...collection(ns, 'off-c3', { type: 'collection', bucketIds: [], collectionIds: [c1.collectionId] }, false), createdAt: LATER };
      for (const c of [c2, c1, off, offDownstream]) await a.collections.create(c);
      expect(await b.collections.findByIdOrName(ns, 'c1')).toEqual(c1);
      expect(await b.collections.findByIdOrName(ns, c2.collectionId)).toEqual(c2);
      expect((await b.collections.findMany(ns, [c1.collectionId, c2.collectionId, 'col_none'])).map((c) => c.collectionName).sort()).toEqual(['c1', 'c2']);
      expect(await b.collections.findMany(ns, [])).toEqual([]);
      expect((await b.collections.listBySourceBucket(ns, bucketId)).map((c) => c.collectionName)).toEqual(['c1']);
      expect((await b.collections.listBySourceCollections(ns, [c1.collectionId])).map((c) => c.collectionName)).toEqual(['c2']);
      expect((await b.collections.listBySourceCollections(ns, [c1.collectionId], { includeDisabled: true })).map((c) => c.collectionName).sort()).toEqual(['c2', 'off-c3']);
      expect(await b.collections.listBySourceCollections(ns, [])).toEqual([]);
      expect(await b.collections.listBySourceBucket(newId('namespace'), bucketId)).toEqual([]);
    });

    it('collections: list pages oldest first (disabled ones too), update changes only what the patch names, delete takes its documents', async () => {
      const c1 = collection(ns, 'c1', { type: 'bucket', bucketIds: [bucketId], collectionIds: [] });
      const c2 = { ...collection(ns, 'c2', { type: 'collection', bucketIds: [], collectionIds: [c1.collectionId] }, false), createdAt: LATER };
      for (const c of [c2, c1]) await a.collections.create(c);
      expect(await b.collections.list(ns, { offset: 0, limit: 10 })).toEqual({ results: [c1, c2], total: 2 });
      expect(await b.collections.list(ns, { offset: 1, limit: 1 })).toEqual({ results: [c2], total: 2 });
      expect(await b.collections.list(newId('namespace'), { offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });

      const updated = await b.collections.update(ns, c1.collectionId, { description: 'd1', enabled: false, metadata: { k: { v: 1 } } }, LATER);
      expect(updated).toEqual({ ...c1, description: 'd1', enabled: false, metadata: { k: { v: 1 } }, updatedAt: LATER });
      expect(await a.collections.findByIdOrName(ns, 'c1')).toEqual(updated);
      // Disabled, it is no longer tier 0 of the bucket.
      expect(await a.collections.listBySourceBucket(ns, bucketId)).toEqual([]);
      const renamed = await a.collections.update(ns, c1.collectionId, { collectionName: 'c1-renamed', description: null }, LATER);
      expect(renamed).toMatchObject({ collectionName: 'c1-renamed', description: null, enabled: false, metadata: { k: { v: 1 } } });
      expect(await a.collections.update(newId('namespace'), c1.collectionId, { description: 'x' }, LATER)).toBeNull();
      expect(await a.collections.update(ns, 'col_none', { description: 'x' }, LATER)).toBeNull();

      const doc = (id: string, collectionId: string): DocumentRecord => ({
        namespaceId: ns,
        collectionId,
        documentId: id,
        objectId: 'obj_1',
        batchId: 'btch_1',
        featureExtractorId: 'text_extractor_v1',
        payload: {},
        lineage: { rootObjectId: 'obj_1', rootBucketId: bucketId, sourceType: 'bucket', sourceObjectId: 'obj_1', sourceDocumentId: null, path: 'p' },
        processingHistory: [],
        createdAt: NOW,
        updatedAt: NOW,
      });
      await a.documents.upsertMany([doc('doc_1', c1.collectionId), doc('doc_2', c1.collectionId), doc('doc_3', c2.collectionId)]);
      expect(await b.collections.delete(newId('namespace'), c1.collectionId)).toBe(false);
      expect(await b.collections.delete(ns, c1.collectionId)).toBe(true);
      expect(await b.collections.delete(ns, c1.collectionId)).toBe(false);
      expect(await a.collections.findByIdOrName(ns, c1.collectionId)).toBeNull();
      expect(await a.documents.count(ns, c1.collectionId)).toBe(0);
      expect(await a.documents.count(ns, c2.collectionId)).toBe(1);
      expect(await a.collections.list(ns, { offset: 0, limit: 10 })).toMatchObject({ total: 1 });
      // The name is free again.
      await a.collections.create(collection(ns, 'c1-renamed', { type: 'bucket', bucketIds: [bucketId], collectionIds: [] }));
    });

    it('collections: output_schema round-trips; those stored without one are listed for the backfill by id and set once', async () => {
      const fromBucket = { type: 'bucket' as const, bucketIds: [bucketId], collectionIds: [] };
      const schema = { properties: { text: { type: 'string' }, language: { type: 'string', description: 'ISO 639-3 code' } } };
      const kept = { ...collection(ns, 'kept', fromBucket), outputSchema: schema };
      // Written before output_schema was kept (no field, a NULL column); old1 has the smaller id (the backfill's order).
      const [old1, old2] = [collection(ns, 'old-a', fromBucket), collection(ns, 'old-b', fromBucket)].sort((x, y) => (x.collectionId < y.collectionId ? -1 : 1)) as [Collection, Collection];
      for (const c of [kept, old2, old1]) await a.collections.create(c);
      expect(await b.collections.findByIdOrName(ns, 'kept')).toEqual(kept);
      expect(await b.collections.findByIdOrName(ns, old1.collectionId)).not.toHaveProperty('outputSchema');
      expect(await b.collections.hasMissingOutputSchema(ns)).toBe(true);
      expect(await b.collections.hasMissingOutputSchema(newId('namespace'))).toBe(false);

      const ids = (cs: Collection[]) => cs.filter((c) => c.namespaceId === ns).map((c) => c.collectionId);
      expect(ids(await b.collections.listMissingOutputSchema(null, 10))).toEqual([old1.collectionId, old2.collectionId]);
      const firstPage = await b.collections.listMissingOutputSchema(null, 1);
      expect(firstPage).toHaveLength(1);
      const rest = await b.collections.listMissingOutputSchema((firstPage[0] as Collection).collectionId, 10);
      expect(ids([...firstPage, ...rest])).toEqual([old1.collectionId, old2.collectionId]);

      expect(await a.collections.setOutputSchema(ns, old1.collectionId, schema)).toBe(true);
      // Set once: a second writer (another replica's backfill) and a collection that has one change nothing.
      expect(await b.collections.setOutputSchema(ns, old1.collectionId, { properties: {} })).toBe(false);
      expect(await b.collections.setOutputSchema(ns, kept.collectionId, { properties: {} })).toBe(false);
      expect(await b.collections.setOutputSchema(newId('namespace'), old2.collectionId, schema)).toBe(false);
      expect(await b.collections.setOutputSchema(ns, 'col_none', schema)).toBe(false);
      // updated_at stays: nothing a client changed.
      expect(await b.collections.findByIdOrName(ns, old1.collectionId)).toEqual({ ...old1, outputSchema: schema });
      expect(ids(await b.collections.listMissingOutputSchema(null, 10))).toEqual([old2.collectionId]);
      expect(await a.collections.setOutputSchema(ns, old2.collectionId, { properties: {} })).toBe(true);
      expect(await b.collections.hasMissingOutputSchema(ns)).toBe(false);
      expect(ids(await b.collections.listMissingOutputSchema(null, 10))).toEqual([]);
      // An update keeps it.
      expect(await a.collections.update(ns, kept.collectionId, { description: 'd' }, LATER)).toEqual({ ...kept, description: 'd', updatedAt: LATER });
    });

    uniqueIt('collections: renaming to a taken name is refused', async () => {
      const c1 = collection(ns, 'c1', { type: 'bucket', bucketIds: [bucketId], collectionIds: [] });
      await a.collections.create(c1);
      await a.collections.create(collection(ns, 'c2', { type: 'bucket', bucketIds: [bucketId], collectionIds: [] }));
      await expect(b.collections.update(ns, c1.collectionId, { collectionName: 'c2' }, LATER)).rejects.toBeInstanceOf(AlreadyExistsError);
      expect(await a.collections.findByIdOrName(ns, c1.collectionId)).toMatchObject({ collectionName: 'c1' });
    });

    it('addObjects de-duplicates while DRAFT and refuses afterwards', async () => {
      const batch = draftBatch(ns, bucketId, ['obj_1']);
      await a.batches.create(batch);
      const added = await b.batches.addObjects(ns, batch.batchId, ['obj_2', 'obj_1', 'obj_2'], LATER);
      expect(added?.objectCount).toBe(2);
      expect(await b.batches.listObjectIds(batch.batchId, 0, 10)).toEqual(['obj_1', 'obj_2']);
      expect(added?.updatedAt).toBe(LATER);
      expect(await b.batches.addObjects(newId('namespace'), batch.batchId, ['obj_3'], LATER)).toBeNull();
      await a.batches.submit(ns, batch.batchId, {
        from: 'DRAFT', to: 'QUEUED', taskId: newId('task'), manifestKey: 'm', dagTiers: [], tiers: [], includeProcessingHistory: false, submittedAt: NOW,
      });
      expect(await b.batches.addObjects(ns, batch.batchId, ['obj_3'], LATER)).toBeNull();
    });

    it('object ids are paged by position: dense, in the order added, duplicates take no position', async () => {
      const first = Array.from({ length: 1_500 }, (_, i) => `obj_${String(i).padStart(5, '0')}`);
      const batch = draftBatch(ns, bucketId, [...first, first[0] as string]);
      await a.batches.create(batch);
      expect((await b.batches.find(ns, batch.batchId))?.objectCount).toBe(1_500);
      const more = Array.from({ length: 1_000 }, (_, i) => `obj_${String(1_000 + i).padStart(5, '0')}`); // 500 held already
      const added = await b.batches.addObjects(ns, batch.batchId, more, LATER);
      expect(added?.objectCount).toBe(2_000);
      const all = [...first, ...more.slice(500)];
      expect(await b.batches.listObjectIds(batch.batchId, 0, 3)).toEqual(all.slice(0, 3));
      expect(await b.batches.listObjectIds(batch.batchId, 1_498, 4)).toEqual(all.slice(1_498, 1_502));
      expect(await b.batches.listObjectIds(batch.batchId, 1_990, 100)).toEqual(all.slice(1_990));
      expect(await b.batches.listObjectIds(batch.batchId, 2_000, 10)).toEqual([]);
      const read: string[] = [];
      for (let from = 0; from < 2_000; from += 700) read.push(...(await b.batches.listObjectIds(batch.batchId, from, 700)));
      expect(read).toEqual(all);
      expect(await b.batches.listObjectIds(newId('batch'), 0, 10)).toEqual([]);
    });

    it('a submit made against an older object count changes nothing', async () => {
      const batch = draftBatch(ns, bucketId, ['obj_1']);
      await a.batches.create(batch);
      await b.batches.addObjects(ns, batch.batchId, ['obj_2'], LATER);
      const change = { from: 'DRAFT' as const, to: 'QUEUED' as const, taskId: newId('task'), manifestKey: 'm', dagTiers: [], tiers: [], includeProcessingHistory: false, submittedAt: NOW };
      expect(await a.batches.submit(ns, batch.batchId, { ...change, objectCount: 1 })).toBe(false);
      expect(await a.batches.submit(ns, batch.batchId, { ...change, objectCount: 2 })).toBe(true);
      expect((await b.batches.find(ns, batch.batchId))?.status).toBe('QUEUED');
    });

    it('deleting a batch deletes its object ids', async () => {
      const batch = draftBatch(ns, bucketId, ['obj_1', 'obj_2']);
      await a.batches.create(batch);
      expect(await b.batches.delete(ns, batch.batchId)).toBe(true);
      expect(await a.batches.listObjectIds(batch.batchId, 0, 10)).toEqual([]);
    });

    it('a submit is conditional: the second one changes nothing; tiers and task id are stored', async () => {
      const batch = await queued(['obj_1', 'obj_2'], 2);
      const second = await b.batches.submit(ns, batch.batchId, {
        from: 'DRAFT', to: 'QUEUED', taskId: newId('task'), manifestKey: 'm2', dagTiers: [], tiers: [], includeProcessingHistory: false, submittedAt: LATER,
      });
      expect(second).toBe(false);
      const found = await b.batches.find(ns, batch.batchId);
      expect(found).toMatchObject({ status: 'QUEUED', manifestKey: 'm', submittedAt: NOW, includeProcessingHistory: true, metadata: { team: 'x' } });
      expect(await b.batches.findByTaskId(found?.taskId as string)).toMatchObject({ batchId: batch.batchId });
      expect(await b.batches.findByTaskId('task_none')).toBeNull();
      expect(await b.batches.getState(batch.batchId)).toEqual({ status: 'QUEUED', includeProcessingHistory: true, policy: DEFAULT_BATCH_POLICY });
      expect(await b.batches.getState('btch_none')).toBeNull();
      const tiers = await b.batches.getTiers(batch.batchId);
      expect(tiers.map((t) => [t.tier, t.status, t.totalItems, t.totalChunks])).toEqual([
        [0, 'PENDING', 2, 3],
        [1, 'PENDING', 2, 3],
      ]);
    });

    it('exactly one of many concurrent claimers wins a batch', async () => {
      const batch = await queued();
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).batches.claimNext(claim(`p${i}`, 1_000, 10_000, [ns]))));
      const won = claims.filter((c) => c !== null);
      expect(won).toHaveLength(1);
      expect(won[0]?.batch).toMatchObject({ batchId: batch.batchId, status: 'PROCESSING', lease: { expiresAt: 11_000 } });
      expect(won[0]?.batch.startedAt).not.toBeNull();
      expect(won[0]?.takeover).toBe(false);
      expect((await b.batches.getState(batch.batchId))?.status).toBe('PROCESSING');
    });

    it('an expired lease is taken over; a live one is not; renewals and releases only work for the holder', async () => {
      const batch = await queued();
      const first = await a.batches.claimNext(claim('p1', 1_000, 1_000, [ns]));
      expect(await b.batches.claimNext(claim('p2', 1_500, 1_000, [ns]))).toBeNull();
      expect(await a.batches.renewLease(batch.batchId, 'p2', 99_999)).toBe(false);
      const takeover = await b.batches.claimNext(claim('p2', 2_001, 1_000, [ns]));
      expect(takeover).toMatchObject({ takeover: true, previousOwner: 'p1', batch: { batchId: batch.batchId, status: 'PROCESSING', lease: { owner: 'p2' } } });
      expect(takeover?.batch.startedAt).toBe(first?.batch.startedAt);
      expect(await a.batches.renewLease(batch.batchId, 'p1', 99_999)).toBe(false);
      expect(await b.batches.renewLease(batch.batchId, 'p2', 99_999)).toBe(true);
      await a.batches.releaseLease(batch.batchId, 'p1');
      expect(await a.batches.claimNext(claim('p3', 3_000, 1_000, [ns]))).toBeNull();
      await b.batches.releaseLease(batch.batchId, 'p2');
      expect(await a.batches.claimNext(claim('p3', 3_000, 1_000, [ns]))).toMatchObject({ takeover: true });
    });

    it('claims the oldest submitted batch first, and only batches of the configured namespaces', async () => {
      await queued(['obj_1'], 1, LATER);
      const first = await queued(['obj_1'], 1, NOW);
      expect(await a.batches.claimNext(claim('p', 1, 1_000, [newId('namespace')]))).toBeNull();
      expect(await a.batches.claimNext(claim('p', 1, 1_000, []))).toBeNull();
      expect((await a.batches.claimNext(claim('p', 1, 1_000, [ns])))?.batch.batchId).toBe(first.batchId);
    });

    it('startTier needs the lease; recordPublished only grows', async () => {
      const batch = await queued();
      await a.batches.claimNext(claim('p1', 1, 1_000, [ns]));
      expect(await b.batches.startTier(batch.batchId, 0, 'p2', NOW)).toBe(false);
      expect(await b.batches.startTier(batch.batchId, 0, 'p1', NOW)).toBe(true);
      expect(await a.batches.find(ns, batch.batchId)).toMatchObject({ currentTier: 0 });
      await a.batches.recordPublished(batch.batchId, 0, 2);
      await b.batches.recordPublished(batch.batchId, 0, 1);
      const [t] = await a.batches.getTiers(batch.batchId);
      expect(t).toMatchObject({ status: 'PROCESSING', startedAt: NOW, publishedChunks: 2 });
    });

    it('records each item outcome once, even when two handles record it concurrently', async () => {
      const ids = Array.from({ length: 100 }, (_, i) => `obj_${i}`);
      const batch = await queued(ids);
      const outcomes: ItemOutcome[] = ids.map((itemId, i) => ({
        itemId,
        collectionId: 'col_aaaaaaaaaa',
        status: i % 10 === 0 ? 'FAILED' : 'COMPLETED',
        documentsWritten: i % 10 === 0 ? 0 : 2,
        ...(i % 10 === 0 ? { error: { category: 'validation' as const, message: 'bad', stage: 'extract' } } : {}),
      }));
      const [r1, r2, r3] = await Promise.all([
        a.batches.recordOutcomes(batch.batchId, 0, outcomes, NOW),
        b.batches.recordOutcomes(batch.batchId, 0, outcomes, NOW),
        b.batches.recordOutcomes(batch.batchId, 0, outcomes.slice(0, 50), NOW),
      ]);
      expect(r1.newlyRecorded + r2.newlyRecorded + r3.newlyRecorded).toBe(100);
      const again = await a.batches.recordOutcomes(batch.batchId, 0, outcomes, NOW);
      expect(again.newlyRecorded).toBe(0);
      expect(again.tier).toMatchObject({ succeededItems: 90, failedItems: 10, documentsWritten: 180, errorSummary: { validation: 10 } });
      const [t] = await a.batches.getTiers(batch.batchId);
      expect(t).toMatchObject({ succeededItems: 90, failedItems: 10, documentsWritten: 180, errorSummary: { validation: 10 } });
    });

    it('completeTier and changeStatus are conditional on status and lease owner', async () => {
      const batch = await queued();
      await a.batches.claimNext(claim('p1', 1, 1_000, [ns]));
      await a.batches.startTier(batch.batchId, 0, 'p1', NOW);
      expect(await b.batches.completeTier(batch.batchId, 0, 'COMPLETED', LATER)).toBe(true);
      expect(await b.batches.completeTier(batch.batchId, 0, 'FAILED', LATER)).toBe(false);
      expect((await a.batches.getTiers(batch.batchId))[0]).toMatchObject({ status: 'COMPLETED', completedAt: LATER });
      expect(await b.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'COMPLETED', owner: 'p2', now: LATER })).toBe(false);
      expect(await b.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'COMPLETED_WITH_ERRORS', owner: 'p1', now: LATER, error: 'some failed' })).toBe(true);
      expect(await a.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'FAILED', owner: 'p1', now: LATER })).toBe(false);
      expect(await a.batches.find(ns, batch.batchId)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', lease: null, completedAt: LATER, error: 'some failed' });
    });

    it('changeStatus without an owner works for any holder and keeps the lease of a non-terminal change', async () => {
      const batch = await queued();
      await a.batches.claimNext(claim('p1', 1, 1_000, [ns]));
      expect(await b.batches.changeStatus(batch.batchId, { from: 'QUEUED', to: 'CANCELED', owner: null, now: LATER })).toBe(false);
      expect(await b.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'FAILED', owner: null, now: LATER, error: 'x' })).toBe(true);
      expect(await a.batches.find(ns, batch.batchId)).toMatchObject({ status: 'FAILED', error: 'x', lease: null });
    });

    it('recordOutcomes writes the documents it is given with the outcomes', async () => {
      const batch = await queued(['obj_1', 'obj_2']);
      const col = newId('collection');
      const doc = (objectId: string): DocumentRecord => ({
        namespaceId: ns,
        collectionId: col,
        documentId: newId('document'),
        objectId,
        batchId: batch.batchId,
        featureExtractorId: 'text_extractor_v1',
        payload: { text: objectId },
        lineage: { rootObjectId: objectId, rootBucketId: bucketId, sourceType: 'bucket', sourceObjectId: objectId, sourceDocumentId: null, path: 'p' },
        processingHistory: [],
        createdAt: NOW,
        updatedAt: NOW,
      });
      const docs = [doc('obj_1'), doc('obj_2')];
      const outcomes: ItemOutcome[] = ['obj_1', 'obj_2'].map((itemId) => ({ itemId, collectionId: col, status: 'COMPLETED', documentsWritten: 1 }));
      const result = await b.batches.recordOutcomes(batch.batchId, 0, outcomes, NOW, docs);
      expect(result.newlyRecorded).toBe(2);
      expect(result.tier.documentsWritten).toBe(2);
      expect(await a.documents.count(ns, col)).toBe(2);
      expect((await a.documents.find(ns, col, (docs[1] as DocumentRecord).documentId))?.payload).toEqual({ text: 'obj_2' });
      // A repeat (redelivery) overwrites the documents and counts nothing again.
      expect((await a.batches.recordOutcomes(batch.batchId, 0, outcomes, LATER, docs)).newlyRecorded).toBe(0);
      expect(await a.documents.count(ns, col)).toBe(2);
    });

    it('upserting a document twice keeps one record, its created_at, and one history entry per batch and tier', async () => {
      const col = newId('collection');
      const doc: DocumentRecord = {
        namespaceId: ns,
        collectionId: col,
        documentId: newId('document'),
        objectId: 'obj_1',
        batchId: 'btch_1',
        featureExtractorId: 'text_extractor_v1',
        payload: { text: 'v1', nested: {} },
        lineage: { rootObjectId: 'obj_1', rootBucketId: bucketId, sourceType: 'bucket', sourceObjectId: 'obj_1', sourceDocumentId: null, path: 'p' },
        processingHistory: [
          { operation: 'extract', extractor: 'text_extractor@v1', batchId: 'btch_1', tier: 0, startedAt: NOW, completedAt: NOW, durationMs: 1, attempt: 1 },
        ],
        createdAt: NOW,
        updatedAt: NOW,
      };
      const first = doc.processingHistory[0] as ProcessingHistoryEntry;
      await a.documents.upsertMany([doc]);
      await b.documents.upsertMany([{ ...doc, payload: { text: 'v2' }, updatedAt: LATER, createdAt: LATER, processingHistory: [{ ...first, attempt: 2 }] }]);
      await b.documents.upsertMany([{ ...doc, batchId: 'btch_2', processingHistory: [{ ...first, batchId: 'btch_2' }] }]);
      await b.documents.upsertMany([{ ...doc, batchId: 'btch_2', processingHistory: [] }]);
      expect(await a.documents.count(ns, col)).toBe(1);
      const found = await a.documents.find(ns, col, doc.documentId);
      expect(found?.createdAt).toBe(NOW);
      expect(found?.lineage).toEqual(doc.lineage);
      expect(found?.processingHistory.map((h) => [h.batchId, h.attempt])).toEqual([
        ['btch_1', 2],
        ['btch_2', 1],
      ]);
      expect(await a.documents.find(newId('namespace'), col, doc.documentId)).toBeNull();
    });

    it('lists documents of a collection in creation order, page by page, with the total', async () => {
      const col = newId('collection');
      const docs: DocumentRecord[] = Array.from({ length: 7 }, (_, i) => ({
        namespaceId: ns,
        collectionId: col,
        documentId: `doc_${ns}_${i}`,
        objectId: `obj_${i}`,
        batchId: 'btch_1',
        featureExtractorId: 'fe',
        payload: { i },
        lineage: { rootObjectId: `obj_${i}`, rootBucketId: bucketId, sourceType: 'bucket', sourceObjectId: `obj_${i}`, sourceDocumentId: null, path: 'p' },
        processingHistory: [],
        createdAt: `2026-11-29T12:00:0${i}.000Z`,
        updatedAt: NOW,
      }));
      await a.documents.upsertMany([...docs].reverse());
      const p1 = await b.documents.list(ns, col, { limit: 3, offset: 0 });
      const p3 = await b.documents.list(ns, col, { limit: 3, offset: 6 });
      expect(p1.total).toBe(7);
      expect(p1.results.map((d) => d.payload['i'])).toEqual([0, 1, 2]);
      expect(p3.results.map((d) => d.payload['i'])).toEqual([6]);
    });

    resourceConformance({
      stores: () => ({ a, b }),
      ns: () => ns,
      bucketId: () => bucketId,
      queued,
      uniqueIndexes: target.capabilities.uniqueIndexes,
    });

    batchPolicyConformance({ stores: () => ({ a, b }), ns: () => ns, bucketId: () => bucketId });
    objectDocumentsConformance({ stores: () => ({ a, b }), ns: () => ns, bucketId: () => bucketId });
    batchLogConformance({ stores: () => ({ a, b }), ns: () => ns, bucketId: () => bucketId });
    listQueryConformance({ stores: () => ({ a, b }), ns: () => ns, bucketId: () => bucketId, support: target.capabilities.listQuery ?? 'all', objectKeyOrder: target.capabilities.objectKeyOrder ?? true });
    outboxConformance({ stores: () => ({ a, b }), ns: () => ns, bucketId: () => bucketId, uniqueIndexes: target.capabilities.uniqueIndexes });
  });
}
