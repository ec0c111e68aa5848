import type { IngestionDeps } from '../shared/deps';
import { GetBatch } from './get-batch';

/** A page of a batch's object ids, in the order they were added (the full list behind BatchView.objectIds), read by position from the batch-objects store. */
export class ListBatchObjects {
  private readonly get: GetBatch;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string, page: { offset: number; limit: number }): Promise<{ results: string[]; total: number }> {
    const { batch } = await this.get.execute(namespaceId, bucket, batchId);
    // Positions are dense (0..objectCount-1), so the offset is a position: one indexed range read
    // whatever the depth (docs/adr/0100-paged-batch-objects.md).
    const limit = Math.max(0, Math.min(page.limit, batch.objectCount - page.offset));
    const results = limit === 0 ? [] : await this.deps.metadata.batches.listObjectIds(batch.batchId, page.offset, limit);
    return { results, total: batch.objectCount };
  }
}
