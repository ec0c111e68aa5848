import { Batch, BatchTier, Collection, isTerminal } from '@strata/domain';
import { assessHealth, BatchHealth, BatchProgress, computeProgress, DEFAULT_HEALTH_THRESHOLDS, DEFAULT_RATE_WINDOW_MS, HealthThresholds, Reconciliation, statusMessage } from '@strata/status';
import type { IngestionDeps } from '../shared/deps';

/**
 * How many of a batch's object ids a batch answer carries (GET, create, add objects, list): the
 * first ones, in the order they were added, so the answer stays a few KB whatever the batch size.
 * The full list is paged by ListBatchObjects (`GET .../batches/{batch}/objects`); see docs/api.md.
 */
export const BATCH_OBJECT_IDS_SHOWN = 100;

/** Everything a client sees about a batch: its record, live progress, health and a summary. */
export interface BatchView {
  batch: Batch;
  /** The first BATCH_OBJECT_IDS_SHOWN object ids, and how many the batch has. */
  objectIds: { shown: string[]; count: number };
  tiers: BatchTier[];
  progress: BatchProgress;
  statusMessage: string;
  health: BatchHealth;
  estimatedCompletion: string | null;
}

export type BatchViewDeps = Pick<IngestionDeps, 'metadata' | 'clock'> & { healthThresholds?: HealthThresholds };

function stageNames(batch: Batch, collections: Collection[]): string[] {
  const byId = new Map(collections.map((c) => [c.collectionId, c]));
  return batch.dagTiers.map((ids) =>
    [...new Set(ids.map((id) => byId.get(id)).filter((c): c is Collection => c !== undefined).map((c) => `${c.featureExtractor.featureExtractorName}@${c.featureExtractor.version}`))].join(' + '),
  );
}

/** Builds the view from persisted state only, so every API replica computes the same. */
export async function viewOf(deps: BatchViewDeps, batch: Batch, tiers: BatchTier[], reconciliation?: Reconciliation[]): Promise<BatchView> {
  const nowMs = deps.clock.now();
  const samples =
    batch.status === 'PROCESSING' ? await deps.metadata.batches.recentCompletions(batch.batchId, nowMs - DEFAULT_RATE_WINDOW_MS) : [];
  const collections = await deps.metadata.collections.findMany(batch.namespaceId, batch.dagTiers.flat());
  const progress = computeProgress({
    status: batch.status,
    tiers,
    totalTiers: batch.dagTiers.length,
    stageNames: stageNames(batch, collections),
    samples,
    startedAt: batch.startedAt,
    nowMs,
  });
  const health = assessHealth(
    { status: batch.status, progress, tiers, lease: batch.lease, startedAt: batch.startedAt, nowMs, reconciliation },
    deps.healthThresholds ?? DEFAULT_HEALTH_THRESHOLDS,
  );
  const estimatedCompletion =
    progress.eta_seconds !== null && !isTerminal(batch.status) ? new Date(nowMs + progress.eta_seconds * 1_000).toISOString() : null;
  return {
    batch,
    objectIds: { shown: await deps.metadata.batches.listObjectIds(batch.batchId, 0, Math.min(batch.objectCount, BATCH_OBJECT_IDS_SHOWN)), count: batch.objectCount },
    tiers,
    progress,
    statusMessage: statusMessage(batch.status, progress, batch.objectCount),
    health,
    estimatedCompletion,
  };
}
