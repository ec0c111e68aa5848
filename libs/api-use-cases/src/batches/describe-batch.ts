import { type BatchView, type BatchViewDeps, viewOf } from './batch-view';
import { GetBatch } from './get-batch';

export class DescribeBatch {
  private readonly get: GetBatch;

  constructor(private readonly deps: BatchViewDeps) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string): Promise<BatchView> {
    const { batch, tiers } = await this.get.execute(namespaceId, bucket, batchId);
    return viewOf(this.deps, batch, tiers);
  }
}
