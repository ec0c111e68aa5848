import { Batch, BatchPolicy, NewBatch, draftBatch, isoNow, newId } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { assertObjectsExist, dedupe } from './batch-objects';

export class CreateBatch {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(command: {
    namespaceId: string;
    bucket: string;
    objectIds: string[];
    metadata: Record<string, unknown>;
    policy?: BatchPolicy;
  }): Promise<Batch> {
    const bucket = await this.buckets.execute(command.namespaceId, command.bucket);
    const objectIds = dedupe(command.objectIds);
    await assertObjectsExist(this.deps, command.namespaceId, bucket.bucketId, objectIds);
    const now = isoNow(this.deps.clock);
    const batch: NewBatch = draftBatch({
      namespaceId: command.namespaceId,
      bucketId: bucket.bucketId,
      batchId: newId('batch'),
      objectIds,
      now,
      metadata: command.metadata,
      policy: command.policy,
    });
    await this.deps.metadata.batches.create(batch);
    const { objectIds: _written, ...created } = batch;
    return created;
  }
}
