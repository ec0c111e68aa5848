import type { Bucket, StoredObject, Upload } from '@strata/domain';
import type { BucketStats } from '@strata/api-use-cases';
import { bucketResponse, objectResponse } from './presenters';

/** Mixpeek's PaginationResponse for an offset/limit page of `total` results. */
export function paginationResponse(total: number, offset: number, limit: number) {
  const page = Math.floor(offset / limit) + 1;
  const totalPages = Math.max(1, Math.ceil(total / limit));
  return {
    total,
    page,
    page_size: limit,
    total_pages: totalPages,
    next_page: offset + limit < total ? page + 1 : null,
    previous_page: page > 1 ? page - 1 : null,
    next_cursor: null,
  };
}

export function bucketWithStats(b: Bucket, stats: BucketStats | null) {
  return {
    ...bucketResponse(b),
    unique_key: b.uniqueKey ? { fields: b.uniqueKey.fields, default_policy: b.uniqueKey.defaultPolicy } : null,
    ...(stats === null
      ? {}
      : {
          object_count: stats.objectCount,
          total_size_bytes: stats.totalSizeBytes,
          batch_stats: {
            total: stats.batchStats.total,
            active: stats.batchStats.active,
            completed: stats.batchStats.completed,
            failed: stats.batchStats.failed,
          },
        }),
  };
}

export function objectWithHash(o: StoredObject) {
  const first = o.blobs[0];
  return { ...objectResponse(o), content_hash: first === undefined ? null : first.hash };
}

export function uploadResponse(u: Upload, extra: { presignedUrl: string | null; isDuplicate?: boolean; duplicateOf?: string | null; existingObjectId?: string | null; message?: string | null }) {
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
