import type { Bucket, StoredObject, Upload } from '@strata/domain';
import { bucketRecord, objectRecord, uploadRecord, type BucketStats, type UploadResponseExtra } from '@strata/api-use-cases';
import type { BucketResponse, ObjectResponse, UploadResponse } from './schemas';

/** A bucket with the figures computed per request; the rest is the bucket's record (libs/api-use-cases). */
export function bucketWithStats(b: Bucket, stats: BucketStats): BucketResponse {
  return {
    ...bucketRecord(b),
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
  return objectRecord(o);
}

export function uploadResponse(u: Upload, extra: UploadResponseExtra): UploadResponse {
  return uploadRecord(u, extra);
}
