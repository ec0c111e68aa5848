import {
  BLOB_FIELD_TYPES,
  BadRequestError,
  Bucket,
  BucketFieldType,
  ConflictError,
  NotFoundError,
  StoredObject,
  Upload,
  ValidationError,
  isoNow,
  newId,
} from '@strata/domain';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IngestionDeps } from './deps';
import { GetBucket } from './buckets';
import type { ListQuery, ListResult } from './namespaces';
import { CreateObject } from './objects';
import { compileFilter, matchesSearch, scanAll, sortRecords } from './record-filter';

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

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Filenames become part of a storage key: keep letters, digits, ".", "_" and "-". */
function storageSafe(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
  return safe.length === 0 ? 'file' : safe.slice(0, 200);
}

type UploadRow = Upload & { tokenHash?: string };

export class CreateUpload {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>, private readonly maxBytes: number) {}

  async execute(command: CreateUploadCommand): Promise<CreatedUpload> {
    const bucket = await new GetBucket(this.deps).execute(command.namespaceId, command.bucket);
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

async function findUpload(deps: Pick<IngestionDeps, 'metadata'>, namespaceId: string, bucketIdOrName: string, uploadId: string): Promise<{ bucket: Bucket; upload: UploadRow }> {
  const bucket = await new GetBucket(deps).execute(namespaceId, bucketIdOrName);
  const upload = await deps.metadata.uploads.find(namespaceId, bucket.bucketId, uploadId);
  if (upload === null) throw new NotFoundError('upload', uploadId);
  return { bucket, upload };
}

/** Public view of an upload: the token hash never leaves the use cases. */
function publicUpload(upload: UploadRow): Upload {
  const rest: UploadRow = { ...upload };
  delete rest.tokenHash;
  return rest;
}

export class ReceiveUploadContent {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock'>) {}

  /**
   * Streams the bytes of a PENDING upload into storage. The token must match and not be expired.
   * A second PUT before confirm replaces the bytes. `body` may throw (size limit); nothing is kept then.
   */
  async execute(namespaceId: string, bucketIdOrName: string, uploadId: string, token: string, body: AsyncIterable<Buffer>): Promise<Upload> {
    const { upload } = await findUpload(this.deps, namespaceId, bucketIdOrName, uploadId);
    const expected = Buffer.from(upload.tokenHash ?? '', 'hex');
    const given = Buffer.from(tokenHash(token), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new BadRequestError('the upload token is missing or wrong: use the presigned_url returned when the upload was created');
    }
    if (upload.status !== 'PENDING') throw new ConflictError(`upload ${uploadId} is ${upload.status}; its content can no longer change`);
    const now = isoNow(this.deps.clock);
    if (now > upload.expiresAt) throw new BadRequestError(`upload ${uploadId} expired at ${upload.expiresAt}; create a new upload`);
    const { sizeBytes, hash } = await this.deps.objects.putStream(upload.storageKey, body, upload.contentType);
    const next: UploadRow = { ...upload, receivedBytes: sizeBytes, receivedHash: hash, updatedAt: isoNow(this.deps.clock) };
    if (!(await this.deps.metadata.uploads.update(next, 'PENDING'))) throw new ConflictError(`upload ${uploadId} changed while its content was written`);
    return publicUpload(next);
  }
}

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

export class GetUpload {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, bucketIdOrName: string, uploadId: string): Promise<Upload> {
    return publicUpload((await findUpload(this.deps, namespaceId, bucketIdOrName, uploadId)).upload);
  }
}

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
