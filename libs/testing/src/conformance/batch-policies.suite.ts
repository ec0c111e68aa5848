import { BatchPolicy, DocumentRecord, Schedule, ScheduleRun, draftBatch, newId, pendingTier } from '@strata/domain';
import type { MetadataStore } from '@strata/ports';

const NOW = '2026-11-29T12:00:00.000Z';
const ABORT: BatchPolicy = { errorPolicy: { onError: 'abort', maxFailedItems: 3, maxFailedRatio: 0.5 }, force: true };

/** The batch-policy part of the MetadataStore contract (docs/adr/0050-batch-policies.md): batch policies, skipped items, source states, schedules. */
export function batchPolicyConformance(ctx: { stores: () => { a: MetadataStore; b: MetadataStore }; ns: () => string; bucketId: () => string }): void {
  describe('batch policies', () => {
    it('stores a batch policy at create, replaces it at submit, and serves it to workers', async () => {
      const { a, b } = ctx.stores();
      const batch = draftBatch({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), batchId: newId('batch'), objectIds: ['obj_1'], now: NOW, policy: ABORT });
      await a.batches.create(batch);
      expect((await b.batches.find(ctx.ns(), batch.batchId))?.policy).toEqual(ABORT);
      const replaced: BatchPolicy = { errorPolicy: { onError: 'continue', maxFailedItems: null, maxFailedRatio: null }, force: false };
      await a.batches.submit(ctx.ns(), batch.batchId, {
        from: 'DRAFT', to: 'QUEUED', taskId: newId('task'), manifestKey: 'm', dagTiers: [['col_aaaaaaaaaa']],
        tiers: [pendingTier({ batchId: batch.batchId, tier: 0, collectionIds: ['col_aaaaaaaaaa'], totalItems: 3, totalChunks: 1 })],
        includeProcessingHistory: false, policy: replaced, submittedAt: NOW,
      });
      expect(await b.batches.getState(batch.batchId)).toEqual({ status: 'QUEUED', includeProcessingHistory: false, policy: replaced });
    });

    it('counts skipped outcomes once, as succeeded items that are also skipped', async () => {
      const { a, b } = ctx.stores();
      const batch = draftBatch({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), batchId: newId('batch'), objectIds: ['obj_1', 'obj_2', 'obj_3'], now: NOW });
      await a.batches.create(batch);
      await a.batches.submit(ctx.ns(), batch.batchId, {
        from: 'DRAFT', to: 'QUEUED', taskId: newId('task'), manifestKey: 'm', dagTiers: [['col_aaaaaaaaaa']],
        tiers: [pendingTier({ batchId: batch.batchId, tier: 0, collectionIds: ['col_aaaaaaaaaa'], totalItems: 3, totalChunks: 1 })],
        includeProcessingHistory: false, submittedAt: NOW,
      });
      const outcomes = [
        { itemId: 'obj_1', collectionId: 'col_aaaaaaaaaa', status: 'COMPLETED' as const, documentsWritten: 0, skipped: true },
        { itemId: 'obj_2', collectionId: 'col_aaaaaaaaaa', status: 'COMPLETED' as const, documentsWritten: 2 },
      ];
      await a.batches.recordOutcomes(batch.batchId, 0, outcomes, NOW);
      const again = await b.batches.recordOutcomes(batch.batchId, 0, outcomes, NOW);
      expect(again.newlyRecorded).toBe(0);
      const [tier] = await b.batches.getTiers(batch.batchId);
      expect(tier).toMatchObject({ succeededItems: 2, skippedItems: 1, failedItems: 0, documentsWritten: 2 });
    });

    it("keeps each document's source hash, extractor fingerprint and batch, by source item", async () => {
      const { a, b } = ctx.stores();
      const col = newId('collection');
      const doc = (id: string, objectId: string, hash: string): DocumentRecord => ({
        namespaceId: ctx.ns(), collectionId: col, documentId: id, objectId, batchId: 'btch_one', featureExtractorId: 'text_extractor_v1',
        payload: {}, processingHistory: [], sourceHash: hash, extractorFingerprint: 'sha256:fp', createdAt: NOW, updatedAt: NOW,
        lineage: { rootObjectId: objectId, rootBucketId: ctx.bucketId(), sourceType: 'bucket', sourceObjectId: objectId, sourceDocumentId: null, path: 'p' },
      });
      await a.documents.upsertMany([doc('doc_1', 'obj_1', 'sha256:h1'), doc('doc_2', 'obj_1', 'sha256:h1'), doc('doc_3', 'obj_2', 'sha256:h2')]);
      await a.documents.upsertMany([{ ...doc('doc_3', 'obj_2', 'sha256:h3'), batchId: 'btch_two' }]);
      const states = await b.documents.sourceStates(ctx.ns(), col, ['obj_1', 'obj_2', 'obj_9']);
      expect(states.sort((x, y) => x.documentId.localeCompare(y.documentId))).toEqual([
        { sourceId: 'obj_1', documentId: 'doc_1', batchId: 'btch_one', sourceHash: 'sha256:h1', extractorFingerprint: 'sha256:fp' },
        { sourceId: 'obj_1', documentId: 'doc_2', batchId: 'btch_one', sourceHash: 'sha256:h1', extractorFingerprint: 'sha256:fp' },
        { sourceId: 'obj_2', documentId: 'doc_3', batchId: 'btch_two', sourceHash: 'sha256:h3', extractorFingerprint: 'sha256:fp' },
      ]);
      expect((await b.documents.find(ctx.ns(), col, 'doc_3'))).toMatchObject({ sourceHash: 'sha256:h3', extractorFingerprint: 'sha256:fp' });
    });

    it('finds the documents of a derived tier by their source document, not by their root object', async () => {
      const { a, b } = ctx.stores();
      const col = newId('collection');
      const derived = (id: string, sourceDocumentId: string): DocumentRecord => ({
        namespaceId: ctx.ns(), collectionId: col, documentId: id, objectId: 'obj_root', batchId: 'btch_one', featureExtractorId: 'text_extractor_v1',
        payload: {}, processingHistory: [], sourceHash: `sha256:${sourceDocumentId}`, extractorFingerprint: 'sha256:fp', createdAt: NOW, updatedAt: NOW,
        lineage: { rootObjectId: 'obj_root', rootBucketId: ctx.bucketId(), sourceType: 'collection', sourceObjectId: 'obj_root', sourceDocumentId, path: 'p' },
      });
      await a.documents.upsertMany([derived('doc_d1', 'doc_s1'), derived('doc_d2', 'doc_s1'), derived('doc_d3', 'doc_s2')]);
      const states = await b.documents.sourceStates(ctx.ns(), col, ['doc_s1', 'obj_root']);
      expect(states.map((s) => [s.sourceId, s.documentId]).sort()).toEqual([
        ['doc_s1', 'doc_d1'],
        ['doc_s1', 'doc_d2'],
      ]);
      expect(await b.documents.sourceStates(ctx.ns(), col, ['doc_s2'])).toEqual([
        { sourceId: 'doc_s2', documentId: 'doc_d3', batchId: 'btch_one', sourceHash: 'sha256:doc_s2', extractorFingerprint: 'sha256:fp' },
      ]);
    });

    it('lists the documents of a collection whose root object was deleted, by document id, up to a limit', async () => {
      const { a, b } = ctx.stores();
      const col = newId('collection');
      const kept = newId('object');
      const gone = newId('object');
      await a.objects.create({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), objectId: kept, keyPrefix: null, metadata: {}, blobs: [], createdAt: NOW, updatedAt: NOW });
      await a.objects.create({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), objectId: gone, keyPrefix: null, metadata: {}, blobs: [], createdAt: NOW, updatedAt: NOW });
      const doc = (id: string, objectId: string, collectionId = col): DocumentRecord => ({
        namespaceId: ctx.ns(), collectionId, documentId: id, objectId, batchId: 'btch_one', featureExtractorId: 'text_extractor_v1',
        payload: {}, processingHistory: [], sourceHash: 'sha256:h', extractorFingerprint: 'sha256:fp', createdAt: NOW, updatedAt: NOW,
        lineage: { rootObjectId: objectId, rootBucketId: ctx.bucketId(), sourceType: 'bucket', sourceObjectId: objectId, sourceDocumentId: null, path: 'p' },
      });
      const ids = { k: `doc_${kept}`, g1: `doc_${gone}_1`, g2: `doc_${gone}_2`, other: `doc_${gone}_other` };
      await a.documents.upsertMany([doc(ids.k, kept), doc(ids.g2, gone), doc(ids.g1, gone), doc(ids.other, gone, newId('collection'))]);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([]);
      expect(await a.objects.delete(ctx.ns(), ctx.bucketId(), gone)).toBe(true);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([
        { documentId: ids.g1, objectId: gone },
        { documentId: ids.g2, objectId: gone },
      ]);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 1)).toEqual([{ documentId: ids.g1, objectId: gone }]);
      // Another namespace's view of the same collection id finds nothing.
      expect(await b.documents.listOrphaned('ns_other', col, 10)).toEqual([]);
    });

    /** An object of the test's bucket (or `bucketId`) and a document of it in `collectionId`. */
    const objectOf = (objectId: string, bucketId = ctx.bucketId()) => ({
      namespaceId: ctx.ns(), bucketId, objectId, keyPrefix: null, metadata: {}, blobs: [], createdAt: NOW, updatedAt: NOW,
    });
    const docOf = (documentId: string, objectId: string, collectionId: string, bucketId = ctx.bucketId()): DocumentRecord => ({
      namespaceId: ctx.ns(), collectionId, documentId, objectId, batchId: 'btch_one', featureExtractorId: 'text_extractor_v1',
      payload: {}, processingHistory: [], sourceHash: 'sha256:h', extractorFingerprint: 'sha256:fp', createdAt: NOW, updatedAt: NOW,
      lineage: { rootObjectId: objectId, rootBucketId: bucketId, sourceType: 'bucket', sourceObjectId: objectId, sourceDocumentId: null, path: 'p' },
    });
    const DELETED = '2026-12-07T10:00:00.000Z';
    const BEFORE = '2026-12-07T09:00:00.000Z';
    const AFTER = '2026-12-07T11:00:00.000Z';

    it('lists by tombstone: an object that exists again, or was never deleted, has no orphans; live objects never do', async () => {
      const { a, b } = ctx.stores();
      const col = newId('collection');
      const [back, never, live] = [newId('object'), newId('object'), newId('object')];
      await a.objects.create(objectOf(back));
      await a.objects.create(objectOf(live));
      await a.documents.upsertMany([docOf(`doc_${back}`, back, col), docOf(`doc_${never}`, never, col), docOf(`doc_${live}`, live, col)]);
      expect(await a.objects.delete(ctx.ns(), ctx.bucketId(), back, [], DELETED)).toBe(true);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([{ documentId: `doc_${back}`, objectId: back }]);
      // Created again under the same id: its tombstone is ignored.
      await a.objects.create(objectOf(back));
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([]);
      // A deleted object's id that is not there: nothing deleted, no tombstone.
      expect(await a.objects.delete(ctx.ns(), ctx.bucketId(), never, [], DELETED)).toBe(false);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([]);
      expect((await b.documents.find(ctx.ns(), col, `doc_${live}`))?.objectId).toBe(live);
    });

    it('prunes old tombstones once no collection holds a document of their object, or once their object exists again', async () => {
      const { a, b } = ctx.stores();
      const [col, other] = [newId('collection'), newId('collection')];
      const [gone, back] = [newId('object'), newId('object')];
      await a.objects.create(objectOf(gone));
      await a.objects.create(objectOf(back));
      await a.documents.upsertMany([docOf(`doc_${gone}_a`, gone, col), docOf(`doc_${gone}_b`, gone, other), docOf(`doc_${back}`, back, col)]);
      await a.objects.delete(ctx.ns(), ctx.bucketId(), gone, [], DELETED);
      await a.objects.delete(ctx.ns(), ctx.bucketId(), back, [], DELETED);
      // Younger than the cutoff: kept whatever else holds.
      expect(await b.documents.pruneTombstones(ctx.ns(), BEFORE)).toBe(0);
      expect(await b.documents.pruneTombstones(ctx.ns(), DELETED)).toBe(0);
      // Swept from one collection, still held by the other: kept, and the other's document is still listed.
      for (const id of [`doc_${gone}_a`, `doc_${back}`]) expect(await a.documents.delete(ctx.ns(), col, id)).toBe(true);
      await a.objects.create(objectOf(back));
      await a.documents.upsertMany([docOf(`doc_${back}`, back, col)]);
      expect(await b.documents.pruneTombstones(ctx.ns(), AFTER)).toBe(1);
      expect(await b.documents.pruneTombstones('ns_other', AFTER)).toBe(0);
      expect(await b.documents.listOrphaned(ctx.ns(), other, 10)).toEqual([{ documentId: `doc_${gone}_b`, objectId: gone }]);
      expect(await a.documents.delete(ctx.ns(), other, `doc_${gone}_b`)).toBe(true);
      expect(await b.documents.pruneTombstones(ctx.ns(), AFTER)).toBe(1);
      expect(await b.documents.pruneTombstones(ctx.ns(), AFTER)).toBe(0);
      // Gone: a document of the object written now (a late worker) is no longer listed; the live object's never was.
      await a.documents.upsertMany([docOf(`doc_${gone}_late`, gone, col)]);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([]);
      // Deleted again: a new tombstone, dated anew.
      await a.objects.delete(ctx.ns(), ctx.bucketId(), back, [], AFTER);
      expect(await b.documents.pruneTombstones(ctx.ns(), AFTER)).toBe(0);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([{ documentId: `doc_${back}`, objectId: back }]);
    });

    it('a bucket delete writes no tombstones and drops those of its objects (their documents stay); a namespace delete drops them all', async () => {
      const { a, b } = ctx.stores();
      const col = newId('collection');
      const bucket = newId('bucket');
      await a.buckets.create({
        namespaceId: ctx.ns(), bucketId: bucket, bucketName: `b-${bucket}`, description: null, bucketSchema: { properties: {} }, uniqueKey: null, metadata: {},
        createdAt: NOW, updatedAt: NOW,
      });
      const [first, second, here] = [newId('object'), newId('object'), newId('object')];
      await a.objects.create(objectOf(first, bucket));
      await a.objects.create(objectOf(second, bucket));
      await a.objects.create(objectOf(here));
      await a.documents.upsertMany([docOf(`doc_${first}`, first, col, bucket), docOf(`doc_${second}`, second, col, bucket), docOf(`doc_${here}`, here, col)]);
      await a.objects.delete(ctx.ns(), bucket, first, [], DELETED);
      await a.objects.delete(ctx.ns(), ctx.bucketId(), here, [], DELETED);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toHaveLength(2);
      expect(await a.buckets.delete(ctx.ns(), bucket)).toBe(true);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([{ documentId: `doc_${here}`, objectId: here }]);
      expect(await b.documents.count(ctx.ns(), col)).toBe(3);
      await a.namespaces.delete(ctx.ns());
      await a.documents.upsertMany([docOf(`doc_${here}`, here, col)]);
      expect(await b.documents.listOrphaned(ctx.ns(), col, 10)).toEqual([]);
    });

    it('stores schedules (CRUD, by bucket, across namespaces) and records each run once, newest first', async () => {
      const { a, b } = ctx.stores();
      const schedule: Schedule = {
        namespaceId: ctx.ns(), scheduleId: newId('schedule'), bucketId: ctx.bucketId(), scheduleName: 'nightly', description: null,
        trigger: { type: 'cron', expression: '0 2 * * *', timezone: 'Europe/Paris' }, selection: { mode: 'filter', filters: { AND: [{ field: 'metadata.kind', operator: 'eq', value: 'a' }] } },
        collectionIds: [], enabled: true, policy: ABORT, createdAt: NOW, updatedAt: NOW,
      };
      await a.schedules.create(schedule);
      expect(await b.schedules.find(ctx.ns(), schedule.scheduleId)).toEqual(schedule);
      expect(await b.schedules.find('ns_other', schedule.scheduleId)).toBeNull();
      expect((await b.schedules.list(ctx.ns(), { offset: 0, limit: 10, bucketId: ctx.bucketId() })).results.map((s) => s.scheduleId)).toEqual([schedule.scheduleId]);
      expect((await b.schedules.list(ctx.ns(), { offset: 0, limit: 10, bucketId: 'bkt_other' })).total).toBe(0);
      expect((await b.schedules.listAll()).some((s) => s.scheduleId === schedule.scheduleId)).toBe(true);
      const disabled = { ...schedule, enabled: false, trigger: { type: 'interval' as const, everySeconds: 60 } };
      expect(await a.schedules.update(disabled)).toBe(true);
      expect(await b.schedules.find(ctx.ns(), schedule.scheduleId)).toEqual(disabled);

      const run = (i: number): ScheduleRun => ({
        namespaceId: ctx.ns(), scheduleId: schedule.scheduleId, runId: `run_${schedule.scheduleId}${i}`, firedAt: `2026-11-29T12:0${i}:00.000Z`,
        status: 'SUBMITTED', batchId: null, objectCount: 0, reason: null,
      });
      expect(await a.schedules.recordRun(run(1))).toBe(true);
      expect(await b.schedules.recordRun(run(1))).toBe(false);
      expect(await a.schedules.recordRun(run(2))).toBe(true);
      expect(await a.schedules.updateRun({ ...run(2), status: 'SKIPPED', reason: 'overlap' })).toBe(true);
      const runs = await b.schedules.listRuns(ctx.ns(), schedule.scheduleId, { offset: 0, limit: 10 });
      expect(runs.total).toBe(2);
      expect(runs.results.map((r) => [r.runId, r.status])).toEqual([[run(2).runId, 'SKIPPED'], [run(1).runId, 'SUBMITTED']]);

      expect(await a.schedules.delete(ctx.ns(), schedule.scheduleId)).toBe(true);
      expect(await a.schedules.delete(ctx.ns(), schedule.scheduleId)).toBe(false);
      expect(await b.schedules.find(ctx.ns(), schedule.scheduleId)).toBeNull();
      expect((await b.schedules.listRuns(ctx.ns(), schedule.scheduleId, { offset: 0, limit: 10 })).total).toBe(0);
    });
  });
}
