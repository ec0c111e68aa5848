import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NotFoundError, ValidationError } from '@strata/domain';
import type { ObjectStorage } from '@strata/ports';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { presignUrl } from './s3-presign';

const KEY_PATTERN = /^[A-Za-z0-9_.\-/]+$/;
/** S3's limit for one DeleteObjects request. */
const DELETE_BATCH = 1_000;
/** Parts of a multipart upload; bodies above one part go multipart (lib-storage decides). */
const PART_SIZE = 8 * 1024 * 1024;

export interface S3ObjectStorageOptions {
  bucket: string;
  /** Custom endpoint (MinIO, s3rver); unset for AWS. */
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (`endpoint/bucket/key`); needed by MinIO and s3rver. */
  forcePathStyle?: boolean;
  /** Prefix of every key, so installations can share a bucket. */
  keyPrefix?: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  maxAttempts?: number;
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > 1024 || !KEY_PATTERN.test(key) || key.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new ValidationError(`invalid storage key '${key}'`);
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey || error instanceof NotFound) return true;
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Object storage on S3 or an S3-compatible server (MinIO). Puts go through lib-storage's Upload,
 * which sends small bodies in one PUT and large ones as a multipart upload (S3 never shows a
 * partial object either way). Keys are validated like the local store's.
 */
export class S3ObjectStorage implements ObjectStorage {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(private readonly options: S3ObjectStorageOptions) {
    this.bucket = options.bucket;
    this.prefix = options.keyPrefix === undefined || options.keyPrefix === '' ? '' : `${options.keyPrefix.replace(/\/+$/, '')}/`;
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      maxAttempts: options.maxAttempts ?? 3,
      ...(options.accessKeyId !== undefined && options.secretAccessKey !== undefined
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      requestHandler: { requestTimeout: options.timeoutMs ?? 30_000, connectionTimeout: 5_000 },
    });
  }

  private full(key: string): string {
    checkKey(key);
    return `${this.prefix}${key}`;
  }

  async put(key: string, body: Buffer, contentType?: string): Promise<{ sizeBytes: number; hash: string }> {
    await this.putStream(key, Readable.from([body]), contentType);
    return { sizeBytes: body.length, hash: `sha256:${createHash('sha256').update(body).digest('hex')}` };
  }

  /** Streams a body of unknown length; multipart above PART_SIZE. Returns size and sha256 of what was sent. */
  async putStream(key: string, body: AsyncIterable<Buffer>, contentType?: string): Promise<{ sizeBytes: number; hash: string }> {
    const hash = createHash('sha256');
    let size = 0;
    // The port takes any async iterable (an upload handler's size-limited generator); lib-storage
    // wants a Readable.
    const readable = body instanceof Readable ? body : Readable.from(body);
    const counted = readable.map((chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(b);
      size += b.length;
      return b;
    });
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: this.full(key),
        Body: counted,
        ContentType: contentType ?? 'application/octet-stream',
      },
      partSize: PART_SIZE,
      queueSize: 4,
      leavePartsOnError: false,
    });
    await upload.done();
    return { sizeBytes: size, hash: `sha256:${hash.digest('hex')}` };
  }

  async get(key: string): Promise<Buffer> {
    const stream = await this.getStream(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The object's bytes as a stream (nothing is buffered). @throws NotFoundError */
  async getStream(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return out.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError('storage object', key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.deleteMany([key]);
  }

  /** Deletes keys in batches of 1000 (one request each); missing keys are not errors. */
  async deleteMany(keys: readonly string[]): Promise<void> {
    // An empty DeleteObjects request is malformed to S3; the loop sends none for no keys.
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const slice = keys.slice(i, i + DELETE_BATCH).map((k) => ({ Key: this.full(k) }));
      const out = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: slice, Quiet: true } }));
      const errors = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (errors.length > 0) throw new Error(`could not delete ${errors.length} objects: ${errors[0]?.Code} ${errors[0]?.Message}`);
    }
  }

  /** Every key under `prefix`, page by page (continuation tokens), without the installation prefix. */
  async *list(prefix: string, pageSize = 1_000): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}${prefix}`, MaxKeys: pageSize, ContinuationToken: token }),
      );
      for (const item of out.Contents ?? []) if (item.Key !== undefined) yield item.Key.slice(this.prefix.length);
      token = out.IsTruncated === true ? out.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** Deletes every key under `prefix` (validated like a key, so '' or '../' cannot widen it). */
  async deletePrefix(prefix: string): Promise<number> {
    checkKey(prefix.replace(/\/+$/, ''));
    const dir = `${prefix.replace(/\/+$/, '')}/`;
    let batch: string[] = [];
    let n = 0;
    for await (const key of this.list(dir)) {
      batch.push(key);
      if (batch.length === DELETE_BATCH) {
        await this.deleteMany(batch);
        n += batch.length;
        batch = [];
      }
    }
    await this.deleteMany(batch);
    return n + batch.length;
  }

  /** Deletes every key of this installation's key prefix (tests clean up after themselves). */
  async dropAll(): Promise<number> {
    const keys: string[] = [];
    for await (const key of this.list('')) keys.push(key);
    await this.deleteMany(keys);
    return keys.length;
  }

  /** A URL that lets its holder PUT (upload flow) or GET the key without credentials, for `expiresIn` seconds. */
  async presign(key: string, method: 'GET' | 'PUT', expiresIn = 900): Promise<string> {
    const credentials = await this.client.config.credentials();
    const region = await this.client.config.region();
    const endpoint = this.options.endpoint ?? `https://s3.${region}.amazonaws.com`;
    return presignUrl({
      method,
      endpoint,
      bucket: this.bucket,
      key: this.full(key),
      region,
      credentials,
      expiresIn,
      forcePathStyle: this.options.forcePathStyle ?? this.options.endpoint !== undefined,
    });
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
