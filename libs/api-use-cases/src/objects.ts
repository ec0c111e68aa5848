import {
  AlreadyExistsError,
  BLOB_FIELD_TYPES,
  BadRequestError,
  Blob,
  Bucket,
  BucketFieldType,
  DomainError,
  NotFoundError,
  StoredObject,
  ValidationError,
  WritePolicy,
  contentHash,
  isoNow,
  newId,
} from '@strata/domain';
import type { IngestionDeps } from './deps';
import { GetBucket } from './buckets';
import { publishObjectCreated, publishObjectEvent } from './lifecycle-events';
import type { ListQuery, ListResult } from './namespaces';
import { listFiltered } from './record-filter';

/** A blob as the client sent it, already decoded to bytes by the HTTP layer or given inline. */
export interface BlobInput {
  property: string;
  /** Must match the schema when given; defaults to the schema's type. */
  type?: BucketFieldType;
  /** Inline text, a JSON value, or bytes (file upload, base64, data URI). */
  data: string | Buffer | unknown;
  filename?: string | null;
  mimeType?: string | null;
  /** A confirmed upload whose bytes become this blob (instead of `data`). */
  uploadId?: string | null;
}

export interface CreateObjectCommand {
  namespaceId: string;
  bucket: string;
  keyPrefix: string | null;
  metadata: Record<string, unknown>;
  blobs: BlobInput[];
  /** ?policy= against the bucket's unique_key; falls back to unique_key.default_policy. */
  policy?: WritePolicy | null;
  /** When a blob's content hash already exists in the bucket, return that object instead. */
  skipDuplicates?: boolean;
}

const DEFAULT_MIME: Partial<Record<BucketFieldType, string>> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json',
  image: 'application/octet-stream',
  audio: 'application/octet-stream',
  video: 'application/octet-stream',
  pdf: 'application/pdf',
  excel: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function toBytes(input: BlobInput, type: BucketFieldType): { bytes: Buffer; mime: string } {
  const mime = input.mimeType ?? DEFAULT_MIME[type] ?? 'application/octet-stream';
  if (Buffer.isBuffer(input.data)) return { bytes: input.data, mime };
  if (type === 'json') return { bytes: Buffer.from(JSON.stringify(input.data)), mime: 'application/json' };
  if (typeof input.data === 'string') return { bytes: Buffer.from(input.data, 'utf8'), mime };
  throw new ValidationError(
    `blob '${input.property}' of type ${type} needs data as a string (text), base64 or a file upload; got ${typeof input.data}`,
  );
}

type Issue = { location: string; message: string; type: string };

