import { Batch, isoNow, NotFoundError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { GetBatch } from './get-batch';

export class PatchBatch {
  private readonly get: GetBatch;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string, metadata: Record<string, unknown>): Promise<Batch> {
    await this.get.execute(namespaceId, bucket, batchId);
    const updated = await this.deps.metadata.batches.updateMetadata(namespaceId, batchId, metadata, isoNow(this.deps.clock));
    if (updated === null) throw new NotFoundError('batch', batchId);
    return updated;
  }
}
