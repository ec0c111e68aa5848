import {
  BLOB_FIELD_TYPES,
  Blob,
  BucketFieldType,
  NotFoundError,
  StoredObject,
  ValidationError,
  isoNow,
  newId,
} from '@strata/domain';
import type { IngestionDeps } from './deps';
import { GetBucket } from './buckets';
import { publishObjectCreated } from './lifecycle-events';

/** A blob as the client sent it, already decoded to bytes by the HTTP layer or given inline. */
export interface BlobInput {
  property: string;
  /** Must match the schema when given; defaults to the schema's type. */
  type?: BucketFieldType;
  /** Inline text, a JSON value, or bytes (file upload, base64, data URI). */
  data: string | Buffer | unknown;
  filename?: string | null;
  mimeType?: string | null;
}

export interface CreateObjectCommand {
  namespaceId: string;
  bucket: string;
  keyPrefix: string | null;
  metadata: Record<string, unknown>;
  blobs: BlobInput[];
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

export class CreateObject {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(command: CreateObjectCommand): Promise<StoredObject> {
    const bucket = await this.buckets.execute(command.namespaceId, command.bucket);
    const schema = bucket.bucketSchema.properties;
    const seen = new Set<string>();
    const issues: Array<{ location: string; message: string; type: string }> = [];
    command.blobs.forEach((blob, i) => {
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
    for (const [name, field] of Object.entries(schema)) {
      if (!field.required) continue;
      const present = BLOB_FIELD_TYPES.has(field.type) ? seen.has(name) : command.metadata[name] !== undefined;
      if (!present) issues.push({ location: BLOB_FIELD_TYPES.has(field.type) ? 'blobs' : `metadata.${name}`, message: `required field '${name}' is missing`, type: 'missing' });
    }
    if (issues.length > 0) throw new ValidationError(issues.map((i) => `${i.location}: ${i.message}`).join('; '), issues);

    const objectId = newId('object');
    const blobs: Blob[] = [];
    for (const input of command.blobs) {
      const type = (schema[input.property] as { type: BucketFieldType }).type;
      const { bytes, mime } = toBytes(input, type);
      const blobId = newId('blob');
      const storageKey = `${command.namespaceId}/buckets/${bucket.bucketId}/objects/${objectId}/${blobId}`;
      const { sizeBytes, hash } = await this.deps.objects.put(storageKey, bytes, mime);
      blobs.push({ blobId, property: input.property, type, storageKey, filename: input.filename ?? null, mimeType: mime, sizeBytes, hash });
    }
    const now = isoNow(this.deps.clock);
    const object: StoredObject = {
      namespaceId: command.namespaceId,
      bucketId: bucket.bucketId,
      objectId,
      keyPrefix: command.keyPrefix,
      metadata: command.metadata,
      blobs,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.metadata.objects.create(object);
    await publishObjectCreated(this.deps, object);
    return object;
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
