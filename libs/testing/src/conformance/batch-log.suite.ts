import { draftBatch, newId, pendingTier } from '@strata/domain';
import type { MetadataStore } from '@strata/ports';

const NOW = '2026-11-29T12:00:00.000Z';
const at = (s: number) => new Date(Date.parse(NOW) + s * 1_000).toISOString();
const COL = 'col_aaaaaaaaaa';

/** A batch's log (docs/adr/0077-batch-logs.md): every transition method of the repository writes its line. */
export function batchLogConformance(ctx: { stores: () => { a: MetadataStore; b: MetadataStore }; ns: () => string; bucketId: () => string }): void {
  describe('batch log', () => {
    it('records create, submit, claim, tiers, failures, finish, retry and cancel in write order, by tier, paged', async () => {
      const { a, b } = ctx.stores();
      const batch = draftBatch({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), batchId: newId('batch'), objectIds: ['obj_1', 'obj_2'], now: NOW });
      const id = batch.batchId;
      await a.batches.create(batch);
      await a.batches.submit(ctx.ns(), id, {
        from: 'DRAFT', to: 'QUEUED', taskId: 'task_t', manifestKey: 'm', dagTiers: [[COL]],
        tiers: [pendingTier({ batchId: id, tier: 0, collectionIds: [COL], totalItems: 2, totalChunks: 1 })],
        includeProcessingHistory: false, submittedAt: at(1),
      });
      const claimed = await a.batches.claimNext({ owner: 'p1', leaseMs: 60_000, now: Date.parse(at(2)), namespaceIds: [ctx.ns()], from: 'QUEUED', to: 'PROCESSING' });
      expect(claimed?.batch.batchId).toBe(id);
      expect(await a.batches.startTier(id, 0, 'p1', at(3))).toBe(true);
      // Starting again changes nothing and writes no line.
      expect(await a.batches.startTier(id, 0, 'p1', at(3))).toBe(true);
      const failure = { itemId: 'obj_2', collectionId: COL, status: 'FAILED' as const, documentsWritten: 0, error: { category: 'runtime' as const, message: 'boom', stage: 'extract' } };
      await a.batches.recordOutcomes(id, 0, [{ itemId: 'obj_1', collectionId: COL, status: 'COMPLETED', documentsWritten: 1 }, failure], at(4));
      // A redelivered outcome is recorded once, so is its line.
      await b.batches.recordOutcomes(id, 0, [failure], at(5));
      expect(await a.batches.completeTier(id, 0, 'COMPLETED_WITH_ERRORS', at(6))).toBe(true);
      expect(await a.batches.completeTier(id, 0, 'COMPLETED', at(6))).toBe(false);
      expect(await a.batches.changeStatus(id, { from: 'PROCESSING', to: 'COMPLETED_WITH_ERRORS', owner: 'p1', now: at(7) })).toBe(true);
      // A change that does not apply writes nothing.
      expect(await a.batches.changeStatus(id, { from: 'PROCESSING', to: 'FAILED', owner: 'p1', now: at(7) })).toBe(false);
      expect(
        await a.batches.reopenForRetry(ctx.ns(), id, { from: 'COMPLETED_WITH_ERRORS', to: 'QUEUED', items: [{ tier: 0, collectionId: COL, itemId: 'obj_2' }], reopenTiers: [0], now: at(8) }),
      ).toBe(true);
      expect(await a.batches.changeStatus(id, { from: 'QUEUED', to: 'CANCELED', owner: null, now: at(9), error: 'canceled on request' })).toBe(true);

      const log = await b.batches.listLog(id, { tier: null, offset: 0, limit: 100 });
      expect(log.total).toBe(9);
      expect(log.results.map((e) => [e.event, e.tier, e.from, e.to, e.at])).toEqual([
        ['batch.created', null, null, 'DRAFT', NOW],
        ['batch.submitted', null, 'DRAFT', 'QUEUED', at(1)],
        ['batch.claimed', null, 'QUEUED', 'PROCESSING', at(2)],
        ['tier.started', 0, 'PENDING', 'PROCESSING', at(3)],
        ['item.failed', 0, null, null, at(4)],
        ['tier.finished', 0, 'PROCESSING', 'COMPLETED_WITH_ERRORS', at(6)],
        ['batch.finished', null, 'PROCESSING', 'COMPLETED_WITH_ERRORS', at(7)],
        ['batch.retried', null, 'COMPLETED_WITH_ERRORS', 'QUEUED', at(8)],
        ['batch.canceled', null, 'QUEUED', 'CANCELED', at(9)],
      ]);
      expect(log.results[4]).toMatchObject({ level: 'error', details: { item_id: 'obj_2', collection_id: COL, category: 'runtime', stage: 'extract', error: 'boom' } });
      expect(log.results[7]).toMatchObject({ details: { items: 1, reopened_tiers: [0] } });
      expect(log.results[8]).toMatchObject({ level: 'warning', details: { error: 'canceled on request' } });

      const tier0 = await b.batches.listLog(id, { tier: 0, offset: 1, limit: 1 });
      expect({ total: tier0.total, events: tier0.results.map((e) => e.event) }).toEqual({ total: 3, events: ['item.failed'] });
      expect(await b.batches.listLog('btch_missing00', { tier: null, offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });

      // Deleting the batch deletes its log.
      expect(await a.batches.delete(ctx.ns(), id)).toBe(true);
      expect(await b.batches.listLog(id, { tier: null, offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });
    });

    it('records a takeover of an expired lease', async () => {
      const { a, b } = ctx.stores();
      const batch = draftBatch({ namespaceId: ctx.ns(), bucketId: ctx.bucketId(), batchId: newId('batch'), objectIds: ['obj_1'], now: NOW });
      await a.batches.create(batch);
      await a.batches.submit(ctx.ns(), batch.batchId, {
        from: 'DRAFT', to: 'QUEUED', taskId: 'task_u', manifestKey: 'm', dagTiers: [[COL]],
        tiers: [pendingTier({ batchId: batch.batchId, tier: 0, collectionIds: [COL], totalItems: 1, totalChunks: 1 })],
        includeProcessingHistory: false, submittedAt: NOW,
      });
      const claim = (owner: string, s: number) => ({ owner, leaseMs: 1_000, now: Date.parse(at(s)), namespaceIds: [ctx.ns()], from: 'QUEUED' as const, to: 'PROCESSING' as const });
      await a.batches.claimNext(claim('p1', 1));
      expect((await b.batches.claimNext(claim('p2', 10)))?.takeover).toBe(true);
      const log = await b.batches.listLog(batch.batchId, { tier: null, offset: 0, limit: 10 });
      expect(log.results.at(-1)).toMatchObject({ event: 'batch.taken_over', level: 'warning', details: { poller: 'p2', previous_poller: 'p1' } });
    });
  });
}
