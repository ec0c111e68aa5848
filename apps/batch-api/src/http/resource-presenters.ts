import type { Bucket, StoredObject, Upload } from '@strata/domain';
import type { BucketStats } from '@strata/api-use-cases';
import { bucketResponse, objectResponse } from './presenters';
import type { BucketResponse, ObjectResponse, UploadResponse } from './schemas';

/** A bucket without the figures computed per request (what bucket filters see). */
export function bucketBase(b: Bucket): Omit<BucketResponse, 'object_count' | 'total_size_bytes' | 'batch_stats'> {
  return {
    ...bucketResponse(b),
    unique_key: b.uniqueKey ? { fields: b.uniqueKey.fields, default_policy: b.uniqueKey.defaultPolicy } : null,
  };
}

export function bucketWithStats(b: Bucket, stats: BucketStats): BucketResponse {
  return {
    ...bucketBase(b),
    object_count: stats.objectCount,
    total_size_bytes: stats.totalSizeBytes,
    batch_stats: {
      total: stats.batchStats.total,
      active: stats.batchStats.active,
      completed: stats.batchStats.completed,
      failed: stats.batchStats.failed,
    },
  };
}

export function objectWithHash(o: StoredObject): ObjectResponse {
  const first = o.blobs[0];
  return { ...objectResponse(o), content_hash: first === undefined ? null : first.hash };
}

export function uploadResponse(u: Upload, extra: { presignedUrl: string | null; isDuplicate?: boolean; duplicateOf?: string | null; existingObjectId?: string | null; message?: string | null }): UploadResponse {
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
