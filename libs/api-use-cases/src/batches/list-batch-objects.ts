import type { IngestionDeps } from '../shared/deps';
import { GetBatch } from './get-batch';

/** A page of a batch's object ids, in the order they were added (the full list behind BatchView.objectIds). */
export class ListBatchObjects {
  private readonly get: GetBatch;

  constructor(deps: Pick<IngestionDeps, 'metadata'>) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string, page: { offset: number; limit: number }): Promise<{ results: string[]; total: number }> {
    const { batch } = await this.get.execute(namespaceId, bucket, batchId);
    return { results: batch.objectIds.slice(page.offset, page.offset + page.limit), total: batch.objectIds.length };
  }
}
