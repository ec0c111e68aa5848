import { Upload } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { compileFilter, matchesSearch, scanAll, sortRecords } from '../shared/record-filter';
import { publicUpload } from './upload-row';

/** The fields upload filters and sorts see (the public field names). */
export function uploadRecord(u: Upload): Record<string, unknown> {
  return {
    upload_id: u.uploadId,
    bucket_id: u.bucketId,
    filename: u.filename,
    content_type: u.contentType,
    status: u.status,
    file_size_bytes: u.receivedBytes ?? u.fileSizeBytes,
    metadata: u.metadata,
    object_id: u.objectId,
    created_at: u.createdAt,
  };
}

export class ListUploads {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, bucketIdOrName: string, query: ListQuery): Promise<ListResult<Upload>> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const predicate = compileFilter(query.filters, query.caseSensitive ?? false);
    const { matches, truncated } = await scanAll(
      (p) => this.deps.metadata.uploads.list(namespaceId, bucket.bucketId, p),
      (u) => {
        const r = uploadRecord(u);
        return predicate(r) && matchesSearch(r, query.search, query.caseSensitive ?? false);
      },
    );
    const sorted = sortRecords(
      matches.map((u) => ({ u, ...uploadRecord(u) })),
      query.sort,
    ).map((r) => publicUpload(r.u));
    return { results: sorted.slice(query.offset, query.offset + query.limit), total: sorted.length, truncated };
  }
}
