import type { Bucket, Collection, DocumentRecord, Namespace, StoredObject, Upload } from '@strata/domain';

/*
 * The public records of the resources (Mixpeek's field names): what the API answers (its
 * presenters add only what is computed per request) and what list filters, sorts and search read
 * (libs/contracts/src/list-filter.ts, the stores' query compilers). One function per record.
 */

/** A namespace under its public names: the API's response (apps/batch-api presenters) and what filters and sorts see. */
export function namespaceRecord(ns: Namespace) {
  return {
    namespace_id: ns.namespaceId,
    namespace_name: ns.namespaceName,
    description: ns.description,
    created_at: ns.createdAt,
    updated_at: ns.updatedAt,
  };
}

/**
 * A bucket under its public names without the figures computed per request (object_count,
 * total_size_bytes, batch_stats): the API's response builds on it, and filters and sorts see it.
 */
export function bucketRecord(b: Bucket) {
  return {
    bucket_id: b.bucketId,
    bucket_name: b.bucketName,
    description: b.description,
    bucket_schema: b.bucketSchema,
    metadata: b.metadata,
    status: 'ACTIVE' as const,
    unique_key: b.uniqueKey ? { fields: b.uniqueKey.fields, default_policy: b.uniqueKey.defaultPolicy } : null,
    created_at: b.createdAt,
    updated_at: b.updatedAt,
  };
}

/** An object under its public names (ObjectResponse): the API's response, and what filters, sorts and search see. */
export function objectRecord(o: StoredObject) {
  return {
    object_id: o.objectId,
    bucket_id: o.bucketId,
    key_prefix: o.keyPrefix,
    metadata: o.metadata,
    status: 'DRAFT' as const,
    blobs: o.blobs.map((b) => ({
      blob_id: b.blobId,
      property: b.property,
      type: b.type,
      key_prefix: o.keyPrefix,
      properties: {},
      details: { filename: b.filename, size_bytes: b.sizeBytes, mime_type: b.mimeType, hash: b.hash },
    })),
    source_details: [{ type: 'bucket' as const, source_id: o.bucketId }],
    error: null,
    content_hash: o.blobs[0]?.hash ?? null,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

/** What an upload answer adds to the stored upload (a fresh presigned URL, a confirm's duplicate check). */
export interface UploadResponseExtra {
  presignedUrl: string | null;
  isDuplicate?: boolean;
  duplicateOf?: string | null;
  existingObjectId?: string | null;
  message?: string | null;
}

/**
 * An upload under its public names: the API's response (with `extra`), and without it what filters
 * and sorts see (no presigned URL, not a duplicate).
 */
export function uploadRecord(u: Upload, extra: UploadResponseExtra = { presignedUrl: null }) {
  return {
    upload_id: u.uploadId,
    bucket_id: u.bucketId,
    filename: u.filename,
    content_type: u.contentType,
    file_size_bytes: u.receivedBytes ?? u.fileSizeBytes,
    presigned_url: extra.presignedUrl,
    presigned_url_expiration: Math.max(0, Math.round((Date.parse(u.expiresAt) - Date.parse(u.createdAt)) / 1000)),
    s3_key: u.storageKey,
    status: u.status,
    metadata: u.metadata,
    object_metadata: u.objectMetadata,
    blob_property: u.blobProperty,
    blob_type: u.blobType,
    file_hash: u.receivedHash === null ? u.fileHash : u.receivedHash.replace(/^sha256:/, ''),
    skip_duplicates: u.skipDuplicates,
    create_object_on_confirm: u.createObjectOnConfirm,
    is_duplicate: extra.isDuplicate ?? false,
    duplicate_of_upload_id: extra.duplicateOf ?? null,
    existing_object_id: extra.existingObjectId ?? null,
    object_id: u.objectId,
    message: extra.message ?? null,
    created_at: u.createdAt,
    expires_at: u.expiresAt,
    completed_at: u.completedAt,
  };
}

/** Mixpeek's bucket field types; a JSON Schema type outside them is shown as `object`. */
const FIELD_TYPES = new Set(['string', 'number', 'integer', 'float', 'boolean', 'object', 'array', 'date', 'datetime', 'text', 'image', 'audio', 'video', 'pdf', 'excel']);

/** An extractor's JSON Schema output as a bucket schema (Mixpeek's BucketSchema: a type per property), as collections show it. */
export function bucketSchemaOf(jsonSchema: Record<string, unknown> | null | undefined): { properties: Record<string, { type: string; description?: string }> } {
  const properties: Record<string, { type: string; description?: string }> = {};
  const declared = (jsonSchema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, field] of Object.entries(declared)) {
    const raw = Array.isArray(field['type']) ? (field['type'] as unknown[]).find((t) => t !== 'null') : field['type'];
    const type = typeof raw === 'string' && FIELD_TYPES.has(raw) ? raw : 'object';
    properties[name] = typeof field['description'] === 'string' ? { type, description: field['description'] } : { type };
  }
  return { properties };
}

/**
 * A collection under its public names without what is computed per request (input_schema,
 * document_count): the API's response builds on it, and filters and sorts see it.
 * `output_schema` is the one stored with the collection; `registryOutputSchema` (its extractor's
 * JSON Schema output) stands in for a collection stored before that was kept and not backfilled
 * yet (docs/adr/0079).
 */
export function collectionRecord(c: Collection, registryOutputSchema: Record<string, unknown> | null = null) {
  const fe = c.featureExtractor;
  return {
    collection_id: c.collectionId,
    collection_name: c.collectionName,
    description: c.description,
    source:
      c.source.type === 'bucket'
        ? { type: 'bucket' as const, bucket_ids: c.source.bucketIds }
        : { type: 'collection' as const, collection_ids: c.source.collectionIds },
    feature_extractor: {
      feature_extractor_name: fe.featureExtractorName,
      version: fe.version,
      feature_extractor_id: `${fe.featureExtractorName}_${fe.version}`,
      parameters: fe.parameters,
      input_mappings: fe.inputMappings,
      field_passthrough: (fe.fieldPassthrough ?? []).map((f) => ({ source_path: f.sourcePath, target_path: f.targetPath })),
      include_all_source_fields: fe.includeAllSourceFields ?? false,
    },
    output_schema: c.outputSchema ?? bucketSchemaOf(registryOutputSchema),
    vector_indexes: c.vectorIndexes.map((v) => ({
      name: v.name,
      description: `${v.name}: ${v.dimensions}-dimensional ${v.distance} vectors of ${fe.featureExtractorName}@${fe.version}`,
      dimensions: v.dimensions,
      type: 'dense' as const,
      distance: v.distance,
      datatype: 'float32' as const,
    })),
    enabled: c.enabled,
    metadata: c.metadata,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}


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
    // A document written through the API belongs to no batch (docs/adr/0076-document-writes.md).
    metadata: { feature_extractor_id: d.featureExtractorId, batch_id: d.batchId === '' ? null : d.batchId, ingestion_status: 'COMPLETED' },
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
