import { BadRequestError, Blob, BLOB_FIELD_TYPES, Bucket, BucketFieldType, newId, NotFoundError, ValidationError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

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

const DEFAULT_MIME: Partial<Record<BucketFieldType, string>> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json',
  image: 'application/octet-stream',
  audio: 'application/octet-stream',
  video: 'application/octet-stream',
  pdf: 'application/pdf',
  excel: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function toBytes(input: BlobInput, type: BucketFieldType): { bytes: Buffer; mime: string } {
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
export function checkBlobs(bucket: Bucket, blobs: readonly BlobInput[], metadata: Record<string, unknown>, requireAll: boolean): void {
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
export class BlobWriter {
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
