import { Collection, DocumentLineage, DocumentRecord, isoNow, newId, NotFoundError, ValidationError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import { checkPayload, checkVectors, NamedVectors, refuseSystemFields, writeDocuments } from './document-writes';

/** A document written through the API (Mixpeek's DocumentCreateRequest, camelCased). */
export interface CreateDocumentCommand {
  /** The user fields, at the root of the document. */
  fields: Record<string, unknown>;
  /** The object the document belongs to; required unless `sourceDocumentId` names a document it derives from. */
  rootObjectId: string | null;
  rootBucketId: string | null;
  /** A document of another collection this one derives from: the lineage is continued from it. */
  sourceDocumentId: string | null;
  /** Feature extractor the vectors came from (defaults to the collection's). */
  featureExtractorId: string | null;
  vectors: NamedVectors;
  /** Mixpeek's fields that restate what the lineage says: checked against it, a contradiction is refused. */
  stated?: { collectionId?: string | null; sourceType?: 'bucket' | 'collection' | null; sourceObjectId?: string | null; sourceCollectionId?: string | null };
}

/**
 * Creates one document (Mixpeek's `POST /v1/collections/{c}/documents`): a new id, the user
 * fields checked (no system fields, size limits), the vectors checked against the collection's
 * indexes, then written to the vector store and the metadata store (writeDocuments' order).
 * The document belongs to an object, as every Strata document does: its root object is named,
 * or taken from the source document's lineage. It is not attached to any batch; a later batch
 * that re-processes its source replaces the source's documents in this collection
 * (docs/adr/0076-document-writes.md).
 */
export class CreateDocument {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>) {
    this.collections = new GetCollection(deps);
  }

  /** @throws NotFoundError (collection, root object, source document), ValidationError */
  async execute(namespaceId: string, collection: string, command: CreateDocumentCommand): Promise<DocumentRecord> {
    refuseSystemFields(command.fields, 'body');
    checkPayload(command.fields, 'body');
    const c = await this.collections.execute(namespaceId, collection);
    const vectors = checkVectors(c, command.vectors, 'body.vectors');
    const stated = command.stated ?? {};
    if (stated.collectionId != null && stated.collectionId !== c.collectionId && stated.collectionId !== c.collectionName) {
      throw new ValidationError(`body.collection_id: ${stated.collectionId} contradicts the collection of the path (${c.collectionId})`);
    }
    const lineage = await this.lineage(namespaceId, c, command);
    this.agree('source_type', stated.sourceType ?? null, lineage.sourceType);
    if (stated.sourceObjectId != null) this.agree('source_object_id', stated.sourceObjectId, lineage.sourceObjectId ?? 'none (the document derives from a document)');
    if (stated.sourceCollectionId != null) this.agree('source_collection_id', stated.sourceCollectionId, lineage.sourceCollectionId ?? 'none (the document derives from an object)');
    const now = isoNow(this.deps.clock);
    const record: DocumentRecord = {
      namespaceId,
      collectionId: c.collectionId,
      documentId: newId('document'),
      objectId: lineage.rootObjectId,
      batchId: '',
      featureExtractorId: command.featureExtractorId ?? `${c.featureExtractor.featureExtractorName}_${c.featureExtractor.version}`,
      payload: command.fields,
      lineage,
      processingHistory: [],
      sourceHash: null,
      extractorFingerprint: null,
      createdAt: now,
      updatedAt: now,
    };
    await writeDocuments(this.deps, [{ record, vectors }]);
    return record;
  }

  private async lineage(namespaceId: string, c: Collection, command: CreateDocumentCommand): Promise<DocumentLineage> {
    if (command.sourceDocumentId !== null) {
      const [source] = await this.deps.metadata.documents.findMany(namespaceId, [command.sourceDocumentId]);
      if (source === undefined) throw new NotFoundError('document', command.sourceDocumentId);
      if (source.collectionId === c.collectionId) throw new ValidationError('body.source_document_id: a document cannot derive from a document of its own collection');
      this.agree('root_object_id', command.rootObjectId, source.lineage.rootObjectId);
      this.agree('root_bucket_id', command.rootBucketId, source.lineage.rootBucketId);
      return {
        rootObjectId: source.lineage.rootObjectId,
        rootBucketId: source.lineage.rootBucketId,
        sourceType: 'collection',
        sourceObjectId: null,
        sourceDocumentId: source.documentId,
        sourceCollectionId: source.collectionId,
        path: `${source.lineage.path}/${c.collectionId}`,
        chain: [...(source.lineage.chain ?? []), source.documentId],
      };
    }
    if (command.rootObjectId === null) {
      throw new ValidationError('body.root_object_id: name the object the document belongs to (or source_document_id, a document it derives from)', [
        { location: 'body.root_object_id', message: 'required', type: 'missing' },
      ]);
    }
    const buckets = command.rootBucketId !== null ? [command.rootBucketId] : c.source.type === 'bucket' ? c.source.bucketIds : [];
    if (buckets.length === 0) throw new ValidationError("body.root_bucket_id: name the root object's bucket (the collection does not read a bucket)");
    for (const bucketId of buckets) {
      const object = await this.deps.metadata.objects.find(namespaceId, bucketId, command.rootObjectId);
      if (object !== null) {
        return {
          rootObjectId: object.objectId,
          rootBucketId: bucketId,
          sourceType: 'bucket',
          sourceObjectId: object.objectId,
          sourceDocumentId: null,
          sourceCollectionId: null,
          path: `${bucketId}/${c.collectionId}`,
          chain: [],
        };
      }
    }
    throw new NotFoundError('object', command.rootObjectId);
  }

  private agree(field: string, given: string | null, actual: string): void {
    if (given !== null && given !== actual) throw new ValidationError(`body.${field}: ${given} contradicts the document's lineage (${field} ${actual})`);
  }
}
