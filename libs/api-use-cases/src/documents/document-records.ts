import { DocumentRecord } from '@strata/domain';

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

/**
 * A document under its public names: the payload at the root, the ids, the system fields under
 * `_internal` (Mixpeek filters those as `_internal.<field>`) and its processing history. The API's
 * response (with `vectors` when asked for), and without vectors what filters, sorts and search see.
 */
export function documentRecord(d: DocumentRecord, vectors: Record<string, number[]> | null = null) {
  return {
    ...d.payload,
    document_id: d.documentId,
    collection_id: d.collectionId,
    ...(vectors === null ? {} : { vectors }),
    _internal: internalRecord(d),
    internal_metadata: {
      processing_history: d.processingHistory.map((h) => ({
        operation: h.operation,
        extractor: h.extractor,
        batch_id: h.batchId,
        tier: h.tier,
        started_at: h.startedAt,
        completed_at: h.completedAt,
        duration_ms: h.durationMs,
        attempt: h.attempt,
      })),
    },
  };
}
