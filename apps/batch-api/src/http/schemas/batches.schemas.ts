import { BATCH_LOG_EVENTS, BATCH_STATUSES, ERROR_CATEGORIES } from '@strata/domain';
import { HEALTH_REASON_CODES } from '@strata/status';
import { z } from 'zod';
import { PaginationResponse, TaskResponse } from './common.schemas';
import { jsonObject, named, nullableTimestamp, timestamp } from './registry';

/**
 * Batch statuses as reported. PENDING appears only in Mixpeek compatibility mode, where it stands
 * for QUEUED (ADR 0070).
 */
export const REPORTED_BATCH_STATUSES = [...BATCH_STATUSES, 'PENDING'] as const;
/** The domain's TIER_STATUSES as reported: IN_PROGRESS is Mixpeek's name for a running (PROCESSING) tier. */
export const REPORTED_TIER_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'] as const;


const errorSummary = z.record(z.string(), z.number().int()).nullable();

export const ErrorPolicyModel = named(
  'ErrorPolicyModel',
  z.object({
    on_error: z.enum(['continue', 'abort']),
    max_failed_items: z.number().int().nullable(),
    max_failed_ratio: z.number().nullable(),
  }),
);

/** Mixpeek's BatchErrorDetail: one error kind of a tier with the items it hit. */
export const BatchErrorDetail = named(
  'BatchErrorDetail',
  z.object({
    error_type: z.enum(ERROR_CATEGORIES),
    message: z.string(),
    component: z.string().nullable(),
    stage: z.string().nullable(),
    timestamp,
    affected_document_ids: z.array(z.string()),
    affected_count: z.number().int().min(1),
    recovery_suggestion: z.string().nullable(),
    metadata: jsonObject,
  }),
);
export type BatchErrorDetail = z.infer<typeof BatchErrorDetail>;

export const TierTaskInfo = named(
  'TierTaskInfo',
  z.object({
    tier_num: z.number().int().min(0),
    retry_round: z.number().int(),
    task_id: z.string().nullable(),
    status: z.enum(REPORTED_TIER_STATUSES),
    collection_ids: z.array(z.string()),
    source_type: z.enum(['bucket', 'collection']),
    source_collection_ids: z.array(z.string()).nullable(),
    started_at: nullableTimestamp,
    completed_at: nullableTimestamp,
    duration_ms: z.number().nullable(),
    last_progress_at: nullableTimestamp,
    source_documents_fetched: z.number().int(),
    documents_after_source_filter: z.number().int(),
    documents_missing_input_fields: z.number().int(),
    documents_submitted_to_engine: z.number().int(),
    items_processed: z.number().int(),
    items_succeeded: z.number().int(),
    items_failed: z.number().int(),
    items_skipped: z.number().int().describe('Of items_succeeded, those skipped as unchanged (incremental re-processing)'),
    documents_written: z.number().int(),
    error_summary: errorSummary,
    errors: z.array(BatchErrorDetail).describe('One entry per error category of this tier (a sample of affected items)'),
    performance: z
      .object({
        duration_ms: z.number().nullable(),
        items_per_second: z.number().nullable(),
        documents_per_second: z.number().nullable(),
      })
      .nullable(),
  }),
);
export type TierTaskInfo = z.infer<typeof TierTaskInfo>;

export const BatchProgress = named(
  'BatchProgress',
  z.object({
    processed: z.number().int(),
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    total_estimated: z
      .boolean()
      .describe('True while total includes an estimate of the tiers not started yet (from the fan-out of the tiers so far); exact once every tier has started'),
    percent: z.number(),
    items_per_second: z.number(),
    eta_seconds: z.number().nullable(),
    current_stage: z.object({ name: z.string(), index: z.number().int(), total: z.number().int() }).nullable(),
    errors: z.number().int(),
  }),
);

const healthReason = z.object({
  code: z.enum(HEALTH_REASON_CODES),
  level: z.enum(['degraded', 'unhealthy']),
  message: z.string(),
});
const healthLevel = z.enum(['healthy', 'degraded', 'unhealthy']);

