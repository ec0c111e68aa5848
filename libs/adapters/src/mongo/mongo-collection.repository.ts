import { AlreadyExistsError, Collection, CollectionSource, FeatureExtractorConfig, VectorIndex } from '@strata/domain';
import type { CollectionRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import { CollectionDoc, isDuplicateKey } from './mongo-models';

function toCollection(doc: CollectionDoc): Collection {
  return {
    namespaceId: doc.namespaceId,
    collectionId: doc.collectionId,
    collectionName: doc.collectionName,
    description: doc.description ?? null,
    source: doc.source as CollectionSource,
    featureExtractor: doc.featureExtractor as FeatureExtractorConfig,
    vectorIndexes: (doc.vectorIndexes ?? []) as VectorIndex[],
    enabled: doc.enabled === true,
    metadata: doc.metadata ?? {},
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class MongoCollectionRepository implements CollectionRepository {
  constructor(private readonly model: Model<CollectionDoc>) {}

  async create(c: Collection): Promise<void> {
    try {
      await this.model.create({
        collectionId: c.collectionId,
        namespaceId: c.namespaceId,
        collectionName: c.collectionName,
        description: c.description,
        source: c.source,
        sourceBucketIds: c.source.bucketIds,
        sourceCollectionIds: c.source.collectionIds,
        featureExtractor: c.featureExtractor,
        vectorIndexes: c.vectorIndexes,
        enabled: c.enabled,
        metadata: c.metadata,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      });
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new AlreadyExistsError(`a collection named '${c.collectionName}' already exists in this namespace`);
      }
      throw error;
    }
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Collection | null> {
    const doc = await this.model
      .findOne({ namespaceId, $or: [{ collectionId: idOrName }, { collectionName: idOrName }] })
      .lean<CollectionDoc>()
      .exec();
    return doc === null ? null : toCollection(doc);
  }

  async findMany(namespaceId: string, collectionIds: readonly string[]): Promise<Collection[]> {
    if (collectionIds.length === 0) return [];
    const docs = await this.model.find({ namespaceId, collectionId: { $in: [...collectionIds] } }).lean<CollectionDoc[]>().exec();
    return docs.map(toCollection);
  }

  async listBySourceBucket(namespaceId: string, bucketId: string): Promise<Collection[]> {
    return this.bySource(namespaceId, { sourceBucketIds: bucketId });
  }

  async listBySourceCollections(namespaceId: string, collectionIds: readonly string[]): Promise<Collection[]> {
    if (collectionIds.length === 0) return [];
    return this.bySource(namespaceId, { sourceCollectionIds: { $in: [...collectionIds] } });
  }

  private async bySource(namespaceId: string, filter: Record<string, unknown>): Promise<Collection[]> {
    const docs = await this.model
      .find({ namespaceId, enabled: true, ...filter })
      .sort({ createdAt: 1, collectionId: 1 })
      .lean<CollectionDoc[]>()
      .exec();
    return docs.map(toCollection);
  }
}
