import { type BatchTier, workChunkSize } from '@strata/domain';
import type { Logger, TierTotals } from '@strata/ports';
import { BatchPlanError, CollectionGoneError } from './coordinator-errors';
import { CoordinatorDeps, HeldBatch, TierPlanV1, chunkCount, planSlot, tierPlanKey } from './coordinator-types';

/** Object ids read per page when a retry round of tier 0 looks for the objects still to run. */
const OBJECTS_PAGE = 10_000;

/**
 * Decides what each tier of a batch fans out and persists it before the tier starts, so a
 * poller taking over publishes exactly the same chunks. Tier 0 of a first run is the batch's
 * objects by position (the batch-objects store is immutable once submitted); a later tier and
 * every tier of a retry round get a plan file (`tierPlanKey`).
 */
export class TierPlanner {
  constructor(
    private readonly deps: Pick<CoordinatorDeps, 'metadata' | 'objects'>,
    private readonly options: { workChunkSize: number; minTierMessages?: number },
  ) {}

  /** Whether a PENDING tier needs a plan (and totals) built before it starts. */
  needsPlan(tier: BatchTier): boolean {
    return tier.tier > 0 || tier.retryRound > 0;
  }

  /**
   * Builds and persists the plan of a tier about to start, and returns the totals to record.
   * Per collection: its source items (tier 0: the batch's objects; later: the documents its
   * sources wrote in this batch); in a retry round, only those with no recorded outcome: the
   * failures the retry removed, and for a later tier also the documents retried items of an
   * earlier tier newly wrote. Sources outside this batch's DAG are ignored: they wrote nothing
   * for it. @throws CollectionGoneError, BatchPlanError (permanent).
   */
  async planStart(state: HeldBatch, tier: BatchTier, tiers: readonly BatchTier[], log: Logger): Promise<TierTotals> {
    const { batch } = state;
    const sourcesOf = await this.sources(state, tier, tiers);
    const groups: TierPlanV1['groups'] = [];
    for (const collectionId of tier.collectionIds) {
      const items = await sourcesOf(collectionId, tier.retryRound > 0);
      groups.push({ collection_id: collectionId, item_ids: items });
    }
    const plan: TierPlanV1 = { version: 1, batch_id: batch.batchId, tier: tier.tier, groups };
    await this.deps.objects.put(
      tierPlanKey(batch.namespaceId, batch.batchId, tier.tier, tier.retryRound),
      Buffer.from(JSON.stringify(plan)),
      'application/json',
    );
    state.plans.set(planSlot(tier), plan);
    const pending = groups.reduce((n, g) => n + (g.item_ids?.length ?? 0), 0);
    if (tier.retryRound > 0) log.info({ tier: tier.tier, retry_round: tier.retryRound, items: pending }, 'retry round planned');
    // A retried tier keeps the outcomes it already has; its total grows by what runs again.
    const kept = tier.retryRound > 0 ? tier.succeededItems + tier.failedItems : 0;
    // The size is recorded with the tier: a poller taking over cuts the same chunks (ADR 0105).
    const chunkSize = workChunkSize(Math.max(0, ...groups.map((g) => g.item_ids?.length ?? 0)), this.options.workChunkSize, this.options.minTierMessages);
    return { totalItems: kept + pending, totalChunks: chunkCount(plan, chunkSize), chunkSize };
  }

  /** The tier's plan: tier 0 the batch's objects by position, a later tier (or a retry round) the plan written when it started. */
  async plan(state: HeldBatch, tier: BatchTier): Promise<TierPlanV1> {
    const cached = state.plans.get(planSlot(tier));
    if (cached !== undefined) return cached;
    let plan: TierPlanV1;
    if (tier.tier === 0 && tier.retryRound === 0) {
      plan = {
        version: 1,
        batch_id: state.batch.batchId,
        tier: 0,
        groups: tier.collectionIds.map((id) => ({ collection_id: id, object_count: state.batch.objectCount })),
      };
    } else {
      const key = tierPlanKey(state.batch.namespaceId, state.batch.batchId, tier.tier, tier.retryRound);
      plan = parseJson<TierPlanV1>(await this.deps.objects.get(key), `tier plan ${key}`);
    }
    state.plans.set(planSlot(tier), plan);
    return plan;
  }

