import { ConflictError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { GetBatch } from './get-batch';

/** Deletes a batch record that is not running (documents it produced stay in their collections). */
export class DeleteBatch {
  private readonly get: GetBatch;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks'>) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string): Promise<void> {
    const { batch } = await this.get.execute(namespaceId, bucket, batchId);
    if (batch.status === 'QUEUED' || batch.status === 'PROCESSING') {
      throw new ConflictError(`batch ${batchId} is ${batch.status}; cancel it before deleting it`);
    }
    await this.deps.metadata.batches.delete(namespaceId, batchId);
    if (batch.manifestKey !== null) await this.deps.objects.delete(batch.manifestKey);
    if (batch.taskId !== null) await this.deps.tasks.delete(batch.taskId);
  }
}
