import { BATCH_STATUSES, BUCKET_FIELD_TYPES, BatchPolicy, ErrorPolicy, TASK_STATUSES, ValidationError, errorPolicyProblems } from '@strata/domain';
import { z } from 'zod';
import { pageQuery, positionPageQuery } from './pagination';

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

/*
 * Name rules the use cases enforce (libs/ingestion), stated here so the document shows them and a
 * bad name is a 422 at the edge.
 */
export const namespaceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,99}$/, 'namespace_name must be 2-100 characters of letters, digits, "_" or "-", starting with a letter or digit');
export const bucketName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'bucket_name must be 1-100 characters of letters, digits, ".", "_" or "-", starting with a letter or digit');
export const collectionName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{2,99}$/, 'collection_name must be 3-100 characters of letters, digits, ".", "_" or "-", starting with a letter or digit');
/** A bucket_schema property name (a blob property or metadata field). */
export const propertyName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'property names are 1-100 letters, digits or "_", not starting with a digit');
const record = z.record(z.string(), z.unknown());

export const createNamespaceBody = z.object({
  namespace_name: namespaceName,
  description: z.string().max(2000).nullish(),
});

export const createBucketBody = z.object({
  bucket_name: name,
  description: z.string().max(2000).nullish(),
  bucket_schema: z.object({
    properties: z.record(
      z.string(),
      z.object({
        type: z.enum(BUCKET_FIELD_TYPES),
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
  type: z.enum(BUCKET_FIELD_TYPES).optional(),
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
  collection_name: collectionName,
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
    parameters: record.nullish().describe("The extractor's parameters (its catalogue parameter_schema; Mixpeek's parameter model is accepted too)"),
    params: record.nullish().describe('Free-form parameters merged with `parameters` (how a Mixpeek client sends Strata-only ones such as `embedding`)'),
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

/** `error_policy` of a batch or schedule (docs/adr/0050-batch-policies.md); problems the schema cannot see are named by errorPolicyProblems. */
export const errorPolicyBody = z
  .object({
    on_error: z.enum(['continue', 'abort'], { message: 'on_error must be "continue" or "abort"' }),
    max_failed_items: z.number().int('max_failed_items must be an integer').min(0, 'max_failed_items must be 0 or more').nullable().optional(),
    max_failed_ratio: z.number().min(0, 'max_failed_ratio must be between 0 and 1').max(1, 'max_failed_ratio must be between 0 and 1').nullable().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const message of errorPolicyProblems(toErrorPolicy(value))) ctx.addIssue({ code: 'custom', message });
  });

export function toErrorPolicy(value: z.infer<typeof errorPolicyBody> | { on_error: 'continue' | 'abort'; max_failed_items?: number | null; max_failed_ratio?: number | null }): ErrorPolicy {
  return { onError: value.on_error, maxFailedItems: value.max_failed_items ?? null, maxFailedRatio: value.max_failed_ratio ?? null };
}

/** The policy fields a batch create, submit, trigger or schedule accepts. */
const policyFields = {
  error_policy: errorPolicyBody.optional(),
  force: z.boolean().optional(),
};

/** A policy from request fields; what is not given comes from `fallback`. */
export function batchPolicyOf(input: { error_policy?: z.infer<typeof errorPolicyBody>; force?: boolean }, fallback: BatchPolicy): BatchPolicy {
  return {
    errorPolicy: input.error_policy === undefined ? fallback.errorPolicy : toErrorPolicy(input.error_policy),
    force: input.force ?? fallback.force,
  };
}

export const createBatchBody = objectIdsBody.extend(policyFields);

export const submitBody = z
  .object({ include_processing_history: z.boolean().optional(), ...policyFields })
  .optional();

export const triggerCollectionBody = z
  .object({
    include_buckets: z.array(z.string().min(1)).min(1).nullable().optional(),
    include_collections: z.array(z.string().min(1)).nullable().optional(),
    source_filters: record.nullable().optional(),
    ...policyFields,
  })
  .default({});

const scheduleTriggerBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('cron'),
    expression: z.string().min(1, 'expression must be a cron expression such as "0 * * * *"').max(200),
    timezone: z.string().min(1).max(100).default('UTC'),
  }).strict(),
  z.object({
    type: z.literal('interval'),
    every_seconds: z.number().int('every_seconds must be an integer').min(1, 'every_seconds must be at least 1').max(31_536_000),
  }).strict(),
], { message: 'trigger.type must be "cron" or "interval"' });

const scheduleSelectionBody = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }).strict(),
  z.object({ mode: z.literal('changed_since_last_run') }).strict(),
  z.object({ mode: z.literal('filter'), filters: record }).strict(),
], { message: 'selection.mode must be "all", "changed_since_last_run" or "filter"' });

export const createScheduleBody = z
  .object({
    schedule_name: name,
    description: z.string().max(1000).nullable().optional(),
    bucket: z.string().min(1, 'bucket must name the bucket (id or name) the schedule submits from'),
    trigger: scheduleTriggerBody,
    selection: scheduleSelectionBody.default({ mode: 'all' }),
    collection_ids: z.array(z.string().min(1)).default([]),
    enabled: z.boolean().default(true),
    ...policyFields,
  })
  .strict();

export const updateScheduleBody = z
  .object({
    schedule_name: name.optional(),
    description: z.string().max(1000).nullable().optional(),
    trigger: scheduleTriggerBody.optional(),
    selection: scheduleSelectionBody.optional(),
    collection_ids: z.array(z.string().min(1)).optional(),
    enabled: z.boolean().optional(),
    ...policyFields,
  })
  .strict();

export const listBatchesBody = z
  .object({
    status: z.enum(BATCH_STATUSES).optional(),
    offset: z.number().int().min(0).max(10000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .default({});

export const patchBatchBody = z.object({ metadata: record });

export const failedDocumentsQuery = pageQuery.extend({
  tier_num: z.coerce.number().int().min(0).max(1000).optional(),
  collection_id: z.string().min(1).max(128).optional(),
});

/** A batch's log: all tiers or `tier_num`, in Mixpeek's pagination. */
export const batchLogsQuery = pageQuery.extend({
  tier_num: z.coerce.number().int().min(0).max(1000).optional().describe('Only the lines of this tier (0-based); omitted: the whole batch'),
});

/** Pages of a batch's object ids: the one pagination shape (page, page_size, cursor, offset/limit). */
export const batchObjectsQuery = positionPageQuery;

export const listTasksBody = z.object({ status: z.enum(TASK_STATUSES).optional() }).default({});

export const searchDocumentsBody = z.object({
  query_text: z.string().min(1).max(10_000).optional(),
  query_vector: z.array(z.number().finite()).min(1).max(4096).optional(),
  vector_index: z.string().min(1).max(200).optional(),
  top_k: z.number().int().min(1).max(1000).default(10),
  filters: z.unknown().optional(),
  min_score: z.number().min(-1).max(1).optional(),
});

export const getDocumentQuery = z.object({
  return_vectors: z.enum(['true', 'false']).optional().describe('true adds the document\'s vectors'),
});
