import { ValidationError } from '@strata/domain';
import { z } from 'zod';

/** Parses a request part with a schema; a mismatch is a 422 naming every wrong field. */
export function parse<S extends z.ZodTypeAny>(schema: S, value: unknown, where: 'body' | 'query' | 'header' = 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? (where === 'body' ? {} : value));
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue: z.core.$ZodIssue) => ({
    location: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    type: issue.code,
  }));
  const summary = issues
    .slice(0, 5)
    .map((i: { location: string; message: string }) => `${i.location}: ${i.message}`)
    .join('; ');
  throw new ValidationError(`invalid request: ${summary}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`, issues);
}

const name = z.string().min(1).max(100);
const record = z.record(z.string(), z.unknown());
const fieldTypes = [
  'string',
  'number',
  'integer',
  'float',
  'boolean',
  'object',
  'array',
  'date',
  'datetime',
  'text',
  'image',
  'audio',
  'video',
  'pdf',
  'excel',
  'json',
] as const;

export const createNamespaceBody = z.object({
  namespace_name: name,
  description: z.string().max(2000).nullish(),
});

export const createBucketBody = z.object({
  bucket_name: name,
  description: z.string().max(2000).nullish(),
  bucket_schema: z.object({
    properties: z.record(
      z.string(),
      z.object({
        type: z.enum(fieldTypes),
        description: z.string().max(2000).optional(),
        required: z.boolean().optional(),
      }),
    ),
  }),
  metadata: record.optional(),
});

const base64Data = z.object({
  base64: z.string().min(1),
  mime_type: z.string().max(255).optional(),
  filename: z.string().max(255).optional(),
});

export const blobBody = z.object({
  property: z.string().min(1).max(100),
  type: z.enum(fieldTypes).optional(),
  data: z.union([z.string(), base64Data, z.unknown()]),
  filename: z.string().max(255).optional(),
});

export const createObjectBody = z.object({
  key_prefix: z.string().max(1024).nullish(),
  metadata: record.optional(),
  blobs: z.array(blobBody).max(100).optional(),
  skip_duplicates: z.boolean().optional(),
});

export const createCollectionBody = z.object({
  collection_name: name,
  description: z.string().max(2000).nullish(),
  source: z.object({
    type: z.enum(['bucket', 'collection']),
    bucket_ids: z.array(z.string().min(1)).optional(),
    bucket_id: z.string().min(1).optional(),
    collection_id: z.string().min(1).optional(),
    collection_ids: z.array(z.string().min(1)).optional(),
  }),
  feature_extractor: z.object({
    feature_extractor_name: z.string().min(1).max(100),
    version: z.string().min(1).max(20),
    parameters: record.optional(),
    params: record.optional(),
    input_mappings: z.record(z.string(), z.string().min(1)).optional(),
    field_passthrough: z
      .array(
        z.union([
          z.string().min(1).max(200),
          z.object({ source_path: z.string().min(1).max(200), target_path: z.string().min(1).max(100).optional() }),
        ]),
      )
      .max(100)
      .optional(),
    include_all_source_fields: z.boolean().optional(),
  }),
  enabled: z.boolean().optional(),
  metadata: record.optional(),
});

export const objectIdsBody = z.object({
  object_ids: z.array(z.string().min(1).max(128)).min(1, 'object_ids must hold at least one object id'),
  metadata: record.optional(),
});

export const submitBody = z
  .object({ include_processing_history: z.boolean().optional() })
  .optional();

const batchStatuses = ['DRAFT', 'QUEUED', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'] as const;

export const listBatchesBody = z
  .object({
    status: z.enum(batchStatuses).optional(),
    offset: z.number().int().min(0).max(10000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .default({});

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(10000).optional(),
});

export const patchBatchBody = z.object({ metadata: record });

export const failedDocumentsQuery = z.object({
  tier_num: z.coerce.number().int().min(0).max(1000).optional(),
  collection_id: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(10000).default(0),
});

const taskStatuses = ['PENDING', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'] as const;

export const listTasksBody = z.object({ status: z.enum(taskStatuses).optional() }).default({});

export const searchDocumentsBody = z.object({
  query_text: z.string().min(1).max(10_000).optional(),
  query_vector: z.array(z.number().finite()).min(1).max(4096).optional(),
  vector_index: z.string().min(1).max(200).optional(),
  top_k: z.number().int().min(1).max(1000).default(10),
  filters: z.unknown().optional(),
  min_score: z.number().min(-1).max(1).optional(),
});
