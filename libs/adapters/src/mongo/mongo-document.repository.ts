import type { DocumentLineage, DocumentRecord, ProcessingHistoryEntry } from '@strata/domain';
import type { DocumentRepository } from '@strata/ports';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { DocumentDoc } from './mongo-models';

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
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class MongoDocumentRepository implements DocumentRepository {
  constructor(private readonly model: Model<DocumentDoc>) {}

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
            $set: { batchId: d.batchId, payload: d.payload, lineage: d.lineage, updatedAt: d.updatedAt },
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
}
