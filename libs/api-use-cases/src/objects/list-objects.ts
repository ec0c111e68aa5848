import { StoredObject } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { objectRecord } from '@strata/contracts';

export class ListObjects {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError (bucket), ValidationError (filters, sort) */
  async execute(namespaceId: string, bucketIdOrName: string, query: ListQuery): Promise<ListResult<StoredObject>> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const objects = this.deps.metadata.objects;
    return listFiltered(
      query,
      (p) => objects.list(namespaceId, bucket.bucketId, p),
      (o) => objectRecord(o),
      (request) => objects.query(namespaceId, bucket.bucketId, request),
    );
  }
}
