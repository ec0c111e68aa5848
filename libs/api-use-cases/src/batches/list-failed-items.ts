import type { FailedItem } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';
import { GetBatch } from './get-batch';

export class ListFailedItems {
  private readonly get: GetBatch;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.get = new GetBatch(deps);
  }

  async execute(
    namespaceId: string,
    bucket: string,
    batchId: string,
    query: { tier: number | null; collectionId: string | null; offset: number; limit: number },
  ): Promise<{ results: FailedItem[]; total: number }> {
    await this.get.execute(namespaceId, bucket, batchId);
    return this.deps.metadata.batches.listFailedItems(batchId, query);
  }
}
