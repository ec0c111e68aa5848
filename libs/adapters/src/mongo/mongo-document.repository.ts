import type { DocumentLineage, DocumentRecord, ProcessingHistoryEntry } from '@strata/domain';
import type { ListRequest } from '@strata/contracts';
import { MONGO_DOCUMENT_LIST, findListPage } from './mongo-list-query';
import type { DocumentRepository, OrphanedDocument, Page, PageQuery, SourceState } from '@strata/ports';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { DeletedObjectDoc, DocumentDoc, ItemDoc, MetadataModels, ObjectDoc } from './mongo-models';

/** `$in` lists are sent in slices so one query never approaches the 16 MB command limit. */
const IN_SLICE = 1_000;

function toDocument(doc: DocumentDoc): DocumentRecord {
  return {
    namespaceId: doc.namespaceId,
    collectionId: doc.collectionId,
    documentId: doc.documentId,
    objectId: doc.objectId,
    batchId: doc.batchId,
    featureExtractorId: doc.featureExtractorId,
    payload: doc.payload ?? {},
    lineage: doc.lineage as DocumentLineage,
    processingHistory: (doc.processingHistory ?? []) as unknown as ProcessingHistoryEntry[],
    sourceHash: doc.sourceHash ?? null,
    extractorFingerprint: doc.extractorFingerprint ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class MongoDocumentRepository implements DocumentRepository {
  private readonly model: Model<DocumentDoc>;
  private readonly items: Model<ItemDoc>;
  private readonly objects: Model<ObjectDoc>;
  private readonly deletedObjects: Model<DeletedObjectDoc>;

  constructor(models: Pick<MetadataModels, 'documents' | 'items' | 'objects' | 'deletedObjects'>) {
    this.model = models.documents;
    this.items = models.items;
    this.objects = models.objects;
    this.deletedObjects = models.deletedObjects;
  }

  /** The ids among `objectIds` (one slice) that name an object of the namespace. */
  private async existing(namespaceId: string, objectIds: readonly string[]): Promise<Set<string>> {
    const found = await this.objects.find({ namespaceId, objectId: { $in: [...objectIds] } }, { objectId: 1 }).lean<Array<{ objectId: string }>>().exec();
    return new Set(found.map((o) => o.objectId));
  }

  async upsertMany(documents: readonly DocumentRecord[]): Promise<void> {
    if (documents.length === 0) return;
    const ops: AnyBulkWriteOperation<DocumentDoc>[] = [];
    for (const d of documents) {
      const history = d.processingHistory;
      const tier = history[0]?.tier;
      // History is merged, not replaced: the entry of this batch and tier is replaced (a
      // redelivery adds no second entry), entries of other batches stay. Ordered bulk: the pull
      // runs before the push of the same document.
      if (history.length > 0) {
        ops.push({ updateOne: { filter: { documentId: d.documentId }, update: { $pull: { processingHistory: { batchId: d.batchId, tier } } } } });
      }
      ops.push({
        updateOne: {
          filter: { documentId: d.documentId },
          update: {
            $set: {
              batchId: d.batchId,
              payload: d.payload,
              lineage: d.lineage,
              sourceId: d.lineage.sourceDocumentId ?? d.lineage.sourceObjectId ?? d.objectId,
              sourceHash: d.sourceHash ?? null,
              extractorFingerprint: d.extractorFingerprint ?? null,
              updatedAt: d.updatedAt,
            },
            $setOnInsert: {
              namespaceId: d.namespaceId,
              collectionId: d.collectionId,
              objectId: d.objectId,
              featureExtractorId: d.featureExtractorId,
              createdAt: d.createdAt,
            },
            ...(history.length > 0 ? { $push: { processingHistory: { $each: history as unknown as DocumentDoc['processingHistory'] } } } : {}),
          },
          upsert: true,
        },
      });
    }
    await this.model.bulkWrite(ops, { ordered: true });
  }

  async find(namespaceId: string, collectionId: string, documentId: string): Promise<DocumentRecord | null> {
    const doc = await this.model.findOne({ documentId, namespaceId, collectionId }).lean<DocumentDoc>().exec();
    return doc === null ? null : toDocument(doc);
  }

  /** Filters and sorts run here (mongo-list-query.ts); null for what MongoDB cannot run exactly (search, regex, ...: the API scans). */
  async query(namespaceId: string, collectionId: string, request: ListRequest): Promise<Page<DocumentRecord> | null> {
    const page = await findListPage(this.model, MONGO_DOCUMENT_LIST, { namespaceId, collectionId }, { createdAt: 1, documentId: 1 }, request);
    return page === null ? null : { results: page.docs.map(toDocument), total: page.total };
  }

  async list(namespaceId: string, collectionId: string, page: { limit: number; offset: number }): Promise<{ results: DocumentRecord[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.model
        .find({ namespaceId, collectionId })
        .sort({ createdAt: 1, documentId: 1 })
        .skip(page.offset)
        .limit(page.limit)
        .lean<DocumentDoc[]>()
        .exec(),
      this.count(namespaceId, collectionId),
    ]);
    return { results: docs.map(toDocument), total };
  }

  async count(namespaceId: string, collectionId: string): Promise<number> {
    return this.model.countDocuments({ namespaceId, collectionId }).exec();
  }

  async countForBatch(namespaceId: string, collectionId: string, batchId: string, tier: number): Promise<number> {
    // Documents of the collection whose source item completed in this batch and tier; a later
    // batch re-writing the same documents does not make them count as missing here.
    const items = await this.items
      .find({ batchId, tier, collectionId, status: 'COMPLETED' }, { itemId: 1 })
      .lean<Array<{ itemId: string }>>()
      .exec();
    const ids = items.map((i) => i.itemId);
    let n = 0;
    for (let i = 0; i < ids.length; i += IN_SLICE) {
      n += await this.model.countDocuments({ namespaceId, collectionId, objectId: { $in: ids.slice(i, i + IN_SLICE) } }).exec();
    }
    return n;
  }

  async delete(namespaceId: string, collectionId: string, documentId: string): Promise<boolean> {
    const result = await this.model.deleteOne({ documentId, namespaceId, collectionId }).exec();
    return result.deletedCount > 0;
  }

  async findMany(namespaceId: string, documentIds: readonly string[]): Promise<DocumentRecord[]> {
    const out: DocumentRecord[] = [];
    for (let i = 0; i < documentIds.length; i += IN_SLICE) {
      const docs = await this.model
        .find({ namespaceId, documentId: { $in: documentIds.slice(i, i + IN_SLICE) } })
        .lean<DocumentDoc[]>()
        .exec();
      for (const doc of docs) out.push(toDocument(doc));
    }
    return out;
  }

  async listIdsWrittenByBatch(namespaceId: string, batchId: string, collectionIds: readonly string[]): Promise<string[]> {
    if (collectionIds.length === 0) return [];
    const docs = await this.model
      .find({ namespaceId, batchId, collectionId: { $in: [...collectionIds] } }, { documentId: 1 })
      .sort({ documentId: 1 })
      .lean<Array<{ documentId: string }>>()
      .exec();
    return docs.map((d) => d.documentId);
  }

  async sourceStates(
    namespaceId: string,
    collectionId: string,
    sourceIds: readonly string[],
  ): Promise<SourceState[]> {
    const out: SourceState[] = [];
    for (let i = 0; i < sourceIds.length; i += IN_SLICE) {
      const docs = await this.model
        .find(
          { namespaceId, collectionId, sourceId: { $in: sourceIds.slice(i, i + IN_SLICE) } },
          { sourceId: 1, documentId: 1, batchId: 1, sourceHash: 1, extractorFingerprint: 1 },
        )
        .lean<Array<Pick<DocumentDoc, 'sourceId' | 'documentId' | 'batchId' | 'sourceHash' | 'extractorFingerprint'>>>()
        .exec();
      for (const d of docs) {
        out.push({
          sourceId: d.sourceId ?? '',
          documentId: d.documentId,
          batchId: d.batchId,
          sourceHash: d.sourceHash ?? null,
          extractorFingerprint: d.extractorFingerprint ?? null,
        });
      }
    }
    return out;
  }

  /**
   * The namespace's tombstones, which of their objects still exist (ignored), then the documents
   * of the others in the collection through { namespaceId, objectId, collectionId, createdAt }.
   */
  async listOrphaned(namespaceId: string, collectionId: string, limit: number): Promise<OrphanedDocument[]> {
    const tombstones = await this.deletedObjects.find({ namespaceId }, { objectId: 1 }).lean<Array<{ objectId: string }>>().exec();
    const out: OrphanedDocument[] = [];
    for (let i = 0; i < tombstones.length; i += IN_SLICE) {
      const slice = tombstones.slice(i, i + IN_SLICE).map((t) => t.objectId);
      const existing = await this.existing(namespaceId, slice);
      const gone = slice.filter((id) => !existing.has(id));
      if (gone.length === 0) continue;
      const docs = await this.model
        .find({ namespaceId, objectId: { $in: gone }, collectionId }, { documentId: 1, objectId: 1 })
        .lean<Array<{ documentId: string; objectId: string }>>()
        .exec();
      out.push(...docs.map((d) => ({ documentId: d.documentId, objectId: d.objectId })));
    }
    return out.sort((x, y) => (x.documentId < y.documentId ? -1 : x.documentId > y.documentId ? 1 : 0)).slice(0, limit);
  }

  /** Per slice of old tombstones: those whose object exists again or roots no document go (the delete repeats the age condition). */
  async pruneTombstones(namespaceId: string, deletedBefore: string): Promise<number> {
    const old = await this.deletedObjects
      .find({ namespaceId, deletedAt: { $lt: deletedBefore } }, { objectId: 1 })
      .lean<Array<{ objectId: string }>>()
      .exec();
    let pruned = 0;
    for (let i = 0; i < old.length; i += IN_SLICE) {
      const slice = old.slice(i, i + IN_SLICE).map((t) => t.objectId);
      const existing = await this.existing(namespaceId, slice);
      const rooted = new Set((await this.model.distinct('objectId', { namespaceId, objectId: { $in: slice } }).exec()) as string[]);
      const done = slice.filter((id) => existing.has(id) || !rooted.has(id));
      if (done.length === 0) continue;
      const result = await this.deletedObjects.deleteMany({ namespaceId, objectId: { $in: done }, deletedAt: { $lt: deletedBefore } }).exec();
      pruned += result.deletedCount;
    }
    return pruned;
  }

  async listByObject(
    namespaceId: string,
    objectId: string,
    query: PageQuery & { collectionIds: readonly string[] | null },
  ): Promise<Page<DocumentRecord>> {
    const ids = query.collectionIds;
    if (ids !== null && ids.length === 0) return { results: [], total: 0 };
    const filter = { namespaceId, objectId, ...(ids === null ? {} : { collectionId: { $in: [...ids] } }) };
    const [docs, total] = await Promise.all([
      this.model.find(filter).sort({ collectionId: 1, createdAt: 1, documentId: 1 }).skip(query.offset).limit(query.limit).lean<DocumentDoc[]>().exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { results: docs.map(toDocument), total };
  }
}
