import { isoNow, NotFoundError } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { objectEvent, outboxMessage, publishLifecycle } from '../shared/lifecycle-events';

export class DeleteObject {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'clock' | 'events' | 'logger'>) {}

  /** Deletes the object and its blob bytes. @throws NotFoundError */
  async execute(namespaceId: string, bucketIdOrName: string, objectId: string): Promise<void> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const existing = await this.deps.metadata.objects.find(namespaceId, bucket.bucketId, objectId);
    if (existing === null) throw new NotFoundError('object', objectId);
    // The event commits with the delete (docs/adr/0095-transactional-outbox.md), and so does the
    // tombstone a finishing batch finds the object's documents by (docs/adr/0050-batch-policies.md).
    const now = isoNow(this.deps.clock);
    const events = [outboxMessage(objectEvent('object.deleted', existing, now))];
    await this.deps.metadata.objects.delete(namespaceId, bucket.bucketId, objectId, events, now);
    // Bytes after the row: a crash in between leaves an orphan file, never a row without bytes.
    for (const blob of existing.blobs) await this.deps.objects.delete(blob.storageKey);
    await this.deps.objects.deletePrefix(`${namespaceId}/buckets/${bucket.bucketId}/objects/${objectId}/`);
    await publishLifecycle(this.deps, events);
  }
}
