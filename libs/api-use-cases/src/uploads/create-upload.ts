import { BLOB_FIELD_TYPES, Bucket, BucketFieldType, isoNow, newId, Upload, ValidationError } from '@strata/domain';
import { randomBytes } from 'node:crypto';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { tokenHash, type UploadRow } from './upload-row';

/*
 * Mixpeek's presigned upload flow on an embedded object store: the "presigned URL" points at
 * batch-api itself (PUT .../uploads/{id}/content?token=...). The token is 32 random bytes shown
 * once; only its sha256 is kept on the upload, so any API replica can check it without a shared
 * signing secret, and it stops working at expires_at or once the upload is confirmed.
 */

export interface CreateUploadCommand {
  namespaceId: string;
  bucket: string;
  filename: string;
  contentType: string;
  fileSizeBytes: number | null;
  expirationSeconds: number;
  metadata: Record<string, unknown>;
  createObjectOnConfirm: boolean;
  objectMetadata: Record<string, unknown>;
  blobProperty: string | null;
  blobType: BucketFieldType | null;
  /** sha256 hex (64 chars) of the file, optional. */
  fileHash: string | null;
  skipDuplicates: boolean;
}

export interface CreatedUpload {
  upload: Upload;
  /** The secret for the content URL; null for a duplicate (nothing to upload). */
  token: string | null;
  duplicate: { uploadId: string | null; objectId: string | null } | null;
}

/** A create's blob property and type once checked against the bucket schema. */
export interface CheckedUpload {
  blobProperty: string | null;
  blobType: BucketFieldType | null;
}

/** Filenames become part of a storage key: keep letters, digits, ".", "_" and "-". */
function storageSafe(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
  return safe.length === 0 ? 'file' : safe.slice(0, 200);
}

export class CreateUpload {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>, private readonly maxBytes: number) {}

  async execute(command: CreateUploadCommand): Promise<CreatedUpload> {
    const bucket = await new GetBucket(this.deps).execute(command.namespaceId, command.bucket);
    return this.executeIn(bucket, command, this.check(bucket, command));
  }

  /**
   * What a create would store for `command` in `bucket` (the blob property and type), or the
   * ValidationError that says what to fix; it writes nothing, so a bulk create checks every
   * upload before creating any.
   */
  check(bucket: Bucket, command: CreateUploadCommand): CheckedUpload {
    if (/[/\\]|^\.\.?$/.test(command.filename) || command.filename.includes('\0')) {
      throw new ValidationError('filename must be a plain file name, without "/", "\\" or ".." (path traversal)');
    }
    if (command.fileSizeBytes !== null && command.fileSizeBytes > this.maxBytes) {
      throw new ValidationError(`file_size_bytes ${command.fileSizeBytes} exceeds the upload limit of ${this.maxBytes} bytes`);
    }
    let blobProperty = command.blobProperty;
    let blobType = command.blobType;
    if (command.createObjectOnConfirm) {
      const schema = bucket.bucketSchema.properties;
      blobProperty ??= command.filename.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]/g, '_');
      const field = schema[blobProperty];
      if (field === undefined || !BLOB_FIELD_TYPES.has(field.type)) {
        const blobFields = Object.entries(schema).filter(([, f]) => BLOB_FIELD_TYPES.has(f.type)).map(([n]) => n);
        throw new ValidationError(
          `blob_property '${blobProperty}' is not a blob field of the bucket schema (blob fields: ${blobFields.join(', ') || 'none'}); ` +
            'set blob_property, or create_object_on_confirm=false',
        );
      }
      if (blobType !== null && blobType !== field.type) {
        throw new ValidationError(`blob_type ${blobType} does not match '${blobProperty}', declared ${field.type} in the bucket schema`);
      }
      blobType = field.type;
    }
    return { blobProperty, blobType };
  }

  /** Creates a checked upload (see check) in a bucket already resolved. */
  async executeIn(bucket: Bucket, command: CreateUploadCommand, checked: CheckedUpload): Promise<CreatedUpload> {
    const { blobProperty, blobType } = checked;
    const now = isoNow(this.deps.clock);
    const uploadId = newId('upload');
    if (command.fileHash !== null && command.skipDuplicates) {
      const hash = `sha256:${command.fileHash.toLowerCase()}`;
      const sameUpload = await this.deps.metadata.uploads.findCompletedByHash(bucket.namespaceId, bucket.bucketId, hash);
      const sameObject = await this.deps.metadata.objects.findByBlobHash(bucket.namespaceId, bucket.bucketId, hash);
      if (sameUpload !== null || sameObject !== null) {
        return {
          upload: sameUpload ?? this.record(bucket, uploadId, command, blobProperty, blobType, now, 'COMPLETED'),
          token: null,
          duplicate: { uploadId: sameUpload?.uploadId ?? null, objectId: sameObject?.objectId ?? sameUpload?.objectId ?? null },
        };
      }
    }
    const token = randomBytes(32).toString('base64url');
    const upload: UploadRow = { ...this.record(bucket, uploadId, command, blobProperty, blobType, now, 'PENDING'), tokenHash: tokenHash(token) };
    await this.deps.metadata.uploads.create(upload);
    return { upload, token, duplicate: null };
  }

  private record(
    bucket: Bucket,
    uploadId: string,
    command: CreateUploadCommand,
    blobProperty: string | null,
    blobType: BucketFieldType | null,
    now: string,
    status: Upload['status'],
  ): Upload {
    return {
      namespaceId: bucket.namespaceId,
      bucketId: bucket.bucketId,
      uploadId,
      filename: command.filename,
      contentType: command.contentType,
      fileSizeBytes: command.fileSizeBytes,
      fileHash: command.fileHash === null ? null : command.fileHash.toLowerCase(),
      storageKey: `${bucket.namespaceId}/buckets/${bucket.bucketId}/uploads/${uploadId}/${storageSafe(command.filename)}`,
      status,
      receivedBytes: null,
      receivedHash: null,
      metadata: command.metadata,
      objectMetadata: command.objectMetadata,
      blobProperty,
      blobType,
      createObjectOnConfirm: command.createObjectOnConfirm,
      skipDuplicates: command.skipDuplicates,
      objectId: null,
      expiresAt: new Date(Date.parse(now) + command.expirationSeconds * 1000).toISOString(),
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    };
  }
}
