import type { BatchLogEntry } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { GetBatch } from './get-batch';

/**
 * A batch's log (Mixpeek's `GET .../batches/{batch_id}/logs`): the lines the metadata store wrote
 * with each transition, oldest first, all tiers or one (docs/adr/0077-batch-logs.md).
 */
export class GetBatchLogs {
  private readonly get: GetBatch;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.get = new GetBatch(deps);
  }

  /** @throws NotFoundError (bucket, batch) */
  async execute(
    namespaceId: string,
    bucket: string,
    batchId: string,
    query: { tier: number | null; offset: number; limit: number },
  ): Promise<{ results: BatchLogEntry[]; total: number }> {
    await this.get.execute(namespaceId, bucket, batchId);
    return this.deps.metadata.batches.listLog(batchId, query);
  }
}