/** Mixpeek's BatchModel plus Strata's live monitoring fields (progress, status_message, health). */
export const BatchModel = named(
  'BatchModel',
  z.object({
    batch_id: z.string(),
    bucket_id: z.string(),
    status: z.enum(REPORTED_BATCH_STATUSES),
    status_message: z.string(),
    type: z.enum(['BUCKET']),
    object_ids: z.array(z.string()).describe('The first object ids of the batch (at most 100; all of them: GET .../batches/{batch}/objects)'),
    object_count: z.number().int().describe('How many objects the batch holds'),
    object_ids_truncated: z.boolean().describe('True when object_ids shows only the first of object_count ids'),
    loaded_object_ids: z.array(z.string()).nullable().describe('The object ids the batch read from the bucket once it started, bounded like object_ids (null before)'),
    collection_ids: z.array(z.string()),
    dag_tiers: z.array(z.array(z.string())).nullable(),
    current_tier: z.number().int().nullable(),
    total_tiers: z.number().int().min(1),
    tier_tasks: z.array(TierTaskInfo),
    task_id: z.string().nullable(),
    manifest_key: z.string().nullable(),
    error: z.string().nullable(),
    error_summary: errorSummary,
    progress: BatchProgress,
    health: z.object({ status: healthLevel, reasons: z.array(healthReason), stall_seconds: z.number() }),
    estimated_completion: nullableTimestamp,
    error_policy: ErrorPolicyModel,
    force: z.boolean(),
    metadata: jsonObject,
    internal_metadata: z.object({ include_processing_history: z.boolean() }),
    created_at: timestamp,
    updated_at: timestamp,
    submitted_at: nullableTimestamp,
    started_at: nullableTimestamp,
    completed_at: nullableTimestamp,
  }),
);
export type BatchModel = z.infer<typeof BatchModel>;

/** The batch as a live event carries it: BatchModel without object_ids. */
export const BatchEventPayload = BatchModel.omit({ object_ids: true, loaded_object_ids: true });

/** A page of something of one batch (its object ids, its failures): the batch, the page's bounds and the results. */
function batchPage<Item extends z.ZodTypeAny>(item: Item) {
  return z.object({
    batch_id: z.string(),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    pagination: PaginationResponse,
    results: z.array(item),
  });
}

export const BatchObjectsResponse = named(
  'BatchObjectsResponse',
  batchPage(z.object({ object_id: z.string() })),
);
export type BatchObjectsResponse = z.infer<typeof BatchObjectsResponse>;

export const ListBatchesResponse = named(
  'ListBatchesResponse',
  z.object({ results: z.array(BatchModel), total_count: z.number().int(), pagination: PaginationResponse }),
);
export type ListBatchesResponse = z.infer<typeof ListBatchesResponse>;

export const RetryBatchResponse = named(
  'RetryBatchResponse',
  z.object({
    batch_id: z.string(),
    status: z.enum(REPORTED_BATCH_STATUSES),
    retry_mode: z.enum(['transient_only', 'all']),
    tier_nums: z.array(z.number().int()).nullable(),
    retried_count: z.number().int(),
    retried_by_tier: z.array(z.object({ tier_num: z.number().int(), count: z.number().int() })),
    skipped_count: z.number().int(),
    exhausted_count: z.number().int(),
    reopened_tiers: z.array(z.number().int()),
    task_id: z.string(),
    task: TaskResponse,
    message: z.string(),
  }),
);
export type RetryBatchResponse = z.infer<typeof RetryBatchResponse>;

export const FailedDocumentsResponse = named(
  'FailedDocumentsResponse',
  batchPage(
    z.object({
      object_id: z.string(),
      tier_num: z.number().int(),
      collection_id: z.string(),
      error_type: z.enum(ERROR_CATEGORIES),
      message: z.string(),
      stage: z.string().nullable(),
      timestamp: nullableTimestamp,
      retryable: z.boolean(),
    }),
  ),
);
export type FailedDocumentsResponse = z.infer<typeof FailedDocumentsResponse>;

/** GET .../batches/{batch}/logs (Mixpeek declares it untyped): one line per transition, oldest first (docs/adr/0077-batch-logs.md). */
export const BatchLogsResponse = named(
  'BatchLogsResponse',
  z.object({
    batch_id: z.string(),
    tier_num: z.number().int().nullable(),
    results: z.array(
      z.object({
        timestamp: timestamp,
        event: z.enum(BATCH_LOG_EVENTS),
        level: z.enum(['info', 'warning', 'error']),
        tier_num: z.number().int().nullable(),
        from_status: z.string().nullable(),
        to_status: z.string().nullable(),
        message: z.string(),
        details: jsonObject,
      }),
    ),
    pagination: PaginationResponse,
  }),
);
export type BatchLogsResponse = z.infer<typeof BatchLogsResponse>;

export const BatchHealthResponse = named(
  'BatchHealthResponse',
  z.object({
    batch_id: z.string(),
    status: z.enum(REPORTED_BATCH_STATUSES),
    health: healthLevel,
    reasons: z.array(healthReason),
    stall_seconds: z.number(),
    lease: z.object({ owner: z.string(), expires_at: timestamp }).nullable(),
    collections: z.array(
      z.object({
        collection_id: z.string(),
        tier: z.number().int(),
        expected_documents: z.number().int(),
        written_documents: z.number().int(),
        collection_documents: z.number().int(),
        collection_vectors: z.number().int().nullable(),
      }),
    ),
    progress: BatchProgress,
    recommendations: z.array(z.string()),
    checked_at: timestamp,
  }),
);
export type BatchHealthResponse = z.infer<typeof BatchHealthResponse>;
