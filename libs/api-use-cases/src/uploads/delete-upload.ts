import { ConflictError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { findUpload } from './upload-row';

export class DeleteUpload {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects'>) {}

  /** Deletes an upload that is not COMPLETED, with its bytes. @throws ConflictError when completed */
  async execute(namespaceId: string, bucketIdOrName: string, uploadId: string): Promise<void> {
    const { bucket, upload } = await findUpload(this.deps, namespaceId, bucketIdOrName, uploadId);
    if (upload.status === 'COMPLETED') {
      throw new ConflictError(`upload ${uploadId} is COMPLETED; its bytes belong to object ${upload.objectId ?? 'none'} (delete the object instead)`);
    }
    await this.deps.metadata.uploads.delete(namespaceId, bucket.bucketId, uploadId);
    await this.deps.objects.deletePrefix(`${namespaceId}/buckets/${bucket.bucketId}/uploads/${uploadId}/`);
  }
}
