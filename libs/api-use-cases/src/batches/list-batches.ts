import { BatchStatus } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import { type BatchView, type BatchViewDeps, viewOf } from './batch-view';

export class ListBatches {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: BatchViewDeps) {
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
