import { DomainEventV1 } from '@strata/contracts';
import { Collection, StoredObject, draftBatch, newId, pendingTier } from '@strata/domain';
import type { MetadataStore, OutboxMessage } from '@strata/ports';

const NOW = '2026-11-29T12:00:00.000Z';

function message(batchId: string, type: string): OutboxMessage {
  const event: DomainEventV1 = {
    event_id: newId('event'),
    event_type: type as DomainEventV1['event_type'],
    occurred_at: NOW,
    namespace_id: 'ns',
    subject: { type: 'batch', id: batchId },
    metadata: { batch_id: batchId, status: 'X' },
    version: 1,
  };
  return { event, correlationId: `corr-${batchId}` };
}

/**
 * The transactional outbox (docs/adr/0095-transactional-outbox.md): events are written only when
 * the state change they report applies, and relays claim them under a lease. Registered inside
 * metadataStoreConformance's describe (two handles `a` and `b` on one store).
 */
function lifecycle(subject: 'object' | 'collection', id: string, type: string): OutboxMessage {
  const event: DomainEventV1 = {
    event_id: newId('event'),
    event_type: type as DomainEventV1['event_type'],
    occurred_at: NOW,
    namespace_id: 'ns',
    subject: { type: subject, id },
    metadata: { [`${subject}_id`]: id },
    version: 1,
  };
  return { event, correlationId: null };
}