  /**
   * Where each collection of `tier` takes its items from (in a retry round, without those that
   * have an outcome): one resolution for later tiers and retry rounds. Tier 0 pages through the
   * batch's objects, a retry round with the store's anti-join (objectIdsWithoutOutcome), so
   * neither the batch's ids nor its recorded outcomes are held whole (docs/adr/0100).
   */
  private async sources(
    state: HeldBatch,
    tier: BatchTier,
    tiers: readonly BatchTier[],
  ): Promise<(collectionId: string, retry: boolean) => Promise<string[]>> {
    const { batch } = state;
    const batches = this.deps.metadata.batches;
    if (tier.tier === 0) {
      return async (collectionId, retry) => {
        const items: string[] = [];
        for (let from = 0; from < batch.objectCount; from += OBJECTS_PAGE) {
          const limit = Math.min(OBJECTS_PAGE, batch.objectCount - from);
          const page = retry
            ? await batches.objectIdsWithoutOutcome(batch.batchId, tier.tier, collectionId, from, limit)
            : await batches.listObjectIds(batch.batchId, from, limit);
          for (const id of page) items.push(id);
        }
        return items;
      };
    }
    const earlierTiers = tiers.filter((t) => t.tier < tier.tier);
    const tierOf = new Map(earlierTiers.flatMap((t) => t.collectionIds.map((id) => [id, t] as const)));
    const collections = await this.deps.metadata.collections.findMany(batch.namespaceId, tier.collectionIds);
    const byId = new Map(collections.map((c) => [c.collectionId, c]));
    return async (collectionId, retry) => {
      const done = retry ? new Set(await batches.recordedItemIds(batch.batchId, tier.tier, collectionId)) : null;
      const collection = byId.get(collectionId);
      if (collection === undefined) throw new CollectionGoneError(batch.batchId, collectionId);
      const sources = collection.source.collectionIds.filter((id) => tierOf.has(id));
      const written = await this.deps.metadata.documents.listIdsWrittenByBatch(batch.namespaceId, batch.batchId, sources);
      const ids = new Set(written);
      for (const source of sources) for (const id of await this.unchangedDocuments(state, tierOf.get(source) as BatchTier, source)) ids.add(id);
      // Sorted: a poller repeating the plan after a takeover fans out the same chunks.
      const all = ids.size === written.length ? written : [...ids].sort();
      return done === null ? all : all.filter((id) => !done.has(id));
    };
  }

  /**
   * Documents of `sourceCollection` that items skipped as unchanged in this batch (so written by
   * an earlier run) stand for: a downstream collection still runs over them, and decides for
   * itself whether its own documents are up to date (incremental re-processing is per collection,
   * docs/adr/0050-batch-policies.md), so a collection added downstream after earlier runs is
   * filled. Nothing to look up when the source tier skipped no item.
   */
  private async unchangedDocuments(state: HeldBatch, sourceTier: BatchTier, sourceCollection: string): Promise<string[]> {
    if ((sourceTier.skippedItems ?? 0) === 0) return [];
    const { batch } = state;
    const completed = await this.deps.metadata.batches.recordedItemIds(batch.batchId, sourceTier.tier, sourceCollection, 'COMPLETED');
    if (completed.length === 0) return [];
    const states = await this.deps.metadata.documents.sourceStates(batch.namespaceId, sourceCollection, completed);
    return states.filter((s) => s.batchId !== batch.batchId).map((s) => s.documentId);
  }
}

/** A stored plan that does not parse will not parse on a retry either. */
function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (error) {
    throw new BatchPlanError(`${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
