import type { WorkItemV1 } from '@strata/contracts';
import type { Batch, BatchTier } from '@strata/domain';
import type { Logger } from '@strata/ports';
import { BatchPlanError, CollectionGoneError } from './coordinator-errors';
import { CoordinatorDeps, CoordinatorOptions, TierPlanV1 } from './coordinator-types';

/**
 * Publishes a tier's chunks as work messages from where the last holder stopped. Chunks are
 * numbered collection by collection; the bus drops a chunk published twice (same message id),
 * so resuming from the persisted count never duplicates work.
 */
export class ChunkPublisher {
  constructor(
    private readonly deps: Pick<CoordinatorDeps, 'metadata' | 'work'>,
    private readonly options: Pick<CoordinatorOptions, 'workChunkSize' | 'publishWindow'>,
    /** Checked between windows: a stopping poller hands the rest to the next holder. */
    private readonly stopped: () => boolean,
  ) {}

  /** @throws BatchPlanError when the plan and the recorded chunk count disagree, CollectionGoneError (permanent). */
  async publish(batch: Batch, tier: BatchTier, plan: TierPlanV1, log: Logger): Promise<void> {
    const size = this.options.workChunkSize;
    // Global chunk number -> (group, chunk within the group).
    const slots: Array<{ group: TierPlanV1['groups'][number]; chunk: number }> = [];
    for (const group of plan.groups) {
      const count = Math.ceil(group.item_ids.length / size);
      for (let chunk = 0; chunk < count; chunk += 1) slots.push({ group, chunk });
    }
    if (slots.length !== tier.totalChunks) {
      throw new BatchPlanError(`tier ${tier.tier} of batch ${batch.batchId} has ${slots.length} chunks planned but ${tier.totalChunks} recorded`);
    }
    const collections = await this.deps.metadata.collections.findMany(batch.namespaceId, tier.collectionIds);
    const byId = new Map(collections.map((c) => [c.collectionId, c]));
    let next = tier.publishedChunks;
    while (next < tier.totalChunks && !this.stopped()) {
      const end = Math.min(next + this.options.publishWindow, tier.totalChunks);
      const sends: Promise<void>[] = [];
      for (let k = next; k < end; k += 1) {
        const { group, chunk } = slots[k] as (typeof slots)[number];
        const collection = byId.get(group.collection_id);
        if (collection === undefined) throw new CollectionGoneError(batch.batchId, group.collection_id);
        const item: WorkItemV1 = {
          schema: 'strata.work-item',
          version: 1,
          batch_id: batch.batchId,
          namespace_id: batch.namespaceId,
          bucket_id: batch.bucketId,
          tier: tier.tier,
          collection_id: group.collection_id,
          extractor: `${collection.featureExtractor.featureExtractorName}@${collection.featureExtractor.version}`,
          chunk,
          item_ids: group.item_ids.slice(chunk * size, (chunk + 1) * size),
          ...(tier.retryRound > 0 ? { retry_round: tier.retryRound } : {}),
        };
        sends.push(this.deps.work.publishWork(item, batch.batchId));
      }
      await Promise.all(sends);
      await this.deps.metadata.batches.recordPublished(batch.batchId, tier.tier, end);
      next = end;
    }
    log.info({ tier: tier.tier, chunks: tier.totalChunks }, 'tier published');
  }
}
