import { BUCKET_FIELD_TYPES, WRITE_POLICIES } from '@strata/domain';
import type { ListQuery } from '@strata/api-use-cases';
import { z } from 'zod';
import { blobBody, bucketName, collectionName, createCollectionBody, namespaceName, propertyName } from './validation';
import type { Page } from './pagination';

/* Request schemas of the namespaces, buckets, objects and uploads resources (Mixpeek field names). */

const record = z.record(z.string(), z.unknown());
const description = z.string().max(2000).nullish();

export const patchNamespaceBody = z
  .object({
    namespace_name: namespaceName.optional(),
    description,
  })
  .refine((b) => b.namespace_name !== undefined || b.description !== undefined, {
    message: 'send at least one of namespace_name, description',
  });

const sortOption = z.object({ field: z.string().min(1).max(200), direction: z.enum(['asc', 'desc']).default('asc') });

/** filters are checked in depth by the use case (it names the wrong part); here only their kind. */
const listFields = {
  filters: record.nullish(),
  sort: z.union([sortOption, z.array(sortOption).max(10)]).nullish(),
  search: z.string().max(500).nullish(),
  case_sensitive: z.boolean().optional(),
};

export const listNamespacesBody = z.object(listFields).default({});

/** The ListQuery of a parsed list body and its page. */
export function listQueryOf(
  input: { filters?: unknown; sort?: ListQuery['sort'] | undefined; search?: string | null | undefined; case_sensitive?: boolean | undefined },
  page: Page,
  defaultSort: ListQuery['sort'] = null,
): ListQuery {
  return {
    filters: input.filters,
    sort: input.sort ?? defaultSort,
    search: input.search ?? null,
    caseSensitive: input.case_sensitive ?? false,
    offset: page.offset,
    limit: page.limit,
  };
}

export const listBucketsBody = z
  .object({
    ...listFields,
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).max(10000).optional(),
  })
  .default({});

export const listObjectsBody = z
  .object({
    ...listFields,
    select: z.array(z.string().min(1).max(200)).max(50).nullish(),
  })
  .default({});

export const listUploadsBody = z
  .object({
    ...listFields,
    return_presigned_urls: z.boolean().optional().describe('Accepted for Mixpeek compatibility; listed uploads never carry a presigned URL'),
    limit: z.number().int().min(1).max(100).optional(),
    offset: z.number().int().min(0).max(10000).optional(),
  })
  .default({});

export const createBucketBody = z.object({
  bucket_name: bucketName,
  description,
  bucket_schema: z.object({
    properties: z.record(
      propertyName,
      z.object({
        type: z.enum(BUCKET_FIELD_TYPES),
        description: z.string().max(2000).optional(),
        required: z.boolean().optional(),
      }),
    ),
  }),
  unique_key: z
    .object({
      fields: z.array(z.string().min(1).max(100)).min(1, 'unique_key.fields must name at least one field').max(10),
      default_policy: z.enum(WRITE_POLICIES).nullish(),
    })
    .nullish(),
  metadata: record.optional(),
});

export const updateBucketBody = z
  .object({
    bucket_name: bucketName.optional(),
    description,
    metadata: record.optional(),
  })
  .strict()
  .refine((b) => b.bucket_name !== undefined || b.description !== undefined || b.metadata !== undefined, {
    message: 'send at least one of bucket_name, description, metadata (unique_key and bucket_schema cannot change)',
  });

export const objectPolicyQuery = z.object({ policy: z.enum(WRITE_POLICIES).optional(), auto_process: z.enum(['true', 'false']).optional() });

/** A blob with its content inline (`data`) or from a confirmed upload (`upload_id`): one of the two. */
const blobWithUpload = blobBody
  .extend({ data: z.unknown().optional(), upload_id: z.string().min(1).max(64).optional() })
  .refine((b) => !(b.data !== undefined && b.upload_id !== undefined), { message: 'send either data or upload_id, not both' })
  .meta({ not: { required: ['data', 'upload_id'] } });

export const createObjectBody = z.object({
  key_prefix: z.string().max(1024).nullish(),
  metadata: record.optional(),
  blobs: z.array(blobWithUpload).max(100).optional(),
  skip_duplicates: z.boolean().optional(),
});

export const createObjectsBatchBody = z.object({
  objects: z.array(z.unknown()).min(1, 'objects must hold at least one object').max(100, 'at most 100 objects per batch'),
});

/** Query of POST .../objects/bulk: the DRAFT batch to add the objects to, and objects per store transaction. */
export const bulkObjectsQuery = z.object({
    batch_id: z.string().min(1).max(64).optional().describe('A DRAFT batch of this bucket: the created objects are added to it, in line order'),
    chunk_size: z.coerce.number().int().min(1).max(1_000).optional().describe('Objects per store transaction and per object.bulk_created event (default 500)'),
  });

export const updateObjectBody = z.object({
  key_prefix: z.string().max(1024).nullish(),
  metadata: record.optional(),
  blobs: z.array(blobWithUpload).max(100).optional(),
  skip_duplicates: z.boolean().optional(),
});

