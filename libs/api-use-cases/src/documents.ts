import { DocumentRecord, NotFoundError, isoNow } from '@strata/domain';
import type { IngestionDeps } from './deps';
import { GetCollection } from './collections';
import type { ListQuery, ListResult } from './namespaces';
import { listFiltered } from './record-filter';

/** A document's lineage under its public names (`_internal.lineage` of the response). */
export function lineageRecord(d: DocumentRecord) {
  return {
    root_object_id: d.lineage.rootObjectId,
    root_bucket_id: d.lineage.rootBucketId,
    source_type: d.lineage.sourceType,
    source_object_id: d.lineage.sourceObjectId,
    source_document_id: d.lineage.sourceDocumentId,
    source_collection_id: d.lineage.sourceCollectionId ?? null,
    path: d.lineage.path,
    chain: d.lineage.chain ?? [],
  };
}

/**
 * The fields document filters and sorts see: the payload at the root (as in the response),
 * the ids, and the system fields under `_internal` (Mixpeek filters those as `_internal.<field>`).
 */
/** The system fields of a document: the response's `_internal` (a stored document is always COMPLETED). */
export function internalRecord(d: DocumentRecord) {
  return {
    namespace_id: d.namespaceId,
    document_id: d.documentId,
    collection_id: d.collectionId,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    lineage: lineageRecord(d),
    metadata: { feature_extractor_id: d.featureExtractorId, batch_id: d.batchId, ingestion_status: 'COMPLETED' },
  };
}

export function documentRecord(d: DocumentRecord): Record<string, unknown> {
  return {
    ...d.payload,
    document_id: d.documentId,
    collection_id: d.collectionId,
    root_object_id: d.lineage.rootObjectId,
    source_object_id: d.lineage.sourceObjectId,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    _internal: internalRecord(d),
  };
}

export class ListDocuments {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.collections = new GetCollection(deps);
  }

  /** Filters (AND/OR/NOT), search and sort as every list; a plain page reads one page. @throws NotFoundError, ValidationError */
  async execute(namespaceId: string, collection: string, query: ListQuery): Promise<ListResult<DocumentRecord> & { collectionId: string }> {
    const c = await this.collections.execute(namespaceId, collection);
    const result = await listFiltered(query, (p) => this.deps.metadata.documents.list(namespaceId, c.collectionId, p), documentRecord);
    return { ...result, collectionId: c.collectionId };
  }
}

/**
 * Deletes one document from both stores: its vectors first, then its metadata, so a delete cut
 * short leaves a document that is still listed and can be deleted again (never an orphan vector
 * that search would return without a document behind it).
 */
export class DeleteDocument {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>) {
    this.collections = new GetCollection(deps);
  }

  /** @throws NotFoundError */
  async execute(namespaceId: string, collection: string, documentId: string): Promise<{ deletedAt: string }> {
    const c = await this.collections.execute(namespaceId, collection);
    const found = await this.deps.metadata.documents.find(namespaceId, c.collectionId, documentId);
    if (found === null) throw new NotFoundError('document', documentId);
    await this.deps.vectors.deleteWhere({ namespaceId, collectionId: c.collectionId, ids: [documentId] });
    await this.deps.metadata.documents.delete(namespaceId, c.collectionId, documentId);
    return { deletedAt: isoNow(this.deps.clock) };
  }
}

export class GetDocument {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors'>) {
    this.collections = new GetCollection(deps);
  }

  async execute(
    namespaceId: string,
    collection: string,
    documentId: string,
    withVectors: boolean,
  ): Promise<{ document: DocumentRecord; vectors: Record<string, number[]> | null }> {
    const c = await this.collections.execute(namespaceId, collection);
    const document = await this.deps.metadata.documents.find(namespaceId, c.collectionId, documentId);
    if (document === null) throw new NotFoundError('document', documentId);
    if (!withVectors) return { document, vectors: null };
    const point = await this.deps.vectors.get(namespaceId, c.collectionId, documentId);
    const vectors: Record<string, number[]> = {};
    for (const [name, v] of Object.entries(point?.vectors ?? {})) vectors[name] = Array.from(v);
    return { document, vectors };
  }
}
