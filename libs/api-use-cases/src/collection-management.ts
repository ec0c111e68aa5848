import { Collection, ConflictError, NotFoundError, ValidationError, isoNow } from '@strata/domain';
import type { CollectionPatch } from '@strata/ports';
import type { IngestionDeps } from './deps';
import { GetCollection } from './collections';
import { publishCollectionEvent } from './lifecycle-events';
import type { ListQuery, ListResult } from './namespaces';
import { listFiltered, scanAll } from './record-filter';

/*
 * Collections after creation: list, update the mutable fields, delete (documents from both
 * stores), and describe the features (vector indexes) a collection offers. Source and feature
 * extractor never change: they change by cloning (CloneCollection in collections.ts), as in Mixpeek.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,99}$/;

/** The fields collection filters and sorts see (the public field names). */
export function collectionRecord(c: Collection): Record<string, unknown> {
  const fe = c.featureExtractor;
  return {
    collection_id: c.collectionId,
    collection_name: c.collectionName,
    description: c.description,
    enabled: c.enabled,
    metadata: c.metadata,
    source: { type: c.source.type, bucket_ids: c.source.bucketIds, collection_ids: c.source.collectionIds },
    feature_extractor: {
      feature_extractor_name: fe.featureExtractorName,
      version: fe.version,
      feature_extractor_id: `${fe.featureExtractorName}_${fe.version}`,
    },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export class ListCollections {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Collection>> {
    return listFiltered(query, (p) => this.deps.metadata.collections.list(namespaceId, p), collectionRecord);
  }
}

export interface UpdateCollectionCommand extends CollectionPatch {
  namespaceId: string;
  collection: string;
}

export class UpdateCollection {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock' | 'events' | 'logger'>) {}

  /** Publishes collection.updated naming the fields that changed. @throws NotFoundError, ValidationError, AlreadyExistsError */
  async execute(command: UpdateCollectionCommand): Promise<Collection> {
    if (command.collectionName !== undefined && !NAME.test(command.collectionName)) {
      throw new ValidationError('collection_name must be 3-100 characters of letters, digits, ".", "_" or "-"');
    }
    const current = await new GetCollection(this.deps).execute(command.namespaceId, command.collection);
    const patch: CollectionPatch = {};
    const changed: string[] = [];
    if (command.collectionName !== undefined && command.collectionName !== current.collectionName) {
      patch.collectionName = command.collectionName;
      changed.push('collection_name');
    }
    if (command.description !== undefined && command.description !== current.description) {
      patch.description = command.description;
      changed.push('description');
    }
    if (command.enabled !== undefined && command.enabled !== current.enabled) {
      patch.enabled = command.enabled;
      changed.push('enabled');
    }
    if (command.metadata !== undefined && JSON.stringify(command.metadata) !== JSON.stringify(current.metadata)) {
      patch.metadata = command.metadata;
      changed.push('metadata');
    }
    if (changed.length === 0) return current;
    const now = isoNow(this.deps.clock);
    const updated = await this.deps.metadata.collections.update(command.namespaceId, current.collectionId, patch, now);
    if (updated === null) throw new NotFoundError('collection', command.collection);
    await publishCollectionEvent(this.deps, 'collection.updated', updated, now, changed);
    return updated;
  }
}

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
    await this.deps.metadata.collections.delete(namespaceId, collection.collectionId);
    await this.deps.vectors.deleteWhere({ namespaceId, collectionId: collection.collectionId });
    await publishCollectionEvent(this.deps, 'collection.deleted', collection, isoNow(this.deps.clock));
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

export interface CollectionFeature {
  featureAddress: string;
  featureExtractorName: string;
  version: string;
  vectorIndex: { name: string; dimensions: number; distance: string };
  primary: boolean;
}

export class DescribeCollectionFeatures {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** One feature per vector index, addressed `mixpeek://{extractor}@{version}/{index}`; the first is primary. */
  async execute(namespaceId: string, idOrName: string): Promise<CollectionFeature[]> {
    const c = await new GetCollection(this.deps).execute(namespaceId, idOrName);
    const fe = c.featureExtractor;
    return c.vectorIndexes.map((index, i) => ({
      featureAddress: `mixpeek://${fe.featureExtractorName}@${fe.version}/${index.name}`,
      featureExtractorName: fe.featureExtractorName,
      version: fe.version,
      vectorIndex: { name: index.name, dimensions: index.dimensions, distance: index.distance },
      primary: i === 0,
    }));
  }
}

/**
 * Document counts of the collections of a listing page: each distinct collection is counted once,
 * the counts read concurrently instead of one after another per row.
 */
export class CountCollectionDocuments {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, collectionIds: readonly string[]): Promise<Map<string, number>> {
    const ids = [...new Set(collectionIds)];
    const counts = await Promise.all(ids.map((id) => this.deps.metadata.documents.count(namespaceId, id)));
    return new Map(ids.map((id, i) => [id, counts[i] ?? 0]));
  }
}
