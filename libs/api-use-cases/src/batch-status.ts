import { Batch, BatchStatus, BatchTier, Collection, isTerminal } from '@strata/domain';
import {
  BatchHealth,
  BatchProgress,
  DEFAULT_HEALTH_THRESHOLDS,
  DEFAULT_RATE_WINDOW_MS,
  HealthThresholds,
  Reconciliation,
  assessHealth,
  computeProgress,
  statusMessage,
} from '@strata/status';
import type { IngestionDeps } from './deps';
import { GetBatch } from './batches';
import { GetBucket } from './buckets';

/** Everything a client sees about a batch: its record, live progress, health and a summary. */
export interface BatchView {
  batch: Batch;
  tiers: BatchTier[];
  progress: BatchProgress;
  statusMessage: string;
  health: BatchHealth;
  estimatedCompletion: string | null;
}

type Deps = Pick<IngestionDeps, 'metadata' | 'clock'> & { healthThresholds?: HealthThresholds };

function stageNames(batch: Batch, collections: Collection[]): string[] {
  const byId = new Map(collections.map((c) => [c.collectionId, c]));
  return batch.dagTiers.map((ids) =>
    [...new Set(ids.map((id) => byId.get(id)).filter((c): c is Collection => c !== undefined).map((c) => `${c.featureExtractor.featureExtractorName}@${c.featureExtractor.version}`))].join(' + '),
  );
}

/** Builds the view from persisted state only, so every API replica computes the same. */
export async function viewOf(deps: Deps, batch: Batch, tiers: BatchTier[], reconciliation?: Reconciliation[]): Promise<BatchView> {
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
    tiers,
    progress,
    statusMessage: statusMessage(batch.status, progress, batch.objectIds.length),
    health,
    estimatedCompletion,
  };
}

/** The view of a batch the caller already holds (just created or changed), without reading it again. */
export class BuildBatchView {
  constructor(private readonly deps: Deps) {}

  execute(batch: Batch, tiers: BatchTier[] = []): Promise<BatchView> {
    return viewOf(this.deps, batch, tiers);
  }
}

export class DescribeBatch {
  private readonly get: GetBatch;

  constructor(private readonly deps: Deps) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string): Promise<BatchView> {
    const { batch, tiers } = await this.get.execute(namespaceId, bucket, batchId);
    return viewOf(this.deps, batch, tiers);
  }
}

/**
 * The health endpoint: the cheap rules of every view plus a reconciliation of the stores, per
 * collection: documents the workers reported vs documents found, and metadata vs vector points.
 */
export class CheckBatchHealth {
  private readonly get: GetBatch;

  constructor(private readonly deps: Deps & Pick<IngestionDeps, 'vectors'>) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string): Promise<{ view: BatchView; reconciliation: Reconciliation[] }> {
    const { batch, tiers } = await this.get.execute(namespaceId, bucket, batchId);
    const reported = await this.deps.metadata.batches.documentsByCollection(batchId);
    const reconciliation: Reconciliation[] = [];
    for (const r of reported) {
      const [written, documentsTotal, vectorsTotal] = await Promise.all([
        this.deps.metadata.documents.countForBatch(namespaceId, r.collectionId, batchId, r.tier),
        this.deps.metadata.documents.count(namespaceId, r.collectionId),
        this.deps.vectors.count(namespaceId, r.collectionId),
      ]);
      reconciliation.push({ collectionId: r.collectionId, tier: r.tier, expected: r.documents, written, documentsTotal, vectorsTotal });
    }
    return { view: await viewOf(this.deps, batch, tiers, reconciliation), reconciliation };
  }
}

export class ListBatches {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Deps) {
    this.buckets = new GetBucket(deps);
  }

  async execute(
    namespaceId: string,
    bucket: string,
    query: { status: BatchStatus | null; offset: number; limit: number },
  ): Promise<{ results: BatchView[]; total: number }> {
    const b = await this.buckets.execute(namespaceId, bucket);
    const { results, total } = await this.deps.metadata.batches.list(namespaceId, b.bucketId, query);
    const views = await Promise.all(results.map(async (batch) => viewOf(this.deps, batch, await this.deps.metadata.batches.getTiers(batch.batchId))));
    return { results: views, total };
  }
}