export const createUploadBody = z.object({
  filename: z.string().min(1).max(255),
  content_type: z.string().regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, 'content_type must be a MIME type such as text/plain').max(255),
  file_size_bytes: z.number().int().min(1).optional(),
  presigned_url_expiration: z.number().int().min(60).max(86400).default(3600),
  metadata: record.optional(),
  create_object_on_confirm: z.boolean().default(true),
  object_metadata: record.optional(),
  blob_property: z.string().regex(/^[a-zA-Z0-9_]+$/, 'blob_property holds letters, digits and "_"').max(100).optional(),
  blob_type: z.enum(BUCKET_FIELD_TYPES).optional(),
  file_hash: z.string().regex(/^[a-fA-F0-9]{64}$/, 'file_hash must be the 64-character sha256 hex of the file').optional(),
  skip_duplicates: z.boolean().default(true),
});

export const confirmUploadBody = z
  .object({
    etag: z.string().max(200).optional(),
    file_size_bytes: z.number().int().min(0).optional(),
  })
  .default({});

export const uploadTokenQuery = z.object({ token: z.string().min(1, 'token is required').max(200) });

/* Collections after creation, documents, batch retry (docs/adr/0040-resource-api.md, docs/adr/0041-batch-retry-and-collection-delete.md). */

export const listCollectionsBody = z.object(listFields).default({});

/** Mixpeek's PATCH body is free-form; only these fields are mutable (source and extractor change by clone). */
export const updateCollectionBody = z
  .object({
    collection_name: collectionName.optional(),
    description,
    enabled: z.boolean().optional(),
    metadata: record.optional(),
    taxonomy_applications: z.array(z.unknown()).max(0, 'taxonomy_applications are not supported by Strata; send an empty list or leave it out').optional(),
  })
  .strict()
  .refine((b) => b.collection_name !== undefined || b.description !== undefined || b.enabled !== undefined || b.metadata !== undefined, {
    message: 'send at least one of collection_name, description, enabled, metadata (source and feature_extractor cannot change)',
  });

/**
 * Mixpeek's CloneCollectionRequest: a new name, and any field given replaces the source
 * collection's (feature_extractor field by field: its parameters replace the source's whole).
 */
export const cloneCollectionBody = z
  .object({
    collection_name: collectionName,
    description,
    source: createCollectionBody.shape.source.nullish(),
    feature_extractor: createCollectionBody.shape.feature_extractor.partial().strict().nullish(),
    enabled: z.boolean().nullish(),
    metadata: record.nullish(),
    taxonomy_applications: z.array(z.unknown()).max(0, 'taxonomy_applications are not supported by Strata; send an empty list or leave it out').nullish(),
  })
  .strict();

export const listDocumentsBody = z
  .object({
    ...listFields,
    select: z.array(z.string().min(1).max(200)).max(50).nullish(),
    return_vectors: z.boolean().nullish(),
    return_url: z.boolean().nullish().describe('Accepted for Mixpeek compatibility; documents carry no presigned URLs'),
    cursor: z.string().max(200).nullish().describe('Same as the cursor query parameter (the query one wins)'),
    group_by: z.null({ error: 'group_by is not supported by Strata; leave it out and sort by the field instead' }).optional(),
  })
  .default({});

export const retryBatchBody = z
  .object({
    retry_mode: z.enum(['transient_only', 'all']).default('transient_only'),
    tier_nums: z.array(z.number().int().min(0).max(100)).max(100).nullish(),
    max_retry_count: z.number().int().min(1).max(10).optional(),
  })
  .default({ retry_mode: 'transient_only' });

/** `?collection_ids=col_a,col_b` (comma-separated, as Mixpeek's query) with limit/offset. */
export const objectDocumentsQuery = z.object({
  collection_ids: z
    .string()
    .max(2000)
    .regex(/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/, 'collection_ids must be collection ids separated by commas')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(10000).optional(),
});

export const decompositionTreeQuery = z.object({ include_document_ids: z.enum(['true', 'false']).optional() });

/** Mixpeek's BatchUploadRequest: 1 to 100 uploads, shared metadata merged under each upload's own. */
export const createUploadsBatchBody = z.object({
  uploads: z.array(createUploadBody).min(1, 'uploads must hold at least one upload').max(100, 'uploads holds at most 100 uploads'),
  shared_metadata: record.nullable().optional(),
  shared_object_metadata: record.nullable().optional(),
});

/** Mixpeek's BatchConfirmRequest: 1 to 100 confirmations of upload_id with optional etag and size. */
export const confirmUploadsBatchBody = z.object({
  confirmations: z
    .array(
      z.object({
        upload_id: z.string().regex(/^upl_[a-z0-9]{6,64}$/, 'upload_id must be an upload id (upl_...)'),
        etag: z.string().max(200).optional(),
        file_size_bytes: z.number().int().min(0).optional(),
      }),
    )
    .min(1, 'confirmations must hold at least one confirmation')
    .max(100, 'confirmations holds at most 100 confirmations'),
});

