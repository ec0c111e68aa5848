import type { WorkItemV1 } from '@strata/contracts';
import type { Batch, BatchTier } from '@strata/domain';
import type { Logger } from '@strata/ports';
import { BatchPlanError, CollectionGoneError } from './coordinator-errors';
import { CoordinatorDeps, CoordinatorOptions, TierPlanGroup, TierPlanV1, groupSize } from './coordinator-types';

/**
 * Publishes a tier's chunks as work messages from where the last holder stopped. Chunks are
 * numbered collection by collection; the bus drops a chunk published twice (same message id),
 * so resuming from the persisted count never duplicates work. A group of the batch's objects is
 * read one publish window at a time (a range of positions), so memory does not grow with the
 * batch (docs/adr/0100-paged-batch-objects.md).
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
    // The size the tier's chunks were counted with; a tier recorded before sizes were stored was
    // counted with WORK_CHUNK_SIZE, which batch-api and the poller then had to agree on.
    const size = tier.chunkSize ?? this.options.workChunkSize;
    // Global chunk number k -> (group, chunk within the group): groups in order, each a run of chunks.
    const starts: number[] = [];
    let planned = 0;
    for (const group of plan.groups) {
      starts.push(planned);
      planned += Math.ceil(groupSize(group) / size);
    }
    if (planned !== tier.totalChunks) {
      throw new BatchPlanError(`tier ${tier.tier} of batch ${batch.batchId} has ${planned} chunks planned but ${tier.totalChunks} recorded`);
    }
    const slot = (k: number): { group: TierPlanGroup; chunk: number } => {
      let g = plan.groups.length - 1;
      while (g > 0 && (starts[g] as number) > k) g -= 1;
      return { group: plan.groups[g] as TierPlanGroup, chunk: k - (starts[g] as number) };
    };
    const collections = await this.deps.metadata.collections.findMany(batch.namespaceId, tier.collectionIds);
    const byId = new Map(collections.map((c) => [c.collectionId, c]));
    let next = tier.publishedChunks;
    while (next < tier.totalChunks && !this.stopped()) {
      const end = Math.min(next + this.options.publishWindow, tier.totalChunks);
      const sends: Promise<void>[] = [];
      const pages = new Map<TierPlanGroup, { first: number; ids: string[] }>();
      for (let k = next; k < end; k += 1) {
        const { group, chunk } = slot(k);
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
          item_ids: await this.itemsOf(batch.batchId, group, chunk, Math.min(end - k, Math.ceil(groupSize(group) / size) - chunk), size, pages),
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

  /**
   * The items of one chunk. For a group of the batch's objects, the first chunk of the group in a
   * window reads the window's whole range of positions (`chunksAhead` chunks) in one call.
   */
  private async itemsOf(
    batchId: string,
    group: TierPlanGroup,
    chunk: number,
    chunksAhead: number,
    size: number,
    pages: Map<TierPlanGroup, { first: number; ids: string[] }>,
  ): Promise<string[]> {
    if (group.item_ids !== undefined) return group.item_ids.slice(chunk * size, (chunk + 1) * size);
    let page = pages.get(group);
    if (page === undefined) {
      const from = chunk * size;
      const limit = Math.min(chunksAhead * size, (group.object_count ?? 0) - from);
      page = { first: chunk, ids: await this.deps.metadata.batches.listObjectIds(batchId, from, limit) };
      pages.set(group, page);
    }
    const at = (chunk - page.first) * size;
    const ids = page.ids.slice(at, at + size);
    const expected = Math.min(size, (group.object_count ?? 0) - chunk * size);
    if (ids.length !== expected) {
      throw new BatchPlanError(`batch ${batchId} has ${page.first * size + page.ids.length} object positions readable but chunk ${chunk} needs ${expected} from ${chunk * size}`);
    }
    return ids;
  }
}