/** Checks blobs against the bucket schema (and required fields when `requireAll`). */
function checkBlobs(bucket: Bucket, blobs: readonly BlobInput[], metadata: Record<string, unknown>, requireAll: boolean): void {
  const schema = bucket.bucketSchema.properties;
  const seen = new Set<string>();
  const issues: Issue[] = [];
  blobs.forEach((blob, i) => {
    const field = schema[blob.property];
    if (field === undefined) {
      issues.push({
        location: `blobs[${i}].property`,
        message: `'${blob.property}' is not in the bucket schema (known: ${Object.keys(schema).join(', ') || 'none'})`,
        type: 'value_error',
      });
    } else if (!BLOB_FIELD_TYPES.has(field.type)) {
      issues.push({ location: `blobs[${i}].property`, message: `'${blob.property}' is a ${field.type} field, not a blob: put it in metadata`, type: 'value_error' });
    } else if (blob.type !== undefined && blob.type !== field.type) {
      issues.push({ location: `blobs[${i}].type`, message: `'${blob.property}' is declared ${field.type} in the bucket schema, not ${blob.type}`, type: 'value_error' });
    }
    if (seen.has(blob.property)) issues.push({ location: `blobs[${i}].property`, message: `'${blob.property}' given twice`, type: 'value_error' });
    seen.add(blob.property);
  });
  if (requireAll) {
    for (const [name, field] of Object.entries(schema)) {
      if (!field.required) continue;
      const present = BLOB_FIELD_TYPES.has(field.type) ? seen.has(name) : metadata[name] !== undefined;
      if (!present) issues.push({ location: BLOB_FIELD_TYPES.has(field.type) ? 'blobs' : `metadata.${name}`, message: `required field '${name}' is missing`, type: 'missing' });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues.map((i) => `${i.location}: ${i.message}`).join('; '), issues);
}

/**
 * The canonical value of an object's unique key: the key fields' metadata values, ordered by
 * field name (order of `fields` is irrelevant). Null when the bucket has no unique key.
 */
export function uniqueKeyValueOf(bucket: Bucket, metadata: Record<string, unknown>): string | null {
  const key = bucket.uniqueKey ?? null;
  if (key === null) return null;
  const values: Array<[string, unknown]> = [];
  for (const field of [...key.fields].sort()) {
    const value = metadata[field];
    if (value === undefined || value === null || value === '') {
      throw new ValidationError(`metadata.${field} is required: it is part of the bucket's unique_key (${key.fields.join(', ')})`, [
        { location: `metadata.${field}`, message: 'required by unique_key', type: 'missing' },
      ]);
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ValidationError(`metadata.${field} must be a string, number or boolean: it is part of the bucket's unique_key`);
    }
    if (typeof value === 'string' && value.length > 255) throw new ValidationError(`metadata.${field} is longer than 255 characters (unique_key values)`);
    values.push([field, value]);
  }
  return JSON.stringify(values);
}

/** Shared by object writes: turns blob inputs into stored blobs under the object's prefix. */
class BlobWriter {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects'>) {}

  async write(bucket: Bucket, objectId: string, inputs: readonly BlobInput[]): Promise<Blob[]> {
    const schema = bucket.bucketSchema.properties;
    const blobs: Blob[] = [];
    try {
      for (const input of inputs) {
        const type = (schema[input.property] as { type: BucketFieldType }).type;
        if (input.uploadId) {
          blobs.push(await this.fromUpload(bucket, input, type));
          continue;
        }
        const { bytes, mime } = toBytes(input, type);
        const blobId = newId('blob');
        const storageKey = `${bucket.namespaceId}/buckets/${bucket.bucketId}/objects/${objectId}/${blobId}`;
        const { sizeBytes, hash } = await this.deps.objects.put(storageKey, bytes, mime);
        blobs.push({ blobId, property: input.property, type, storageKey, filename: input.filename ?? null, mimeType: mime, sizeBytes, hash });
      }
    } catch (error) {
      await this.discard(blobs);
      throw error;
    }
    return blobs;
  }

  private async fromUpload(bucket: Bucket, input: BlobInput, type: BucketFieldType): Promise<Blob> {
    const upload = await this.deps.metadata.uploads.find(bucket.namespaceId, bucket.bucketId, input.uploadId as string);
    if (upload === null) throw new NotFoundError('upload', input.uploadId as string);
    if (upload.status !== 'COMPLETED' || upload.receivedHash === null || upload.receivedBytes === null) {
      throw new BadRequestError(`upload ${upload.uploadId} is ${upload.status}: confirm it before using it in a blob`);
    }
    return {
      blobId: newId('blob'),
      property: input.property,
      type,
      storageKey: upload.storageKey,
      filename: input.filename ?? upload.filename,
      mimeType: upload.contentType,
      sizeBytes: upload.receivedBytes,
      hash: upload.receivedHash,
    };
  }

  /** Removes blobs this write stored (not uploads: their bytes belong to the upload). */
  async discard(blobs: readonly Blob[]): Promise<void> {
    for (const blob of blobs) if (blob.storageKey.includes('/objects/')) await this.deps.objects.delete(blob.storageKey).catch(() => undefined);
  }
}

export class CreateObject {
  private readonly buckets: GetBucket;
  private readonly blobs: BlobWriter;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {
    this.buckets = new GetBucket(deps);
    this.blobs = new BlobWriter(deps);
  }

  /**
   * Creates an object, or with a unique key and a policy: insert (409 when the key exists),
   * update (404 when it does not), upsert. With skip_duplicates, a blob whose content already
   * exists in the bucket returns the existing object.
   */
  async execute(command: CreateObjectCommand): Promise<StoredObject> {
    const bucket = await this.buckets.execute(command.namespaceId, command.bucket);
    return this.executeIn(bucket, command);
  }

  async executeIn(bucket: Bucket, command: CreateObjectCommand): Promise<StoredObject> {
    checkBlobs(bucket, command.blobs, command.metadata, true);
    const uniqueKeyValue = uniqueKeyValueOf(bucket, command.metadata);
    const policy = this.resolvePolicy(bucket, command.policy ?? null);

    if (command.skipDuplicates) {
      for (const input of command.blobs) {
        if (input.uploadId) continue;
        const type = (bucket.bucketSchema.properties[input.property] as { type: BucketFieldType }).type;
        const duplicate = await this.deps.metadata.objects.findByBlobHash(bucket.namespaceId, bucket.bucketId, contentHash(toBytes(input, type).bytes));
        if (duplicate !== null) return duplicate;
      }
    }

    const existing = uniqueKeyValue === null ? null : await this.deps.metadata.objects.findByUniqueKey(bucket.namespaceId, bucket.bucketId, uniqueKeyValue);
    if (existing !== null && policy === 'insert') {
      throw new AlreadyExistsError(`an object with this unique key already exists (${existing.objectId}); use ?policy=update or upsert to change it`, {
        details: { existing_object_id: existing.objectId },
      });
    }
    if (existing === null && policy === 'update') {
      throw new NotFoundError('object with unique key', uniqueKeyValue ?? '');
    }

    const now = isoNow(this.deps.clock);
    const objectId = existing?.objectId ?? newId('object');
    const blobs = await this.blobs.write(bucket, objectId, command.blobs);
    const object: StoredObject = {
      namespaceId: bucket.namespaceId,
      bucketId: bucket.bucketId,
      objectId,
      keyPrefix: command.keyPrefix,
      metadata: command.metadata,
      blobs,
      uniqueKeyValue,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    try {
      if (existing !== null) {
        if (!(await this.deps.metadata.objects.update(object))) throw new NotFoundError('object', objectId);
        for (const old of existing.blobs) await this.deps.objects.delete(old.storageKey);
      } else {
        await this.deps.metadata.objects.create(object);
      }
    } catch (error) {
      await this.blobs.discard(blobs);
      throw error;
    }
    if (existing === null) await publishObjectCreated(this.deps, object);
    else await publishObjectEvent(this.deps, 'object.updated', object, object.updatedAt);
    return object;
  }

  private resolvePolicy(bucket: Bucket, requested: WritePolicy | null): WritePolicy | null {
    if (bucket.uniqueKey === null || bucket.uniqueKey === undefined) {
      if (requested === 'update' || requested === 'upsert') {
        throw new BadRequestError(`?policy=${requested} needs a bucket with a unique_key; this bucket has none`);
      }
      return null;
    }
    const policy = requested ?? bucket.uniqueKey.defaultPolicy;
    if (policy === null) {
      throw new BadRequestError('no write policy: pass ?policy=insert|update|upsert or set unique_key.default_policy on the bucket');
    }
    return policy;
  }
}

export interface BatchObjectFailure {
  objectIndex: number;
  error: string;
  errorType: string;
}

export class CreateObjectsBatch {
  private readonly create: CreateObject;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {
    this.create = new CreateObject(deps);
  }

  /**
   * Creates up to 100 objects one by one; each failure is reported with its index and type and
   * does not stop the others. Input errors found while decoding (`preFailed`) are reported the same way.
   */
  async execute(
    namespaceId: string,
    bucketIdOrName: string,
    items: ReadonlyArray<CreateObjectCommand | { failure: DomainError }>,
  ): Promise<{ succeeded: StoredObject[]; failed: BatchObjectFailure[] }> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const succeeded: StoredObject[] = [];
    const failed: BatchObjectFailure[] = [];
    for (const [objectIndex, item] of items.entries()) {
      if ('failure' in item) {
        failed.push({ objectIndex, error: item.failure.message, errorType: item.failure.type });
        continue;
      }
      try {
        succeeded.push(await this.create.executeIn(bucket, item));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failed.push({ objectIndex, error: error.message, errorType: error.type });
      }
    }
    return { succeeded, failed };
  }
}

export class GetObject {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(namespaceId: string, bucketIdOrName: string, objectId: string): Promise<StoredObject> {
    const bucket = await this.buckets.execute(namespaceId, bucketIdOrName);
    const found = await this.deps.metadata.objects.find(namespaceId, bucket.bucketId, objectId);
    if (found === null) throw new NotFoundError('object', objectId);
    return found;
  }
}

export interface UpdateObjectCommand {
  namespaceId: string;
  bucket: string;
  objectId: string;
  keyPrefix?: string | null;
  /** Merged into the object's metadata (a null value removes the key). */
  metadata?: Record<string, unknown>;
  /** Blobs to replace (by property); other blobs stay. */
  blobs?: BlobInput[];
}

export class UpdateObject {
  private readonly blobs: BlobWriter;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {
    this.blobs = new BlobWriter(deps);
  }

  /** Merges metadata and replaces the given blobs; does not trigger processing. */
  async execute(command: UpdateObjectCommand): Promise<StoredObject> {
    const bucket = await new GetBucket(this.deps).execute(command.namespaceId, command.bucket);
    const existing = await this.deps.metadata.objects.find(command.namespaceId, bucket.bucketId, command.objectId);
    if (existing === null) throw new NotFoundError('object', command.objectId);
    const inputs = command.blobs ?? [];
    checkBlobs(bucket, inputs, {}, false);
    const metadata = { ...existing.metadata };
    for (const [key, value] of Object.entries(command.metadata ?? {})) {
      if (value === null) delete metadata[key];
      else metadata[key] = value;
    }
    const uniqueKeyValue = uniqueKeyValueOf(bucket, metadata);
    const fresh = await this.blobs.write(bucket, existing.objectId, inputs);
    const replaced = new Set(fresh.map((b) => b.property));
    const object: StoredObject = {
      ...existing,
      keyPrefix: command.keyPrefix === undefined ? existing.keyPrefix : command.keyPrefix,
      metadata,
      blobs: [...existing.blobs.filter((b) => !replaced.has(b.property)), ...fresh],
      uniqueKeyValue,
      updatedAt: isoNow(this.deps.clock),
    };
    try {
      if (!(await this.deps.metadata.objects.update(object))) throw new NotFoundError('object', command.objectId);
    } catch (error) {
      await this.blobs.discard(fresh);
      throw error;
    }
    for (const old of existing.blobs.filter((b) => replaced.has(b.property))) await this.deps.objects.delete(old.storageKey);
    await publishObjectEvent(this.deps, 'object.updated', object, object.updatedAt);
    return object;
  }
}

export class DeleteObject {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {}

  /** Deletes the object and its blob bytes. @throws NotFoundError */
  async execute(namespaceId: string, bucketIdOrName: string, objectId: string): Promise<void> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const existing = await this.deps.metadata.objects.find(namespaceId, bucket.bucketId, objectId);
    if (existing === null) throw new NotFoundError('object', objectId);
    await this.deps.metadata.objects.delete(namespaceId, bucket.bucketId, objectId);
    // Bytes after the row: a crash in between leaves an orphan file, never a row without bytes.
    for (const blob of existing.blobs) await this.deps.objects.delete(blob.storageKey);
    await this.deps.objects.deletePrefix(`${namespaceId}/buckets/${bucket.bucketId}/objects/${objectId}/`);
    await publishObjectEvent(this.deps, 'object.deleted', existing, isoNow(this.deps.clock));
  }
}

/** The fields object filters, sorts and search see: the public field names of ObjectResponse. */
export function objectRecord(o: StoredObject): Record<string, unknown> {
  return {
    object_id: o.objectId,
    bucket_id: o.bucketId,
    key_prefix: o.keyPrefix,
    metadata: o.metadata,
    status: 'DRAFT',
    blobs: o.blobs.map((b) => ({
      blob_id: b.blobId,
      property: b.property,
      type: b.type,
      details: { filename: b.filename, size_bytes: b.sizeBytes, mime_type: b.mimeType, hash: b.hash },
    })),
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export class ListObjects {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError (bucket), ValidationError (filters, sort) */
  async execute(namespaceId: string, bucketIdOrName: string, query: ListQuery): Promise<ListResult<StoredObject>> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    return listFiltered(query, (p) => this.deps.metadata.objects.list(namespaceId, bucket.bucketId, p), objectRecord);
  }
}
