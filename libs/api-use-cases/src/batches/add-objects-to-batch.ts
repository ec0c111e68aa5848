import { Batch, ConflictError, isoNow } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { assertObjectsExist, dedupe } from './batch-objects';
import { GetBatch } from './get-batch';

export class AddObjectsToBatch {
  private readonly get: GetBatch;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {
    this.get = new GetBatch(deps);
  }

  async execute(command: { namespaceId: string; bucket: string; batchId: string; objectIds: string[] }): Promise<Batch> {
    const { batch } = await this.get.execute(command.namespaceId, command.bucket, command.batchId);
    if (batch.status !== 'DRAFT') {
      throw new ConflictError(`objects can only be added to a DRAFT batch; batch ${batch.batchId} is ${batch.status}`);
    }
    const objectIds = dedupe(command.objectIds);
    await assertObjectsExist(this.deps, command.namespaceId, batch.bucketId, objectIds);
    const updated = await this.deps.metadata.batches.addObjects(command.namespaceId, batch.batchId, objectIds, isoNow(this.deps.clock));
    if (updated === null) {
      throw new ConflictError(`objects can only be added to a DRAFT batch; batch ${batch.batchId} was submitted meanwhile`);
    }
    return updated;
  }
}
