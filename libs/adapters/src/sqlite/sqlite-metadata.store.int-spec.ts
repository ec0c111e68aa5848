import { Batch, BatchTier, ItemOutcome, newId, draftBatch as draftBatchOf, pendingTier } from '@strata/domain';
import { tempDir } from '@strata/testing';
import { join } from 'node:path';
import { SqliteMetadataStore } from './sqlite-metadata.store';

const NOW = '2026-11-29T12:00:00.000Z';

function draftBatch(namespaceId: string, bucketId: string, objectIds: string[]): Batch {
  return draftBatchOf({ namespaceId, bucketId, batchId: newId('batch'), objectIds, now: NOW });
}

function tier(batchId: string, total: number): BatchTier {
  return pendingTier({ batchId, tier: 0, collectionIds: ['col_aaaaaaaaaa'], totalItems: total, totalChunks: 1 });
}

/** Two store instances on one file behave like two processes: separate connections and locks. */
describe('SqliteMetadataStore (real SQLite file, two connections)', () => {
  let dir: { path: string; remove: () => void };
  let a: SqliteMetadataStore;
  let b: SqliteMetadataStore;
  const ns = newId('namespace');
  const bucketId = newId('bucket');

  beforeEach(async () => {
    dir = tempDir('sqlite-meta');
    const file = join(dir.path, 'strata.db');
    a = new SqliteMetadataStore(file);
    b = new SqliteMetadataStore(file);
    await a.namespaces.create({ namespaceId: ns, namespaceName: 'n1', description: null, createdAt: NOW, updatedAt: NOW });
    await a.buckets.create({
      namespaceId: ns,
      bucketId,
      bucketName: 'b1',
      description: null,
      bucketSchema: { properties: {} },
      metadata: {},
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  afterEach(async () => {
    await a.close();
    await b.close();
    dir.remove();
  });

  async function queued(objectIds = ['obj_1', 'obj_2']): Promise<Batch> {
    const batch = draftBatch(ns, bucketId, objectIds);
    await a.batches.create(batch);
    const ok = await a.batches.submit(ns, batch.batchId, {
      from: 'DRAFT',
      to: 'QUEUED',
      taskId: newId('task'),
      manifestKey: 'm',
      dagTiers: [['col_aaaaaaaaaa']],
      tiers: [tier(batch.batchId, objectIds.length)],
      includeProcessingHistory: false,
      submittedAt: NOW,
    });
    expect(ok).toBe(true);
    return batch;
  }

  it('a submit is conditional: the second one changes nothing', async () => {
    const batch = await queued();
    const second = await b.batches.submit(ns, batch.batchId, {
      from: 'DRAFT',
      to: 'QUEUED',
      taskId: newId('task'),
      manifestKey: 'm2',
      dagTiers: [],
      tiers: [],
      includeProcessingHistory: true,
      submittedAt: NOW,
    });
    expect(second).toBe(false);
    expect((await b.batches.find(ns, batch.batchId))?.manifestKey).toBe('m');
  });

  it('exactly one of many concurrent claimers wins a batch', async () => {
    const batch = await queued();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).batches.claimNext({ owner: `p${i}`, leaseMs: 10_000, now: 1_000, namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' }),
      ),
    );
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]?.batch.batchId).toBe(batch.batchId);
    expect(won[0]?.takeover).toBe(false);
    expect((await b.batches.getState(batch.batchId))?.status).toBe('PROCESSING');
  });

  it('an expired lease is taken over; a live one is not; renewals only work for the holder', async () => {
    const batch = await queued();
    await a.batches.claimNext({ owner: 'p1', leaseMs: 1_000, now: 1_000, namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });
    expect(await b.batches.claimNext({ owner: 'p2', leaseMs: 1_000, now: 1_500, namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' })).toBeNull();
    expect(await a.batches.renewLease(batch.batchId, 'p2', 99_999)).toBe(false);
    const takeover = await b.batches.claimNext({ owner: 'p2', leaseMs: 1_000, now: 2_001, namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });
    expect(takeover).toMatchObject({ takeover: true, batch: { batchId: batch.batchId, lease: { owner: 'p2' } } });
    expect(await a.batches.renewLease(batch.batchId, 'p1', 99_999)).toBe(false);
    expect(await b.batches.renewLease(batch.batchId, 'p2', 99_999)).toBe(true);
  });

  it('claims only batches of the configured namespaces', async () => {
    await queued();
    expect(
      await a.batches.claimNext({ owner: 'p', leaseMs: 1_000, now: 1, namespaceIds: ['ns_other'], from: 'QUEUED', to: 'PROCESSING' }),
    ).toBeNull();
    expect(await a.batches.claimNext({ owner: 'p', leaseMs: 1_000, now: 1, namespaceIds: [ns], from: 'QUEUED', to: 'PROCESSING' })).not.toBeNull();
  });

  it('records each item outcome once, even when two connections record it concurrently', async () => {
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
    const [t] = await a.batches.getTiers(batch.batchId);
    expect(t).toMatchObject({ succeededItems: 90, failedItems: 10, documentsWritten: 180, errorSummary: { validation: 10 } });
  });

  it('finishing is conditional on status and lease owner', async () => {
    const batch = await queued();
    await a.batches.claimNext({ owner: 'p1', leaseMs: 1_000, now: 1, namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });
    expect(await b.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'COMPLETED', owner: 'p2', now: NOW })).toBe(false);
    expect(await b.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'COMPLETED', owner: 'p1', now: NOW })).toBe(true);
    expect(await a.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'FAILED', owner: 'p1', now: NOW })).toBe(false);
    const done = await a.batches.find(ns, batch.batchId);
    expect(done).toMatchObject({ status: 'COMPLETED', lease: null, completedAt: NOW });
  });

  it('a wrong namespace finds nothing', async () => {
    const batch = await queued();
    expect(await a.batches.find('ns_other', batch.batchId)).toBeNull();
    expect(await a.buckets.findByIdOrName('ns_other', bucketId)).toBeNull();
  });

  it('upserting a document twice keeps one row, its created_at, and one history entry per batch and tier', async () => {
    const doc = {
      namespaceId: ns,
      collectionId: 'col_aaaaaaaaaa',
      documentId: 'doc_1',
      objectId: 'obj_1',
      batchId: 'btch_1',
      featureExtractorId: 'text_extractor_v1',
      payload: { text: 'v1' },
      lineage: { rootObjectId: 'obj_1', rootBucketId: bucketId, sourceType: 'bucket' as const, sourceObjectId: 'obj_1', sourceDocumentId: null, path: 'p' },
      processingHistory: [
        { operation: 'extract' as const, extractor: 'text_extractor@v1', batchId: 'btch_1', tier: 0, startedAt: NOW, completedAt: NOW, durationMs: 1, attempt: 1 },
      ],
      createdAt: NOW,
      updatedAt: NOW,
    };
    await a.documents.upsertMany([doc]);
    const later = '2026-11-30T00:00:00.000Z';
    await b.documents.upsertMany([{ ...doc, payload: { text: 'v2' }, updatedAt: later, createdAt: later, processingHistory: [{ ...(doc.processingHistory[0] as (typeof doc.processingHistory)[number]), attempt: 2 }] }]);
    await b.documents.upsertMany([{ ...doc, batchId: 'btch_2', processingHistory: [{ ...(doc.processingHistory[0] as (typeof doc.processingHistory)[number]), batchId: "btch_2" }] }]);
    expect(await a.documents.count(ns, 'col_aaaaaaaaaa')).toBe(1);
    const found = await a.documents.find(ns, 'col_aaaaaaaaaa', 'doc_1');
    expect(found?.createdAt).toBe(NOW);
    expect(found?.processingHistory.map((h) => [h.batchId, h.attempt])).toEqual([
      ['btch_1', 2],
      ['btch_2', 1],
    ]);
  });

  it('a later tier gets its totals when it starts, and only while PENDING', async () => {
    const batch = draftBatch(ns, bucketId, ['obj_1']);
    await a.batches.create(batch);
    await a.batches.submit(ns, batch.batchId, {
      from: 'DRAFT',
      to: 'QUEUED',
      taskId: newId('task'),
      manifestKey: 'm',
      dagTiers: [['col_aaaaaaaaaa'], ['col_bbbbbbbbbb']],
      tiers: [tier(batch.batchId, 1), { ...tier(batch.batchId, 0), tier: 1, collectionIds: ['col_bbbbbbbbbb'], totalChunks: 0 }],
      includeProcessingHistory: false,
      submittedAt: NOW,
    });
    await a.batches.claimNext({ owner: 'p', leaseMs: 60_000, now: Date.parse(NOW), namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });
    expect(await b.batches.startTier(batch.batchId, 1, 'p', NOW, { totalItems: 9, totalChunks: 2 })).toBe(true);
    // A second start (a takeover repeating it) does not change the counts.
    expect(await a.batches.startTier(batch.batchId, 1, 'p', NOW, { totalItems: 99, totalChunks: 20 })).toBe(true);
    expect((await a.batches.getTiers(batch.batchId))[1]).toMatchObject({ status: 'PROCESSING', totalItems: 9, totalChunks: 2, startedAt: NOW });
  });

  it('lists the documents a batch wrote in given collections, sorted, and finds documents by id across collections', async () => {
    const doc = (documentId: string, collectionId: string, batchId: string) => ({
      namespaceId: ns,
      collectionId,
      documentId,
      objectId: 'obj_1',
      batchId,
      featureExtractorId: 'text_extractor_v1',
      payload: {},
      lineage: { rootObjectId: 'obj_1', rootBucketId: bucketId, sourceType: 'bucket' as const, sourceObjectId: 'obj_1', sourceDocumentId: null, path: 'p' },
      processingHistory: [],
      createdAt: NOW,
      updatedAt: NOW,
    });
    await a.documents.upsertMany([
      doc('doc_c', 'col_aaaaaaaaaa', 'btch_1'),
      doc('doc_a', 'col_aaaaaaaaaa', 'btch_1'),
      doc('doc_b', 'col_bbbbbbbbbb', 'btch_1'),
      doc('doc_d', 'col_aaaaaaaaaa', 'btch_2'),
    ]);
    expect(await b.documents.listIdsWrittenByBatch(ns, 'btch_1', ['col_aaaaaaaaaa'])).toEqual(['doc_a', 'doc_c']);
    expect(await b.documents.listIdsWrittenByBatch(ns, 'btch_1', ['col_aaaaaaaaaa', 'col_bbbbbbbbbb'])).toEqual(['doc_a', 'doc_b', 'doc_c']);
    expect(await b.documents.listIdsWrittenByBatch('ns_other', 'btch_1', ['col_aaaaaaaaaa'])).toEqual([]);
    const found = await b.documents.findMany(ns, ['doc_b', 'doc_d', 'doc_missing']);
    expect(found.map((d) => d.documentId).sort()).toEqual(['doc_b', 'doc_d']);
    expect(await b.documents.findMany('ns_other', ['doc_b'])).toEqual([]);
  });
});
