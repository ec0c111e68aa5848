import { Collection, ConflictError, isoNow } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { collectionEvent, outboxMessage, publishLifecycle } from '../shared/lifecycle-events';
import { scanAll } from '../shared/record-filter';
import { GetCollection } from './get-collection';

/**
 * Deletes a collection synchronously, as Mixpeek does: its vectors, then its document metadata
 * with the collection record (one transaction where the store allows), then one more vector
 * sweep for a worker that wrote a chunk meanwhile. Refused while another collection sources it
 * (its batches would lose a tier) or while a running batch includes it.
 */
export class DeleteCollection {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock' | 'events' | 'logger'>) {}

  /** @throws NotFoundError, ConflictError */
  async execute(namespaceId: string, idOrName: string): Promise<{ collection: Collection; deletedDocuments: number }> {
    const collection = await new GetCollection(this.deps).execute(namespaceId, idOrName);
    const { matches: dependents } = await scanAll(
      (p) => this.deps.metadata.collections.list(namespaceId, p),
      (c) => c.source.type === 'collection' && c.source.collectionIds.includes(collection.collectionId),
    );
    if (dependents.length > 0) {
      throw new ConflictError(
        `collection ${collection.collectionName} is the source of ${dependents.map((c) => `${c.collectionName} (${c.collectionId})`).join(', ')}; delete those first`,
        { details: { collection_id: collection.collectionId, dependent_collection_ids: dependents.map((c) => c.collectionId) } },
      );
    }
    const running = await this.runningBatches(collection);
    if (running.length > 0) {
      throw new ConflictError(
        `collection ${collection.collectionName} is part of running batch(es) ${running.join(', ')}; cancel them or wait until they finish`,
        { details: { collection_id: collection.collectionId, batch_ids: running } },
      );
    }
    const documents = await this.deps.metadata.documents.count(namespaceId, collection.collectionId);
    await this.deps.vectors.deleteWhere({ namespaceId, collectionId: collection.collectionId });
    // The event commits with the delete (docs/adr/0095-transactional-outbox.md).
    const events = [outboxMessage(collectionEvent('collection.deleted', collection, isoNow(this.deps.clock)))];
    await this.deps.metadata.collections.delete(namespaceId, collection.collectionId, events);
    await this.deps.vectors.deleteWhere({ namespaceId, collectionId: collection.collectionId });
    await publishLifecycle(this.deps, events);
    return { collection, deletedDocuments: documents };
  }

  /** QUEUED or PROCESSING batches whose tiers include the collection (found through its root buckets). */
  private async runningBatches(collection: Collection): Promise<string[]> {
    const buckets = new Set<string>();
    const seen = new Set<string>();
    let frontier: Collection[] = [collection];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const c of frontier) {
        if (seen.has(c.collectionId)) continue;
        seen.add(c.collectionId);
        for (const b of c.source.bucketIds) buckets.add(b);
        next.push(...c.source.collectionIds);
      }
      frontier = next.length === 0 ? [] : await this.deps.metadata.collections.findMany(collection.namespaceId, next);
    }
    const ids: string[] = [];
    for (const bucketId of buckets) {
      for (const status of ['QUEUED', 'PROCESSING'] as const) {
        const { matches } = await scanAll(
          (p) => this.deps.metadata.batches.list(collection.namespaceId, bucketId, { status, ...p }),
          (b) => b.dagTiers.some((tier) => tier.includes(collection.collectionId)),
        );
        ids.push(...matches.map((b) => b.batchId));
      }
    }
    return ids;
  }
}
