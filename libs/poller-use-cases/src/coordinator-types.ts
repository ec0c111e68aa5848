import type { Batch, BatchTier, Clock } from '@strata/domain';
import type { EventPublisher, Logger, MetadataStore, ObjectStorage, TaskStore, VectorStore, WorkPublisher } from '@strata/ports';

export interface CoordinatorOptions {
  /** This poller's identity in leases; unique per process. */
  owner: string;
  leaseMs: number;
  /** Claim only batches of these namespaces; null = all. */
  namespaceIds: readonly string[] | null;
  /** Most items per work message (WORK_CHUNK_SIZE) for tiers this poller counts; a tier's recorded size wins (ADR 0105). */
  workChunkSize: number;
  /** Messages a tier is cut into at least when it has that many items (default MIN_TIER_MESSAGES). */
  minTierMessages?: number;
  /** Batches one poller drives at once; it stops claiming beyond that. */
  maxHeldBatches: number;
  /** Work messages published concurrently (then their progress is persisted). */
  publishWindow: number;
}

export interface CoordinatorDeps {
  metadata: MetadataStore;
  objects: ObjectStorage;
  /** Documents of objects deleted from the bucket are removed from it when a batch finishes. */
  vectors: VectorStore;
  tasks: TaskStore;
  work: WorkPublisher;
  events: EventPublisher;
  clock: Clock;
  logger: Logger;
}

/**
 * What one tier fans out: per collection, the source items in a stable order. Tier 0 of a first
 * run takes the batch's objects by position from the batch-objects store (`object_count`, read a
 * page per publish window, never all at once: docs/adr/0100-paged-batch-objects.md); a later tier
 * or a retry round lists its items (`item_ids`: the documents its source collections wrote in
 * this batch, or the items to run again), persisted at `<ns>/batches/<batch>/tier-<n>.json`
 * before the tier starts so a poller taking over publishes exactly the same chunks.
 */
export interface TierPlanV1 {
  version: 1;
  batch_id: string;
  tier: number;
  groups: TierPlanGroup[];
}

export interface TierPlanGroup {
  collection_id: string;
  /** The items, listed. */
  item_ids?: string[];
  /** Instead of item_ids: the batch's objects at positions 0..object_count-1. */
  object_count?: number;
}

/** How many items a plan group fans out. */
export function groupSize(group: TierPlanGroup): number {
  return group.item_ids?.length ?? group.object_count ?? 0;
}

export function tierPlanKey(namespaceId: string, batchId: string, tier: number, retryRound = 0): string {
  return retryRound === 0 ? `${namespaceId}/batches/${batchId}/tier-${tier}.json` : `${namespaceId}/batches/${batchId}/tier-${tier}-retry-${retryRound}.json`;
}

/** What this poller keeps in memory about a batch it holds; everything else is read from the stores. */
export interface HeldBatch {
  batch: Batch;
  /** Plans cached per tier and retry round ({@link planSlot}). */
  plans: Map<string, TierPlanV1>;
  running: Promise<void> | null;
  again: boolean;
  /** Consecutive transient step failures, and when the next step may run (epoch ms). */
  failures: number;
  retryAtMs: number;
}

export function heldBatch(batch: Batch): HeldBatch {
  return { batch, plans: new Map(), running: null, again: false, failures: 0, retryAtMs: 0 };
}

/** Plans are cached per tier and retry round. */
export const planSlot = (tier: BatchTier): string => `${tier.tier}:${tier.retryRound}`;

/** The batch's latest retry round (0 before any retry). */
export function retryRoundOf(tiers: readonly BatchTier[]): number {
  return tiers.reduce((n, t) => Math.max(n, t.retryRound), 0);
}

/** Work messages a plan makes: each group is cut into chunks of `size`. */
export function chunkCount(plan: TierPlanV1, size: number): number {
  return plan.groups.reduce((n, g) => n + Math.ceil(groupSize(g) / size), 0);
}
