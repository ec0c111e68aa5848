import { DomainError, StoredObject } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { CreateObject, type CreateObjectCommand } from './create-object';

export interface BatchObjectFailure {
  objectIndex: number;
  error: string;
  errorType: string;
}

export class CreateObjectsBatch {
  private readonly create: CreateObject;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {
    this.create = new CreateObject(deps);
  }

  /**
   * Creates up to 100 objects one by one; each failure is reported with its index and type and
   * does not stop the others. Input errors found while decoding (`preFailed`) are reported the same way.
   */
  async execute(
    namespaceId: string,
    bucketIdOrName: string,
    items: ReadonlyArray<CreateObjectCommand | { failure: DomainError }>,
  ): Promise<{ succeeded: StoredObject[]; failed: BatchObjectFailure[] }> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const succeeded: StoredObject[] = [];
    const failed: BatchObjectFailure[] = [];
    for (const [objectIndex, item] of items.entries()) {
      if ('failure' in item) {
        failed.push({ objectIndex, error: item.failure.message, errorType: item.failure.type });
        continue;
      }
      try {
        succeeded.push(await this.create.executeIn(bucket, item));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failed.push({ objectIndex, error: error.message, errorType: error.type });
      }
    }
    return { succeeded, failed };
  }
}
