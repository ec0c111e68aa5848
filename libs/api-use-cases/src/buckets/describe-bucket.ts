import { BatchStatus, Bucket } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { GetBucket } from './get-bucket';

export interface BucketStats {
  objectCount: number;
  totalSizeBytes: number;
  batchStats: { total: number; active: number; completed: number; failed: number };
}

const ACTIVE: ReadonlySet<BatchStatus> = new Set(['DRAFT', 'QUEUED', 'PROCESSING']);

const COMPLETED: ReadonlySet<BatchStatus> = new Set(['COMPLETED', 'COMPLETED_WITH_ERRORS']);

export class DescribeBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** The bucket with its object count, summed blob sizes and batch counts. @throws NotFoundError */
  async execute(namespaceId: string, idOrName: string): Promise<{ bucket: Bucket; stats: BucketStats }> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, idOrName);
    return { bucket, stats: await this.stats(bucket) };
  }

  async stats(bucket: Bucket): Promise<BucketStats> {
    return summarize(await this.deps.metadata.buckets.stats(bucket.namespaceId, bucket.bucketId));
  }

  /** The stats of a page of buckets of one namespace in one store read, by bucket id. */
  async statsOfPage(namespaceId: string, buckets: readonly Bucket[]): Promise<Map<string, BucketStats>> {
    const raw = await this.deps.metadata.buckets.statsMany(namespaceId, buckets.map((b) => b.bucketId));
    return new Map([...raw].map(([id, stats]) => [id, summarize(stats)]));
  }
}

function summarize(raw: { objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }): BucketStats {
  const batchStats = { total: 0, active: 0, completed: 0, failed: 0 };
  for (const [status, n] of Object.entries(raw.batchesByStatus) as Array<[BatchStatus, number]>) {
    batchStats.total += n;
    if (ACTIVE.has(status)) batchStats.active += n;
    else if (COMPLETED.has(status)) batchStats.completed += n;
    else if (status === 'FAILED') batchStats.failed += n;
  }
  return { objectCount: raw.objectCount, totalSizeBytes: raw.totalSizeBytes, batchStats };
}
