import { z } from 'zod';
import { PaginationResponse, TaskResponse } from './common.schemas';
import { BucketSchema } from './resources.schemas';
import { jsonObject, named, nullableTimestamp, timestamp } from './registry';

/* Collections, documents and the feature extractor catalogue (Mixpeek's names). */

const vectorIndex = z.object({
  name: z.string(),
  description: z.string(),
  dimensions: z.number().int(),
  type: z.enum(['dense']),
  distance: z.string(),
  datatype: z.enum(['float32']),
});

export const FeatureExtractorConfig = named(
  'FeatureExtractorConfig',
  z.object({
    feature_extractor_name: z.string(),
    version: z.string(),
    feature_extractor_id: z.string(),
    parameters: jsonObject,
    input_mappings: z.record(z.string(), z.string()).nullable(),
    field_passthrough: z.array(z.object({ source_path: z.string(), target_path: z.string().nullable() })),
    include_all_source_fields: z.boolean(),
  }),
);

export const CollectionResponse = named(
  'CollectionResponse',
  z.object({
    collection_id: z.string(),
    collection_name: z.string(),
    description: z.string().nullable(),
    source: z.union([
      z.object({ type: z.literal('bucket'), bucket_ids: z.array(z.string()) }),
      z.object({ type: z.literal('collection'), collection_ids: z.array(z.string()) }),
    ]),
    input_schema: BucketSchema.describe("What the collection reads: the source bucket's schema (or the source collections' output schema)"),
    feature_extractor: FeatureExtractorConfig,
    output_schema: BucketSchema.describe('What each document carries: the extractor\'s output fields'),
    vector_indexes: z.array(vectorIndex),
    enabled: z.boolean(),
    metadata: jsonObject,
    document_count: z.number().int().nullable().describe('Documents in the collection (metadata store)'),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
export type CollectionResponse = z.infer<typeof CollectionResponse>;

export const ListCollectionsResponse = named(
  'ListCollectionsResponse',
  z.object({
    results: z.array(CollectionResponse),
    pagination: PaginationResponse,
    total_count: z.number().int(),
    stats: z.object({ total_collections: z.number().int(), total_documents: z.number().int() }),
    truncated: z.boolean(),
  }),
);

export const CloneCollectionResponse = named(
  'CloneCollectionResponse',
  z.object({ collection: CollectionResponse, source_collection_id: z.string() }),
);

export const DeleteCollectionResponse = named(
  'DeleteCollectionResponse',
  z.object({
    success: z.boolean(),
    message: z.string(),
    collection_id: z.string(),
    collection_name: z.string(),
    deleted_documents: z.number().int(),
  }),
);

export const DescribeCollectionFeaturesResponse = named(
  'DescribeCollectionFeaturesResponse',
  z.object({
    features: z.array(
      z.object({
        feature_address: z.string(),
        feature_extractor_name: z.string(),
        version: z.string(),
        vector_index: vectorIndex,
        primary: z.boolean(),
      }),
    ),
  }),
);

export const TriggerCollectionResponse = named(
  'TriggerCollectionResponse',
  z.object({
    batch_id: z.string(),
    task_id: z.string(),
    collection_id: z.string(),
    source_bucket_ids: z.array(z.string()),
    source_collection_ids: z.array(z.string()).nullable(),
    object_count: z.number().int(),
    document_count: z.number().int().nullable(),
    total_tiers: z.number().int(),
    message: z.string(),
    batches: z.array(z.object({ batch_id: z.string(), bucket_id: z.string(), object_count: z.number().int(), task: TaskResponse })),
  }),
);

/** A document: its payload fields at the root, system fields under _internal. */
export const DocumentResponse = named(
  'DocumentResponse',
  z.looseObject({
    document_id: z.string(),
    collection_id: z.string(),
    vectors: z.record(z.string(), z.array(z.number())).optional().describe('With return_vectors=true'),
    _internal: jsonObject,
    internal_metadata: z.object({
      processing_history: z.array(
        z.object({
          operation: z.string(),
          extractor: z.string(),
          batch_id: z.string().nullable(),
          tier: z.number().int().nullable(),
          started_at: nullableTimestamp,
          completed_at: nullableTimestamp,
          duration_ms: z.number().nullable(),
          attempt: z.number().int().nullable(),
        }),
      ),
    }),
  }),
);
export type DocumentResponse = z.infer<typeof DocumentResponse>;

export const ListDocumentsResponse = named(
  'ListDocumentsResponse',
  z.object({
    results: z.array(z.record(z.string(), z.unknown()).describe('A DocumentResponse, or its selected fields when `select` is given')),
    pagination: PaginationResponse,
    total_count: z.number().int(),
    stats: z.object({ total_documents: z.number().int(), avg_blobs_per_document: z.number() }),
    truncated: z.boolean(),
  }),
);

export const SearchDocumentsResponse = named(
  'SearchDocumentsResponse',
  z.object({
    collection_id: z.string(),
    vector_index: z.string(),
    top_k: z.number().int(),
    results: z.array(z.looseObject({ document_id: z.string(), collection_id: z.string(), score: z.number() })),
  }),
);

export const FeatureExtractorResponseModel = named(
  'FeatureExtractorResponseModel',
  z.object({
    feature_extractor_name: z.string(),
    version: z.string(),
    feature_extractor_id: z.string(),
    description: z.string(),
    icon: z.string().describe('A hint for user interfaces: the kind of input'),
    source: z.enum(['builtin', 'remote']),
    input_schema: jsonObject,
    output_schema: jsonObject,
    parameter_schema: jsonObject,
    supported_input_types: z.array(z.string()),
    max_inputs: z.record(z.string(), z.number().int()).describe('Values per input field (one each)'),
    default_parameters: jsonObject.describe("The parameter_schema's defaults"),
    required_vector_indexes: z.null().describe('Strata derives the vector indexes from the parameters at collection create'),
    required_payload_indexes: z.null(),
    position_fields: z.array(z.string()),
  }),
);
export type FeatureExtractorResponseModel = z.infer<typeof FeatureExtractorResponseModel>;

export const FeatureExtractorList = named('FeatureExtractorList', z.array(FeatureExtractorResponseModel));
