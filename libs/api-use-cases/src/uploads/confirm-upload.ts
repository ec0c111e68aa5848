import { BadRequestError, ConflictError, isoNow, StoredObject, Upload, ValidationError } from '@strata/domain';
import { CreateObject } from '../objects/create-object';
import type { IngestionDeps } from '../shared/deps';
import { findUpload, publicUpload, type UploadRow } from './upload-row';

export class ConfirmUpload {
  private readonly createObject: CreateObject;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {
    this.createObject = new CreateObject(deps);
  }

  /**
   * Checks the received bytes (present, size and hash as announced), marks the upload COMPLETED
   * (compare-and-set: a second confirm is a conflict, not a second object) and creates the object
   * unless create_object_on_confirm is false or skip_duplicates finds the same content.
   */
  async execute(
    namespaceId: string,
    bucketIdOrName: string,
    uploadId: string,
    check: { fileSizeBytes: number | null },
  ): Promise<{ upload: Upload; object: StoredObject | null; duplicateOf: string | null }> {
    const { bucket, upload } = await findUpload(this.deps, namespaceId, bucketIdOrName, uploadId);
    if (upload.status === 'COMPLETED') throw new ConflictError(`upload ${uploadId} is already confirmed (object ${upload.objectId ?? 'none'})`);
    if (upload.status !== 'PENDING') throw new ConflictError(`upload ${uploadId} is ${upload.status} and cannot be confirmed`);
    if (upload.receivedBytes === null || upload.receivedHash === null || !(await this.deps.objects.exists(upload.storageKey))) {
      throw new BadRequestError(`no content was uploaded for ${uploadId}: PUT the file to the presigned_url first`);
    }
    const expectedSize = check.fileSizeBytes ?? upload.fileSizeBytes;
    if (expectedSize !== null && expectedSize !== upload.receivedBytes) {
      throw new ValidationError(`size mismatch: ${upload.receivedBytes} bytes were uploaded, ${expectedSize} announced; upload the file again`);
    }
    if (upload.fileHash !== null && `sha256:${upload.fileHash}` !== upload.receivedHash) {
      throw new ValidationError(`hash mismatch: the uploaded bytes hash to ${upload.receivedHash}, not sha256:${upload.fileHash}; upload the file again`);
    }
    const now = isoNow(this.deps.clock);
    const completed: UploadRow = { ...upload, status: 'COMPLETED', completedAt: now, updatedAt: now };
    if (!(await this.deps.metadata.uploads.update(completed, 'PENDING'))) throw new ConflictError(`upload ${uploadId} was confirmed or changed concurrently`);
    if (!upload.createObjectOnConfirm) return { upload: publicUpload(completed), object: null, duplicateOf: null };

    if (upload.skipDuplicates) {
      const duplicate = await this.deps.metadata.objects.findByBlobHash(namespaceId, bucket.bucketId, upload.receivedHash);
      if (duplicate !== null) {
        const linked: UploadRow = { ...completed, objectId: duplicate.objectId };
        await this.deps.metadata.uploads.update(linked, 'COMPLETED');
        return { upload: publicUpload(linked), object: duplicate, duplicateOf: duplicate.objectId };
      }
    }
    let object: StoredObject;
    try {
      object = await this.createObject.executeIn(bucket, {
        namespaceId,
        bucket: bucket.bucketId,
        keyPrefix: null,
        metadata: upload.objectMetadata,
        blobs: [{ property: upload.blobProperty as string, type: upload.blobType ?? undefined, data: null, uploadId, filename: upload.filename }],
      });
    } catch (error) {
      // Give the upload back so the client can fix the cause (e.g. a unique-key conflict) and confirm again.
      await this.deps.metadata.uploads.update({ ...completed, status: 'PENDING', completedAt: null }, 'COMPLETED');
      throw error;
    }
    const linked: UploadRow = { ...completed, objectId: object.objectId };
    await this.deps.metadata.uploads.update(linked, 'COMPLETED');
    return { upload: publicUpload(linked), object, duplicateOf: null };
  }
}
