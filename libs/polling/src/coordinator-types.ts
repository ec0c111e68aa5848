import type { BatchManifestV1 } from '@strata/contracts';
import type { Batch, BatchTier, Clock } from '@strata/domain';
import type { EventPublisher, Logger, MetadataStore, ObjectStorage, TaskStore, VectorStore, WorkPublisher } from '@strata/ports';

export interface CoordinatorOptions {
  /** This poller's identity in leases; unique per process. */
  owner: string;
  leaseMs: number;
  /** Claim only batches of these namespaces; null = all. */
  namespaceIds: readonly string[] | null;
  /** Items per work message. Must match the API's (it fixes totalChunks at submit). */
  workChunkSize: number;
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
 * What one tier fans out: per collection, the source items in a stable order. Tier 0 takes the
 * batch's objects; a later tier takes the documents its source collections wrote in this batch,
 * persisted at `<ns>/batches/<batch>/tier-<n>.json` before the tier starts so a poller taking
 * over publishes exactly the same chunks.
 */
export interface TierPlanV1 {
  version: 1;
  batch_id: string;
  tier: number;
  groups: Array<{ collection_id: string; item_ids: string[] }>;
}

export function tierPlanKey(namespaceId: string, batchId: string, tier: number, retryRound = 0): string {
  return retryRound === 0 ? `${namespaceId}/batches/${batchId}/tier-${tier}.json` : `${namespaceId}/batches/${batchId}/tier-${tier}-retry-${retryRound}.json`;
}

/** What this poller keeps in memory about a batch it holds; everything else is read from the stores. */
export interface HeldBatch {
  batch: Batch;
  manifest: BatchManifestV1 | null;
  /** Plans cached per tier and retry round ({@link planSlot}). */
  plans: Map<string, TierPlanV1>;
  running: Promise<void> | null;
  again: boolean;
  /** Consecutive transient step failures, and when the next step may run (epoch ms). */
  failures: number;
  retryAtMs: number;
}

export function heldBatch(batch: Batch): HeldBatch {
  return { batch, manifest: null, plans: new Map(), running: null, again: false, failures: 0, retryAtMs: 0 };
}

/** Plans are cached per tier and retry round. */
export const planSlot = (tier: BatchTier): string => `${tier.tier}:${tier.retryRound}`;

/** The batch's latest retry round (0 before any retry). */
export function retryRoundOf(tiers: readonly BatchTier[]): number {
  return tiers.reduce((n, t) => Math.max(n, t.retryRound), 0);
}

/** Work messages a plan makes: each group is cut into chunks of `size`. */
export function chunkCount(plan: TierPlanV1, size: number): number {
  return plan.groups.reduce((n, g) => n + Math.ceil(g.item_ids.length / size), 0);
}
