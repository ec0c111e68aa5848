import { Upload } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { compileFilter, matchesSearch, scanAll, sortRecords } from '../shared/record-filter';
import { publicUpload } from './upload-row';

/** The fields upload filters and sorts see (the public field names). Kept equal to the list response (apps/batch-api/src/http/public-fields.spec.ts). */
export function uploadRecord(u: Upload): Record<string, unknown> {
  return {
    upload_id: u.uploadId,
    bucket_id: u.bucketId,
    filename: u.filename,
    content_type: u.contentType,
    file_size_bytes: u.receivedBytes ?? u.fileSizeBytes,
    presigned_url: null,
    presigned_url_expiration: Math.max(0, Math.round((Date.parse(u.expiresAt) - Date.parse(u.createdAt)) / 1000)),
    s3_key: u.storageKey,
    status: u.status,
    metadata: u.metadata,
    object_metadata: u.objectMetadata,
    blob_property: u.blobProperty,
    blob_type: u.blobType,
    file_hash: u.receivedHash === null ? u.fileHash : u.receivedHash.replace(/^sha256:/, ''),
    skip_duplicates: u.skipDuplicates,
    create_object_on_confirm: u.createObjectOnConfirm,
    is_duplicate: false,
    duplicate_of_upload_id: null,
    existing_object_id: null,
    object_id: u.objectId,
    message: null,
    created_at: u.createdAt,
    expires_at: u.expiresAt,
    completed_at: u.completedAt,
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
