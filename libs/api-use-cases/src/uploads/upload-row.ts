import { Bucket, NotFoundError, Upload } from '@strata/domain';
import { createHash } from 'node:crypto';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export type UploadRow = Upload & { tokenHash?: string };

export async function findUpload(deps: Pick<IngestionDeps, 'metadata'>, namespaceId: string, bucketIdOrName: string, uploadId: string): Promise<{ bucket: Bucket; upload: UploadRow }> {
  const bucket = await new GetBucket(deps).execute(namespaceId, bucketIdOrName);
  const upload = await deps.metadata.uploads.find(namespaceId, bucket.bucketId, uploadId);
  if (upload === null) throw new NotFoundError('upload', uploadId);
  return { bucket, upload };
}

/** Public view of an upload: the token hash never leaves the use cases. */
export function publicUpload(upload: UploadRow): Upload {
  const rest: UploadRow = { ...upload };
  delete rest.tokenHash;
  return rest;
}
