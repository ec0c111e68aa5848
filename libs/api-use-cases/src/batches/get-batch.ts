import { Batch, BatchTier, NotFoundError } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';

export class GetBatch {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(namespaceId: string, bucketIdOrName: string, batchId: string): Promise<{ batch: Batch; tiers: BatchTier[] }> {
    const bucket = await this.buckets.execute(namespaceId, bucketIdOrName);
    const batch = await this.deps.metadata.batches.find(namespaceId, batchId);
    if (batch === null || batch.bucketId !== bucket.bucketId) throw new NotFoundError('batch', batchId);
    return { batch, tiers: await this.deps.metadata.batches.getTiers(batchId) };
  }
}
