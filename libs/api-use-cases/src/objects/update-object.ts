import { isoNow, NotFoundError, StoredObject } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { objectEvent, outboxMessage, publishLifecycle } from '../shared/lifecycle-events';
import { type BlobInput, BlobWriter, checkBlobs, uniqueKeyValueOf } from './blob-writer';

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
    // The event commits with the row (docs/adr/0095-transactional-outbox.md).
    const events = [outboxMessage(objectEvent('object.updated', object, object.updatedAt))];
    try {
      if (!(await this.deps.metadata.objects.update(object, events))) throw new NotFoundError('object', command.objectId);
    } catch (error) {
      await this.blobs.discard(fresh);
      throw error;
    }
    for (const old of existing.blobs.filter((b) => replaced.has(b.property))) await this.deps.objects.delete(old.storageKey);
    await publishLifecycle(this.deps, events);
    return object;
  }
}
