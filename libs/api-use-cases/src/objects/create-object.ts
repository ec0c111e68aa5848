import { AlreadyExistsError, BadRequestError, Bucket, BucketFieldType, contentHash, isoNow, newId, NotFoundError, StoredObject, WritePolicy } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { objectEvent, outboxMessage, publishLifecycle } from '../shared/lifecycle-events';
import { type BlobInput, BlobWriter, checkBlobs, toBytes, uniqueKeyValueOf } from './blob-writer';

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
    const policy = resolveWritePolicy(bucket, command.policy ?? null);

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
    // The event commits with the row (docs/adr/0095-transactional-outbox.md).
    const events = [
      outboxMessage(existing === null ? objectEvent('object.created', object, object.createdAt) : objectEvent('object.updated', object, object.updatedAt)),
    ];
    try {
      if (existing !== null) {
        if (!(await this.deps.metadata.objects.update(object, events))) throw new NotFoundError('object', objectId);
        for (const old of existing.blobs) await this.deps.objects.delete(old.storageKey);
      } else {
        await this.deps.metadata.objects.create(object, events);
      }
    } catch (error) {
      await this.blobs.discard(blobs);
      throw error;
    }
    await publishLifecycle(this.deps, events);
    return object;
  }
}

/** The write policy of a create in `bucket`: `requested`, else the unique key's default; null without a unique key. */
export function resolveWritePolicy(bucket: Bucket, requested: WritePolicy | null): WritePolicy | null {
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
