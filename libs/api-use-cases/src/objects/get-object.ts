import { NotFoundError, StoredObject } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';

export class GetObject {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(namespaceId: string, bucketIdOrName: string, objectId: string): Promise<StoredObject> {
    const bucket = await this.buckets.execute(namespaceId, bucketIdOrName);
    const found = await this.deps.metadata.objects.find(namespaceId, bucket.bucketId, objectId);
    if (found === null) throw new NotFoundError('object', objectId);
    return found;
  }
}