/**
 * Mixpeek's BatchDeleteDocumentsRequest: `document_ids` (1 to 1000 ids) or `filters` (every
 * matching document, at most 10,000), never both or neither.
 */
export const deleteDocumentsBatchBody = z
  .object({
    document_ids: z
      .array(z.string().min(1).max(200))
      .min(1, 'document_ids must hold at least one id')
      .max(1000, 'document_ids holds at most 1000 ids')
      .nullable()
      .optional()
      .describe('Documents to delete by id (1 to 1000); mutually exclusive with filters'),
    filters: z
      .unknown()
      .optional()
      .describe('LogicalOperator, as in POST .../documents/list: every matching document is deleted (at least one condition; at most 10,000 matches, more is refused with 422); mutually exclusive with document_ids'),
  })
  // Unknown keys are refused by name rather than ignored.
  .strict()
  .refine((b) => (b.document_ids != null) !== (b.filters != null), {
    message: 'send either document_ids (up to 1000 ids) or filters (every matching document), not both or neither',
  });

/** A document patch: the user fields to change, at the root (Mixpeek's PatchDocumentRequest is free-form). */
export const patchDocumentBody = record;

/* Document writes (docs/adr/0076-document-writes.md). */

/** Vectors by index name (Mixpeek's NamedDenseVectors); dimensions are checked against the collection's indexes. */
const namedVectors = z.record(z.string().min(1).max(100), z.array(z.number()).min(1).max(65_536)).describe('Vector index name -> dense vector');

/** Mixpeek's FeatureModel: the vectors one extractor produced, with its payload. */
const featureModel = z.looseObject({
  feature_extractor_id: z.string().min(1).max(200),
  payload: record.optional(),
  vectors: namedVectors.nullable().optional(),
});

const nullableId = z.string().min(1).max(200).nullable().optional();

/**
 * Mixpeek's DocumentCreateRequest. User fields go at the root (or under `metadata`); vectors under
 * `vectors` or in `features`. The lineage is computed from root_object_id (or source_document_id):
 * lineage_path, lineage_chain and document_schema_version are accepted and have no effect.
 */
export const createDocumentBody = z.looseObject({
  collection_id: z.string().min(1).max(200).optional().describe("Optional here (the path names the collection); when sent it must be the path's collection"),
  root_object_id: nullableId.describe('The object the document belongs to; required unless source_document_id is given'),
  root_bucket_id: nullableId.describe("The root object's bucket (default: the collection's source buckets)"),
  source_type: z.enum(['bucket', 'collection']).nullable().optional(),
  source_collection_id: nullableId,
  source_document_id: nullableId.describe('A document of another collection this one derives from; its lineage is continued'),
  source_object_id: nullableId,
  lineage_path: z.string().max(2000).nullable().optional().describe('Accepted, no effect: the lineage path is computed'),
  lineage_chain: z.array(z.unknown()).max(100).optional().describe('Accepted, no effect: the lineage chain is computed'),
  document_schema_version: z.string().max(100).nullable().optional().describe('Accepted, no effect'),
  metadata: record.optional().describe('User fields, stored at the root of the document'),
  features: z.array(featureModel).max(32).optional().describe("Vectors by extractor; their vectors and payloads are merged"),
  vectors: namedVectors.optional().describe("A vector for every index of the collection, or none (the document is then not in the vector store)"),
});
export type CreateDocumentBody = z.infer<typeof createDocumentBody>;

/** Mixpeek's DocumentUpdateRequest: the document's new user fields at the root (they replace the old ones); `vectors` replaces its vectors. */
export const updateDocumentBody = z.looseObject({
  vectors: namedVectors.optional().describe('New vectors for every index of the collection; omitted: the vectors are kept'),
});

const documentUpdate = z.object({
  document_id: z.string().min(1).max(200),
  update_data: record.describe('User fields merged into this document'),
});

/** Mixpeek's BatchUpdateDocumentsRequest: `updates` (per-document fields), or `update_data` with optional `filters` (same as PATCH .../documents/bulk). */
export const batchUpdateDocumentsBody = z
  .object({
    updates: z.array(documentUpdate).min(1, 'updates must hold at least one update').max(1000, 'updates holds at most 1000 updates').nullable().optional(),
    filters: z.unknown().optional().describe('LogicalOperator, as in POST .../documents/list'),
    update_data: record.nullable().optional(),
  })
  .strict()
  .refine((b) => (b.updates != null) !== (b.update_data != null), { message: 'send either updates (per document) or update_data (with optional filters), not both or neither' })
  .refine((b) => !(b.updates != null && b.filters != null), { message: 'filters go with update_data, not with updates', path: ['filters'] });

/** Mixpeek's BulkUpdateDocumentsRequest: the same fields merged into every document the filters match (no filters: every document). */
export const bulkUpdateDocumentsBody = z
  .object({
    filters: z.unknown().optional().describe('LogicalOperator, as in POST .../documents/list; omitted: every document of the collection'),
    update_data: record.describe('User fields merged into every matching document'),
  })
  .strict();
