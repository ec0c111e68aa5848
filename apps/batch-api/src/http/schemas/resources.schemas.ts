import { UPLOAD_STATUSES } from '@strata/domain';
import { z } from 'zod';
import { PaginationResponse, TaskResponse } from './common.schemas';
import { jsonObject, named, nullableTimestamp, timestamp } from './registry';

/* Namespaces, buckets, objects and uploads (Mixpeek's names). */

export const NamespaceModel = named(
  'NamespaceModel',
  z.object({
    namespace_id: z.string(),
    namespace_name: z.string(),
    description: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
export type NamespaceModel = z.infer<typeof NamespaceModel>;

export const ListNamespacesResponse = named(
  'ListNamespacesResponse',
  z.object({
    results: z.array(NamespaceModel),
    pagination: PaginationResponse,
    total_count: z.number().int(),
    truncated: z.boolean().describe('True when the filter scanned its limit of records before finishing'),
  }),
);

/** A delete that runs in the background: the task to follow and what it removes. */
export const DeleteNamespaceResponse = named(
  'DeleteNamespaceResponse',
  z.object({ task_id: z.string(), status: TaskResponse.shape.status, namespace_id: z.string(), namespace_name: z.string(), task: TaskResponse }),
);
export const DeleteBucketResponse = named(
  'DeleteBucketResponse',
  z.object({
    task_id: z.string(),
    status: TaskResponse.shape.status,
    bucket_id: z.string(),
    bucket_name: z.string(),
    object_count: z.number().int(),
    task: TaskResponse,
  }),
);

export const BucketSchema = named(
  'BucketSchema',
  z.object({
    properties: z.record(
      z.string(),
      z.object({ type: z.string(), description: z.string().optional(), required: z.boolean().optional() }),
    ),
  }),
);

export const BucketResponse = named(
  'BucketResponse',
  z.object({
    bucket_id: z.string(),
    bucket_name: z.string(),
    description: z.string().nullable(),
    bucket_schema: BucketSchema,
    unique_key: z.object({ fields: z.array(z.string()), default_policy: z.enum(['insert', 'update', 'upsert']).nullable() }).nullable(),
    metadata: jsonObject,
    status: z.enum(['ACTIVE']),
    object_count: z.number().int(),
    total_size_bytes: z.number().int(),
    batch_stats: z.object({ total: z.number().int(), active: z.number().int(), completed: z.number().int(), failed: z.number().int() }),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
export type BucketResponse = z.infer<typeof BucketResponse>;

export const ListBucketsResponse = named(
  'ListBucketsResponse',
  z.object({ results: z.array(BucketResponse), total_count: z.number().int(), pagination: PaginationResponse, truncated: z.boolean() }),
);

export const BlobModel = named(
  'BlobModel',
  z.object({
    blob_id: z.string(),
    property: z.string(),
    type: z.string(),
    key_prefix: z.string().nullable(),
    properties: jsonObject,
    details: z.object({ filename: z.string().nullable(), size_bytes: z.number().int(), mime_type: z.string().nullable(), hash: z.string() }),
  }),
);

export const ObjectResponse = named(
  'ObjectResponse',
  z.object({
    object_id: z.string(),
    bucket_id: z.string(),
    key_prefix: z.string().nullable(),
    metadata: jsonObject,
    blobs: z.array(BlobModel),
    source_details: z.array(z.object({ type: z.enum(['bucket']), source_id: z.string() })),
    status: z.enum(['DRAFT']),
    error: z.string().nullable(),
    content_hash: z.string().nullable().describe('Hash of the first blob (sha256:...)'),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
export type ObjectResponse = z.infer<typeof ObjectResponse>;

export const ListObjectsResponse = named(
  'ListObjectsResponse',
  z.object({
    results: z.array(z.record(z.string(), z.unknown()).describe('An ObjectResponse, or its selected fields when `select` is given')),
    pagination: PaginationResponse,
    total_count: z.number().int(),
    stats: z.object({
      total_objects: z.number().int(),
      total_blobs: z.number().int(),
      avg_blobs_per_object: z.number(),
      objects_by_status: z.record(z.string(), z.number().int()),
    }),
    truncated: z.boolean(),
  }),
);

export const CreateObjectsBatchResponse = named(
  'CreateObjectsBatchResponse',
  z.object({
    succeeded: z.array(ObjectResponse),
    failed: z.array(z.object({ object_index: z.number().int(), error: z.string(), error_type: z.string() })),
    total_requested: z.number().int(),
    succeeded_count: z.number().int(),
    failed_count: z.number().int(),
  }),
);

/** POST .../objects/bulk (Strata only, docs/adr/0101-bulk-object-ingest.md). */
export const BulkCreateObjectsResponse = named(
  'BulkCreateObjectsResponse',
  z.object({
    bucket_id: z.string(),
    batch_id: z.string().nullable().describe('The batch the objects were added to (?batch_id), else null'),
    batch_object_count: z.number().int().nullable().describe("The batch's object count after this request"),
    lines: z.number().int().describe('Non-empty lines read'),
    created_count: z.number().int(),
    updated_count: z.number().int().describe('Lines that updated the object holding their unique key (the bucket default policy update or upsert)'),
    existing_count: z.number().int().describe('Lines answered by an existing object with the same blob content (skip_duplicates)'),
    failed_count: z.number().int(),
    errors: z
      .array(z.object({ line: z.number().int().describe('1-based line number'), error: z.string(), error_type: z.string() }))
      .describe('The first 100 failures in line order; the counts go on past it'),
    errors_truncated: z.boolean(),
  }),
);

export const UploadResponse = named(
  'UploadResponse',
  z.object({
    upload_id: z.string(),
    bucket_id: z.string(),
    filename: z.string(),
    content_type: z.string(),
    file_size_bytes: z.number().int().nullable(),
    presigned_url: z.string().nullable(),
    presigned_url_expiration: z.number().int(),
    s3_key: z.string(),
    status: z.enum(UPLOAD_STATUSES),
    metadata: jsonObject,
    object_metadata: jsonObject,
    blob_property: z.string().nullable(),
    blob_type: z.string().nullable(),
    file_hash: z.string().nullable(),
    skip_duplicates: z.boolean(),
    create_object_on_confirm: z.boolean(),
    is_duplicate: z.boolean(),
    duplicate_of_upload_id: z.string().nullable(),
    existing_object_id: z.string().nullable(),
    object_id: z.string().nullable(),
    message: z.string().nullable(),
    created_at: timestamp,
    expires_at: timestamp,
    completed_at: nullableTimestamp,
  }),
);
export type UploadResponse = z.infer<typeof UploadResponse>;

export const ListUploadsResponse = named(
  'ListUploadsResponse',
  z.object({
    results: z.array(UploadResponse),
    pagination: PaginationResponse,
    total_count: z.number().int(),
    stats: z
      .object({
        total_uploads: z.number().int(),
        total_size_bytes: z.number().int(),
        uploads_by_status: z.record(z.string(), z.number().int()),
        avg_file_size_bytes: z.number(),
        unique_buckets: z.number().int(),
      })
      .describe('total_uploads counts every match; the other figures count this page'),
    truncated: z.boolean(),
  }),
);

export const ConfirmUploadResponse = named(
  'ConfirmUploadResponse',
  z.object({
    upload_id: z.string(),
    status: z.enum(UPLOAD_STATUSES),
    etag: z.string().nullable(),
    file_size_bytes: z.number().int().nullable(),
    file_hash: z.string().nullable(),
    verified_at: nullableTimestamp,
    completed_at: nullableTimestamp,
    object_id: z.string().nullable(),
    object: ObjectResponse.nullable(),
    is_duplicate: z.boolean(),
    task_id: z.string().nullable(),
    message: z.string().nullable(),
  }),
);