export function outboxConformance(ctx: {
  stores: () => { a: MetadataStore; b: MetadataStore };
  ns: () => string;
  bucketId: () => string;
  /** The server enforces unique indexes (a clash must roll the event back with the row). */
  uniqueIndexes: boolean;
}): void {
  describe('transactional outbox', () => {
    /** Rows this test wrote, claimed with a wide-open window (other tests' rows are in other stores or prefixes). */
    async function claimAll(store: MetadataStore, owner: string, now = Date.now() + 10_000) {
      return store.outbox.claim({ owner, now, leaseMs: 5_000, createdBefore: now, limit: 100 });
    }

    it('writes an event only with a state change that applied, once per event id; relays claim under a lease', async () => {
      const { a, b } = ctx.stores();
      const batch = draftBatch({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), batchId: newId('batch'), objectIds: ['obj_1'], now: NOW, metadata: {} });
      await a.batches.create(batch);
      const submitMsg = message(batch.batchId, 'batch.queued');
      const submit = {
        from: 'DRAFT' as const,
        to: 'QUEUED' as const,
        taskId: newId('task'),
        manifestKey: 'm',
        dagTiers: [['col_aaaaaaaaaa']],
        tiers: [pendingTier({ batchId: batch.batchId, tier: 0, collectionIds: ['col_aaaaaaaaaa'], totalItems: 1, totalChunks: 1 })],
        includeProcessingHistory: false,
        submittedAt: NOW,
      };
      expect(await a.batches.submit(ctx.ns(), batch.batchId, { ...submit, outbox: [submitMsg] })).toBe(true);
      // A submit that lost (the batch is not DRAFT any more) writes no event.
      expect(await b.batches.submit(ctx.ns(), batch.batchId, { ...submit, taskId: newId('task'), outbox: [message(batch.batchId, 'batch.queued')] })).toBe(false);

      const captured: OutboxMessage[] = [];
      const claimed = await a.batches.claimNext({
        owner: 'poller-1',
        leaseMs: 60_000,
        now: Date.now(),
        namespaceIds: [ctx.ns()],
        from: 'QUEUED',
        to: 'PROCESSING',
        claimEvents: (claimedBatch, tiers) => {
          expect(claimedBatch.batchId).toBe(batch.batchId);
          expect(tiers.map((t) => t.tier)).toEqual([0]);
          captured.push(message(batch.batchId, 'batch.processing'));
          return captured.slice(-1);
        },
      });
      expect(claimed?.takeover).toBe(false);
      const processing = captured[captured.length - 1] as OutboxMessage;
      expect(processing).toBeDefined();

      const tierMsg = message(batch.batchId, 'batch.tier.completed');
      expect(await a.batches.completeTier(batch.batchId, 0, 'COMPLETED', NOW, [tierMsg])).toBe(true);
      expect(await a.batches.completeTier(batch.batchId, 0, 'COMPLETED', NOW, [message(batch.batchId, 'batch.tier.completed')])).toBe(false);
      const doneMsg = message(batch.batchId, 'batch.completed');
      // Someone else's lease: not applied, no event.
      expect(await b.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'COMPLETED', owner: 'poller-2', now: NOW, outbox: [message(batch.batchId, 'batch.completed')] })).toBe(false);
      expect(await a.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: 'COMPLETED', owner: 'poller-1', now: NOW, outbox: [doneMsg] })).toBe(true);
      // The same event id again (a repeat) is ignored.
      await b.outbox.add([doneMsg], Date.now());

      expect(await b.outbox.pendingCount()).toBe(4);
      // Within the writer's grace nothing is claimable.
      expect(await b.outbox.claim({ owner: 'relay-b', now: Date.now(), leaseMs: 5_000, createdBefore: Date.now() - 60_000, limit: 100 })).toEqual([]);
      const got = await claimAll(b, 'relay-b');
      expect(got.map((e) => e.event.event_type)).toEqual(['batch.queued', 'batch.processing', 'batch.tier.completed', 'batch.completed']);
      expect(got.map((e) => e.event.event_id)).toEqual([submitMsg, processing, tierMsg, doneMsg].map((m) => m.event.event_id));
      expect(got[0]).toMatchObject({ event: submitMsg.event, correlationId: `corr-${batch.batchId}`, attempts: 0 });
      // Claimed by b: another relay gets nothing until b's lease runs out.
      expect(await claimAll(a, 'relay-a')).toEqual([]);
      const afterLease = Date.now() + 20_000;
      expect((await a.outbox.claim({ owner: 'relay-a', now: afterLease, leaseMs: 5_000, createdBefore: afterLease, limit: 1 })).map((e) => e.event.event_type)).toEqual(['batch.queued']);

      // Sent rows are never claimed again; a failed one comes back after its back-off with the attempt counted.
      await b.outbox.markSent([submitMsg.event.event_id, tierMsg.event.event_id, doneMsg.event.event_id], Date.now());
      await b.outbox.retryLater((processing).event.event_id, Date.now() + 30_000, 'nats down');
      expect(await a.outbox.pendingCount()).toBe(1);
      expect(await claimAll(a, 'relay-a', Date.now() + 10_000)).toEqual([]);
      const retried = await claimAll(a, 'relay-a', Date.now() + 40_000);
      expect(retried.map((e) => [e.event.event_type, e.attempts])).toEqual([['batch.processing', 1]]);
      await a.outbox.markSent([retried[0]?.event.event_id as string], Date.now());
      expect(await a.outbox.pendingCount()).toBe(0);
      expect(await a.outbox.pruneSent(Date.now() + 1)).toBe(4);
    });

    it('writes the worker\'s documents.written event with the outcomes it records, once per event id also on a redelivery', async () => {
      const { a, b } = ctx.stores();
      const batch = draftBatch({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), batchId: newId('batch'), objectIds: ['obj_1', 'obj_2'], now: NOW, metadata: {} });
      await a.batches.create(batch);
      expect(
        await a.batches.submit(ctx.ns(), batch.batchId, {
          from: 'DRAFT',
          to: 'QUEUED',
          taskId: newId('task'),
          manifestKey: 'm',
          dagTiers: [['col_aaaaaaaaaa']],
          tiers: [pendingTier({ batchId: batch.batchId, tier: 0, collectionIds: ['col_aaaaaaaaaa'], totalItems: 2, totalChunks: 1 })],
          includeProcessingHistory: false,
          submittedAt: NOW,
        }),
      ).toBe(true);
      const outcomes = [
        { itemId: 'obj_1', collectionId: 'col_aaaaaaaaaa', status: 'COMPLETED' as const, documentsWritten: 2 },
        { itemId: 'obj_2', collectionId: 'col_aaaaaaaaaa', status: 'COMPLETED' as const, documentsWritten: 1 },
      ];
      const written = message(batch.batchId, 'collection.documents.written');
      // Outcomes without an event (an earlier slice of the message) write none.
      expect((await a.batches.recordOutcomes(batch.batchId, 0, outcomes.slice(0, 1), NOW)).newlyRecorded).toBe(1);
      expect(await b.outbox.pendingCount()).toBe(0);
      expect((await a.batches.recordOutcomes(batch.batchId, 0, outcomes.slice(1), NOW, undefined, [written])).newlyRecorded).toBe(1);
      // A redelivery records nothing new and repeats the same event id: still one row.
      const again = await b.batches.recordOutcomes(batch.batchId, 0, outcomes, NOW, undefined, [written]);
      expect(again.newlyRecorded).toBe(0);
      expect(again.tier).toMatchObject({ succeededItems: 2, documentsWritten: 3 });
      expect(await b.outbox.pendingCount()).toBe(1);
      const got = await claimAll(a, 'relay-a');
      expect(got.map((e) => e.event)).toEqual([written.event]);
      expect(got[0]?.correlationId).toBe(`corr-${batch.batchId}`);
    });

    it('writes object and collection lifecycle events with the change that applied, never without it', async () => {
      const { a, b } = ctx.stores();
      const object: StoredObject = {
        namespaceId: ctx.ns(),
        bucketId: ctx.bucketId(),
        objectId: newId('object'),
        keyPrefix: null,
        metadata: {},
        blobs: [],
        uniqueKeyValue: null,
        createdAt: NOW,
        updatedAt: NOW,
      };
      const created = lifecycle('object', object.objectId, 'object.created');
      await a.objects.create(object, [created]);
      const updated = lifecycle('object', object.objectId, 'object.updated');
      expect(await b.objects.update({ ...object, metadata: { k: 1 } }, [updated])).toBe(true);
      // A change that did not apply (no such object) writes no event.
      const missing = { ...object, objectId: newId('object') };
      expect(await b.objects.update(missing, [lifecycle('object', missing.objectId, 'object.updated')])).toBe(false);
      expect(await b.objects.delete(ctx.ns(), ctx.bucketId(), missing.objectId, [lifecycle('object', missing.objectId, 'object.deleted')])).toBe(false);
      const deleted = lifecycle('object', object.objectId, 'object.deleted');
      expect(await a.objects.delete(ctx.ns(), ctx.bucketId(), object.objectId, [deleted])).toBe(true);
      expect(await a.objects.find(ctx.ns(), ctx.bucketId(), object.objectId)).toBeNull();
      // The bulk route's chunk: its objects and its one event in one write.
      const chunk = [{ ...object, objectId: newId('object') }, { ...object, objectId: newId('object') }];
      const bulk = lifecycle('object', chunk[0]?.objectId as string, 'object.bulk_created');
      await a.objects.createMany(chunk, [bulk]);

      const collection: Collection = {
        namespaceId: ctx.ns(),
        collectionId: newId('collection'),
        collectionName: 'outboxed',
        description: null,
        source: { type: 'bucket', bucketIds: [ctx.bucketId()], collectionIds: [] },
        featureExtractor: { featureExtractorName: 'text_extractor', version: 'v1', parameters: {}, inputMappings: { text: 'content' } },
        vectorIndexes: [],
        enabled: true,
        metadata: {},
        createdAt: NOW,
        updatedAt: NOW,
      };
      const colCreated = lifecycle('collection', collection.collectionId, 'collection.created');
      await a.collections.create(collection, [colCreated]);
      if (ctx.uniqueIndexes) {
        // The row's write fails (name taken): its event is rolled back with it.
        const clash = { ...collection, collectionId: newId('collection') };
        await expect(b.collections.create(clash, [lifecycle('collection', clash.collectionId, 'collection.created')])).rejects.toThrow();
      }
      const colUpdated = lifecycle('collection', collection.collectionId, 'collection.updated');
      expect(await b.collections.update(ctx.ns(), collection.collectionId, { description: 'd' }, NOW, [colUpdated])).toMatchObject({ description: 'd' });
      const gone = newId('collection');
      expect(await b.collections.update(ctx.ns(), gone, { description: 'd' }, NOW, [lifecycle('collection', gone, 'collection.updated')])).toBeNull();
      expect(await b.collections.delete(ctx.ns(), gone, [lifecycle('collection', gone, 'collection.deleted')])).toBe(false);
      const colDeleted = lifecycle('collection', collection.collectionId, 'collection.deleted');
      expect(await a.collections.delete(ctx.ns(), collection.collectionId, [colDeleted])).toBe(true);

      const expected = [created, updated, deleted, bulk, colCreated, colUpdated, colDeleted];
      expect(await b.outbox.pendingCount()).toBe(expected.length);
      const got = await claimAll(b, 'relay-b');
      expect(got.map((e) => e.event.event_id)).toEqual(expected.map((m) => m.event.event_id));
      expect(got[0]).toMatchObject({ event: created.event, correlationId: null, attempts: 0 });
    });
  });
}
