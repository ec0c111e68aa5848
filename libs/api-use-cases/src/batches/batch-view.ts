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

/**
 * Reads a batch view repeats that cannot change, or only slowly, kept per API process (bounded):
 * the first object ids of a submitted batch (immutable once it left DRAFT), and the collections
 * behind its stage names (they change only when a collection is deleted: kept CACHE_TTL_MS).
 * Progress, tiers and the batch record are read on every request: GET batch stays a few indexed
 * reads whatever the batch size (docs/adr/0100-paged-batch-objects.md, docs/benchmarks.md).
 */
const CACHE_TTL_MS = 10_000;
const CACHE_ENTRIES = 1_000;

class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  get(key: string, now: number): V | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    if (hit.expiresAt < now) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V, now: number, ttlMs: number): void {
    if (this.entries.size >= CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: now + ttlMs });
  }
}

const shownIdsCache = new BoundedCache<string[]>();
const collectionsCache = new BoundedCache<Collection[]>();

async function shownIdsOf(deps: BatchViewDeps, batch: Batch, now: number): Promise<string[]> {
  const limit = Math.min(batch.objectCount, BATCH_OBJECT_IDS_SHOWN);
  if (batch.status === 'DRAFT') return deps.metadata.batches.listObjectIds(batch.batchId, 0, limit);
  const cached = shownIdsCache.get(batch.batchId, now);
  if (cached !== undefined && cached.length === limit) return cached;
  const ids = await deps.metadata.batches.listObjectIds(batch.batchId, 0, limit);
  shownIdsCache.set(batch.batchId, ids, now, Number.MAX_SAFE_INTEGER / 2);
  return ids;
}

async function collectionsOf(deps: BatchViewDeps, batch: Batch, now: number): Promise<Collection[]> {
  const ids = batch.dagTiers.flat();
  if (ids.length === 0) return [];
  const key = `${batch.namespaceId}/${ids.join(',')}`;
  const cached = collectionsCache.get(key, now);
  if (cached !== undefined) return cached;
  const collections = await deps.metadata.collections.findMany(batch.namespaceId, ids);
  collectionsCache.set(key, collections, now, CACHE_TTL_MS);
  return collections;
}

/** Builds the view from persisted state only, so every API replica computes the same. */
export async function viewOf(deps: BatchViewDeps, batch: Batch, tiers: BatchTier[], reconciliation?: Reconciliation[]): Promise<BatchView> {
  const nowMs = deps.clock.now();
  const samples =
    batch.status === 'PROCESSING' ? await deps.metadata.batches.recentCompletions(batch.batchId, nowMs - DEFAULT_RATE_WINDOW_MS) : [];
  const collections = await collectionsOf(deps, batch, nowMs);
  const progress = computeProgress({
    status: batch.status,
    tiers,
    totalTiers: batch.dagTiers.length,
    stageNames: stageNames(batch, collections),
    samples,
    startedAt: batch.startedAt,
    nowMs,
    tierCollectionCounts: batch.dagTiers.map((ids) => ids.length),
  });
  const health = assessHealth(
    {
      status: batch.status,
      progress,
      tiers,
      lease: batch.lease,
      startedAt: batch.startedAt,
      // The last change of a QUEUED batch is when it became QUEUED (submit, or a retry).
      queuedAt: batch.status === 'QUEUED' ? batch.updatedAt : null,
      nowMs,
      reconciliation,
    },
    deps.healthThresholds ?? DEFAULT_HEALTH_THRESHOLDS,
  );
  const estimatedCompletion =
    progress.eta_seconds !== null && !isTerminal(batch.status) ? new Date(nowMs + progress.eta_seconds * 1_000).toISOString() : null;
  return {
    batch,
    objectIds: { shown: await shownIdsOf(deps, batch, nowMs), count: batch.objectCount },
    tiers,
    progress,
    statusMessage: statusMessage(batch.status, progress, batch.objectCount),
    health,
    estimatedCompletion,
  };
}
