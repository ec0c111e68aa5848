import { z } from 'zod';
import { named } from './registry';
import { DocumentResponse } from './collections.schemas';
import { PaginationResponse, TaskResponse } from './common.schemas';
import { UploadResponse } from './resources.schemas';

/* The batch-user routes (docs/adr/0071-batch-user-routes.md); Mixpeek declares these answers untyped. */

export const ObjectDocumentsResponse = named(
  'ObjectDocumentsResponse',
  z.object({ object_id: z.string(), results: z.array(DocumentResponse), pagination: PaginationResponse }),
);

/** One collection of the tree; `children` holds nodes of the same shape (declared loosely: no recursive component). */
const DecompositionNode = z.object({
  collection_id: z.string(),
  feature_extractor_id: z.string(),
  source_type: z.string(),
  source_collection_id: z.string().nullable(),
  document_count: z.number().int(),
  document_ids: z.array(z.string()).optional(),
  children: z.array(z.record(z.string(), z.unknown())),
});

export const DecompositionTreeResponse = named(
  'DecompositionTreeResponse',
  z.object({
    object_id: z.string(),
    root_bucket_id: z.string().nullable(),
    total_documents: z.number().int(),
    truncated: z.boolean(),
    collections: z.array(DecompositionNode),
  }),
);

const LineageModel = z.record(z.string(), z.unknown());

export const DocumentLineageResponse = named(
  'DocumentLineageResponse',
  z.object({
    document_id: z.string(),
    collection_id: z.string(),
    root_object_id: z.string(),
    root_bucket_id: z.string(),
    lineage: LineageModel,
    ancestors: z.array(z.object({ document_id: z.string(), collection_id: z.string(), feature_extractor_id: z.string(), lineage: LineageModel })),
    depth: z.number().int(),
    complete: z.boolean(),
  }),
);

export const BatchDeleteDocumentsResponse = named(
  'BatchDeleteDocumentsResponse',
  z.object({
    deleted_count: z.number().int(),
    failed_count: z.number().int(),
    results: z.array(z.object({ document_id: z.string(), success: z.boolean(), error: z.string().nullable() })),
    message: z.string(),
  }),
);

export const BatchUploadResponse = named('BatchUploadResponse', z.object({ uploads: z.array(UploadResponse), total: z.number().int() }));

export const BatchConfirmResponse = named(
  'BatchConfirmResponse',
  z.object({
    task_id: z.string(),
    status: TaskResponse.shape.status,
    confirmations_count: z.number().int(),
    task: TaskResponse,
    results: TaskResponse.shape.outputs,
    message: z.string(),
  }),
);

/** Mixpeek's BatchUpdateDocumentsResponse (POST .../documents/batch). */
export const BatchUpdateDocumentsResponse = named(
  'BatchUpdateDocumentsResponse',
  z.object({
    updated_count: z.number().int(),
    failed_count: z.number().int(),
    results: z.array(z.object({ document_id: z.string(), success: z.boolean(), error: z.string().nullable() })),
    message: z.string(),
  }),
);

/** Mixpeek's BulkUpdateDocumentsResponse (PATCH .../documents/bulk). */
export const BulkUpdateDocumentsResponse = named(
  'BulkUpdateDocumentsResponse',
  z.object({ updated_count: z.number().int(), message: z.string() }),
);
