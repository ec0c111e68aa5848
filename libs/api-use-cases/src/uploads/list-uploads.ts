import { Upload } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { uploadRecord } from '@strata/contracts';
import { publicUpload } from './upload-row';

export class ListUploads {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, bucketIdOrName: string, query: ListQuery): Promise<ListResult<Upload>> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const uploads = this.deps.metadata.uploads;
    const page = await listFiltered(
      query,
      (p) => uploads.list(namespaceId, bucket.bucketId, p),
      (u) => uploadRecord(u),
      (request) => uploads.query(namespaceId, bucket.bucketId, request),
    );
    return { ...page, results: page.results.map(publicUpload) };
  }
}
