import { Upload } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { publicUpload } from './upload-row';

/** What an upload answer adds to the stored upload (a fresh presigned URL, a confirm's duplicate check). */
export interface UploadResponseExtra {
  presignedUrl: string | null;
  isDuplicate?: boolean;
  duplicateOf?: string | null;
  existingObjectId?: string | null;
  message?: string | null;
}

/**
 * An upload under its public names: the API's response (with `extra`), and without it what filters
 * and sorts see (no presigned URL, not a duplicate).
 */
export function uploadRecord(u: Upload, extra: UploadResponseExtra = { presignedUrl: null }) {
  return {
    upload_id: u.uploadId,
    bucket_id: u.bucketId,
    filename: u.filename,
    content_type: u.contentType,
    file_size_bytes: u.receivedBytes ?? u.fileSizeBytes,
    presigned_url: extra.presignedUrl,
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
    is_duplicate: extra.isDuplicate ?? false,
    duplicate_of_upload_id: extra.duplicateOf ?? null,
    existing_object_id: extra.existingObjectId ?? null,
    object_id: u.objectId,
    message: extra.message ?? null,
    created_at: u.createdAt,
    expires_at: u.expiresAt,
    completed_at: u.completedAt,
  };
}

export class ListUploads {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, bucketIdOrName: string, query: ListQuery): Promise<ListResult<Upload>> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const page = await listFiltered(query, (p) => this.deps.metadata.uploads.list(namespaceId, bucket.bucketId, p), (u) => uploadRecord(u));
    return { ...page, results: page.results.map(publicUpload) };
  }
}
