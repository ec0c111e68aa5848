import type { ListRequest } from '@strata/contracts';
import { MONGO_COLLECTION_LIST, findListPage } from './mongo-list-query';
import { AlreadyExistsError, Collection, CollectionOutputSchema, CollectionSource, FeatureExtractorConfig, VectorIndex } from '@strata/domain';
import type { CollectionPatch, CollectionRepository, OutboxMessage, Page, PageQuery } from '@strata/ports';
import type { Model } from 'mongoose';
import { CollectionDoc, DocumentDoc, OutboxDoc, isDuplicateKey } from './mongo-models';
import { inSession, writeWithEvents } from './mongo-outbox.repository';
import { MongoTransactions } from './mongo-transactions';

function toCollection(doc: CollectionDoc): Collection {
  return {
    namespaceId: doc.namespaceId,
    collectionId: doc.collectionId,
    collectionName: doc.collectionName,
    description: doc.description ?? null,
    source: doc.source as CollectionSource,
    featureExtractor: doc.featureExtractor as FeatureExtractorConfig,
    ...(doc.outputSchema === undefined || doc.outputSchema === null ? {} : { outputSchema: doc.outputSchema as CollectionOutputSchema }),
    vectorIndexes: (doc.vectorIndexes ?? []) as VectorIndex[],
    enabled: doc.enabled === true,
    metadata: doc.metadata ?? {},
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class MongoCollectionRepository implements CollectionRepository {
  /**
   * `outbox`: the lifecycle events' collection; a change and its events commit in one transaction
   * when the server has them, else the change first and its events as the next ordered write
   * (docs/adr/0095-transactional-outbox.md).
   */
  constructor(
    private readonly model: Model<CollectionDoc>,
    private readonly documents: Model<DocumentDoc>,
    private readonly outbox: Model<OutboxDoc> | null = null,
    private readonly tx: MongoTransactions = MongoTransactions.none(),
  ) {}

  async create(c: Collection, outbox?: readonly OutboxMessage[]): Promise<void> {
    try {
      await writeWithEvents(
        this.tx,
        this.outbox,
        outbox,
        () => true,
        async (session) => {
          await this.model.create(
            [
              {
                collectionId: c.collectionId,
                namespaceId: c.namespaceId,
                collectionName: c.collectionName,
                description: c.description,
                source: c.source,
                sourceBucketIds: c.source.bucketIds,
                sourceCollectionIds: c.source.collectionIds,
                featureExtractor: c.featureExtractor,
                ...(c.outputSchema === undefined ? {} : { outputSchema: c.outputSchema }),
                vectorIndexes: c.vectorIndexes,
                enabled: c.enabled,
                metadata: c.metadata,
                createdAt: c.createdAt,
                updatedAt: c.updatedAt,
              },
            ],
            inSession(session),
          );
        },
      );
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
    const docs = await this.model
      .find({ namespaceId, collectionId: { $in: [...collectionIds] } })
      .lean<CollectionDoc[]>()
      .exec();
    return docs.map(toCollection);
  }

  async listBySourceBucket(namespaceId: string, bucketId: string): Promise<Collection[]> {
    return this.bySource(namespaceId, { sourceBucketIds: bucketId });
  }

  async listBySourceCollections(namespaceId: string, collectionIds: readonly string[], options: { includeDisabled?: boolean } = {}): Promise<Collection[]> {
    if (collectionIds.length === 0) return [];
    return this.bySource(namespaceId, { sourceCollectionIds: { $in: [...collectionIds] } }, options.includeDisabled === true);
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Collection>> {
    const [docs, total] = await Promise.all([
      this.model.find({ namespaceId }).sort({ createdAt: 1, collectionId: 1 }).skip(page.offset).limit(page.limit).lean<CollectionDoc[]>().exec(),
      this.model.countDocuments({ namespaceId }).exec(),
    ]);
    return { results: docs.map(toCollection), total };
  }

  /** Filters and sorts run here (mongo-list-query.ts); null for what MongoDB cannot run exactly (search, regex, ...: the API scans). */
  async query(namespaceId: string, request: ListRequest): Promise<Page<Collection> | null> {
    const page = await findListPage(this.model, MONGO_COLLECTION_LIST, { namespaceId }, { createdAt: 1, collectionId: 1 }, request);
    return page === null ? null : { results: page.docs.map(toCollection), total: page.total };
  }

  // `outputSchema: null` matches a missing field (documents written before it was kept) and a null one.
  async hasMissingOutputSchema(namespaceId: string): Promise<boolean> {
    return (await this.model.exists({ namespaceId, outputSchema: null }).exec()) !== null;
  }

  async listMissingOutputSchema(afterCollectionId: string | null, limit: number): Promise<Collection[]> {
    const docs = await this.model
      .find({ outputSchema: null, ...(afterCollectionId === null ? {} : { collectionId: { $gt: afterCollectionId } }) })
      .sort({ collectionId: 1 })
      .limit(limit)
      .lean<CollectionDoc[]>()
      .exec();
    return docs.map(toCollection);
  }

  /** "Still none" in the filter makes it a compare-and-set: a second writer finds nothing to change. */
  async setOutputSchema(namespaceId: string, collectionId: string, outputSchema: CollectionOutputSchema): Promise<boolean> {
    const result = await this.model.updateOne({ namespaceId, collectionId, outputSchema: null }, { $set: { outputSchema } }).exec();
    return result.modifiedCount > 0;
  }

  async update(
    namespaceId: string,
    collectionId: string,
    patch: CollectionPatch,
    updatedAt: string,
    outbox?: readonly OutboxMessage[],
  ): Promise<Collection | null> {
    const set: Record<string, unknown> = { updatedAt };
    if (patch.collectionName !== undefined) set['collectionName'] = patch.collectionName;
    if (patch.description !== undefined) set['description'] = patch.description;
    if (patch.enabled !== undefined) set['enabled'] = patch.enabled;
    if (patch.metadata !== undefined) set['metadata'] = patch.metadata;
    try {
      return await writeWithEvents(
        this.tx,
        this.outbox,
        outbox,
        (c) => c !== null,
        async (session) => {
          const doc = await this.model
            .findOneAndUpdate({ namespaceId, collectionId }, { $set: set }, { returnDocument: 'after', ...inSession(session) })
            .lean<CollectionDoc>()
            .exec();
          return doc === null ? null : toCollection(doc);
        },
      );
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new AlreadyExistsError(`a collection named '${patch.collectionName ?? ''}' already exists in this namespace`);
      }
      throw error;
    }
  }

  async delete(namespaceId: string, collectionId: string, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    // Documents first, the collection record last, so a delete cut short can be repeated.
    const owned = await this.model.exists({ namespaceId, collectionId }).exec();
    if (owned === null) return false;
    await this.documents.deleteMany({ namespaceId, collectionId }).exec();
    return writeWithEvents(
      this.tx,
      this.outbox,
      outbox,
      (applied) => applied,
      async (session) => {
        const result = await this.model.deleteOne({ namespaceId, collectionId }, inSession(session)).exec();
        return result.deletedCount > 0;
      },
    );
  }

  private async bySource(namespaceId: string, filter: Record<string, unknown>, includeDisabled = false): Promise<Collection[]> {
    const docs = await this.model
      .find({ namespaceId, ...(includeDisabled ? {} : { enabled: true }), ...filter })
      .sort({ createdAt: 1, collectionId: 1 })
      .lean<CollectionDoc[]>()
      .exec();
    return docs.map(toCollection);
  }
}
