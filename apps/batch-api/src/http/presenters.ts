import type {
  Batch,
  BatchTier,
  Collection,
  DocumentRecord,
  ErrorCategory,
  ErrorPolicy,
  Namespace,
  Task,
} from '@strata/domain';
import { TRANSIENT_CATEGORIES } from '@strata/domain';
import type { ExtractorDefinition } from '@strata/extractors';
import { collectionRecord, documentRecord, namespaceRecord, type BatchView } from '@strata/api-use-cases';
import { tierCounts, type Reconciliation } from '@strata/status';
import { reportedBatchStatus } from './compat';
import type {
  BatchErrorDetail,
  BatchHealthResponse,
  BatchModel,
  CollectionResponse,
  DocumentResponse,
  FeatureExtractorResponseModel,
  NamespaceModel,
  TaskResponse,
  TierTaskInfo,
} from './schemas';

/**
 * Public API shapes (Mixpeek field names). The domain stays camelCase; the records of resources
 * (namespace, bucket, object, upload, collection, document) are built once in libs/api-use-cases,
 * where list filters and sorts read the same fields a client sees, and these only add what is
 * computed per request.
 */
export function namespaceModel(ns: Namespace): NamespaceModel {
  return namespaceRecord(ns);
}

/**
 * A collection as the API shows it. `outputSchema` is its extractor's JSON Schema output,
 * `inputSchema` what it reads (its source bucket's schema, or its source collections' output
 * fields); `documentCount` is null where counting was not asked for.
 */
export function collectionResponse(
  c: Collection,
  outputSchema: Record<string, unknown> | null,
  inputSchema: CollectionResponse['input_schema'],
  documentCount: number | null,
): CollectionResponse {
  return { ...collectionRecord(c, outputSchema), input_schema: inputSchema, document_count: documentCount };
}

export function extractorResponse(e: ExtractorDefinition<unknown>): FeatureExtractorResponseModel {
  return {
    feature_extractor_name: e.name,
    version: e.version,
    feature_extractor_id: `${e.name}_${e.version}`,
    description: e.description,
    icon: e.supportedInputTypes[0] ?? 'extractor',
    source: e.origin ?? 'builtin',
    input_schema: e.inputSchema,
    output_schema: e.outputSchema,
    parameter_schema: e.parameterSchema,
    supported_input_types: [...e.supportedInputTypes],
    max_inputs: Object.fromEntries(Object.keys((e.inputSchema['properties'] ?? {}) as Record<string, unknown>).map((k) => [k, 1])),
    default_parameters: Object.fromEntries(
      Object.entries((e.parameterSchema['properties'] ?? {}) as Record<string, { default?: unknown }>)
        .filter(([, p]) => p.default !== undefined)
        .map(([k, p]) => [k, p.default]),
    ),
    required_vector_indexes: null,
    required_payload_indexes: null,
    position_fields: [...e.positionFields],
  };
}

export function errorPolicyModel(p: ErrorPolicy) {
  return { on_error: p.onError, max_failed_items: p.maxFailedItems, max_failed_ratio: p.maxFailedRatio };
}

/**
 * Mixpeek's BatchErrorDetail per error category of a tier. The per-item errors (ids, messages,
 * stages) are at GET .../failed-documents; here only the counts, so GET batch stays one read.
 */
function tierErrors(t: BatchTier, at: string): BatchErrorDetail[] {
  return Object.entries(t.errorSummary)
    .filter((e): e is [ErrorCategory, number] => (e[1] ?? 0) > 0)
    .map(([category, count]) => ({
      error_type: category,
      message: `${count} item(s) of tier ${t.tier} failed with ${category} errors`,
      component: null,
      stage: null,
      timestamp: at,
      affected_document_ids: [],
      affected_count: count,
      recovery_suggestion: TRANSIENT_CATEGORIES.has(category)
        ? 'transient: POST .../retry with retry_mode transient_only'
        : 'fix the inputs or the collection, then POST .../retry with retry_mode all',
      metadata: { tier_num: t.tier, details: 'GET .../failed-documents?tier_num= lists each item' },
    }));
}

function tierTask(t: BatchTier, batch: Batch): TierTaskInfo {
  const durationMs =
    t.startedAt !== null && t.completedAt !== null ? Date.parse(t.completedAt) - Date.parse(t.startedAt) : null;
  const runMs = t.startedAt === null ? null : (t.completedAt === null ? Date.now() : Date.parse(t.completedAt)) - Date.parse(t.startedAt);
  const processed = t.succeededItems + t.failedItems;
  const perSecond = (n: number) => (runMs === null || runMs <= 0 ? null : Math.round((n / (runMs / 1000)) * 100) / 100);
  return {
    tier_num: t.tier,
    retry_round: t.retryRound,
    task_id: batch.taskId,
    status: t.status === 'PROCESSING' ? 'IN_PROGRESS' : t.status,
    collection_ids: t.collectionIds,
    source_type: t.tier === 0 ? ('bucket' as const) : ('collection' as const),
    source_collection_ids: t.tier === 0 ? null : (batch.dagTiers[t.tier - 1] ?? null),
    started_at: t.startedAt,
    completed_at: t.completedAt,
    duration_ms: durationMs,
    last_progress_at: t.lastProgressAt,
    // Mixpeek's funnel counters (items are source objects or documents times collections).
    source_documents_fetched: t.totalItems,
    documents_after_source_filter: t.totalItems,
    documents_missing_input_fields: 0,
    documents_submitted_to_engine: t.totalItems,
    // items_processed = items_succeeded + items_failed + items_skipped (skipped: unchanged, incremental re-processing).
    items_processed: tierCounts(t).processed,
    items_succeeded: tierCounts(t).succeeded,
    items_failed: t.failedItems,
    items_skipped: tierCounts(t).skipped,
    documents_written: t.documentsWritten,
    error_summary: Object.keys(t.errorSummary).length > 0 ? (t.errorSummary as Record<string, number>) : null,
    errors: tierErrors(t, t.completedAt ?? t.lastProgressAt ?? batch.updatedAt),
    performance:
      t.startedAt === null
        ? null
        : { duration_ms: durationMs, items_per_second: perSecond(processed), documents_per_second: perSecond(t.documentsWritten) },
  };
}

/** Mixpeek's BatchModel plus Strata's live monitoring fields (progress, status_message, health). */
export function batchModel(view: BatchView): BatchModel {
  const { batch, tiers, progress, health } = view;
  const errorSummary: Record<string, number> = {};
  for (const t of tiers) for (const [k, v] of Object.entries(t.errorSummary)) errorSummary[k] = (errorSummary[k] ?? 0) + (v ?? 0);
  return {
    batch_id: batch.batchId,
    bucket_id: batch.bucketId,
    status: reportedBatchStatus(batch.status),
    status_message: view.statusMessage,
    type: 'BUCKET',
    // The first BATCH_OBJECT_IDS_SHOWN ids (Mixpeek's field name); all of them: GET .../objects.
    object_ids: view.objectIds.shown,
    object_count: view.objectIds.count,
    object_ids_truncated: view.objectIds.count > view.objectIds.shown.length,
    // The objects a batch read once submitted (bounded like object_ids); a DRAFT has loaded none yet.
    loaded_object_ids: batch.submittedAt === null ? null : view.objectIds.shown,
    collection_ids: batch.dagTiers.flat(),
    dag_tiers: batch.dagTiers.length > 0 ? batch.dagTiers : null,
    current_tier: batch.currentTier,
    total_tiers: Math.max(batch.dagTiers.length, 1),
    tier_tasks: tiers.map((t) => tierTask(t, batch)),
    task_id: batch.taskId,
    manifest_key: batch.manifestKey,
    error: batch.error,
    error_summary: Object.keys(errorSummary).length > 0 ? errorSummary : null,
    progress,
    health: { status: health.health, reasons: health.reasons, stall_seconds: health.stall_seconds },
    estimated_completion: view.estimatedCompletion,
    error_policy: errorPolicyModel(batch.policy.errorPolicy),
    force: batch.policy.force,
    metadata: batch.metadata,
    internal_metadata: { include_processing_history: batch.includeProcessingHistory },
    created_at: batch.createdAt,
    updated_at: batch.updatedAt,
    submitted_at: batch.submittedAt,
    started_at: batch.startedAt,
    completed_at: batch.completedAt,
  };
}

/** The health endpoint's answer: the verdict, why, and the reconciliation of the stores. */
export function batchHealthResponse(view: BatchView, reconciliation: Reconciliation[]): BatchHealthResponse {
  return {
    batch_id: view.batch.batchId,
    status: reportedBatchStatus(view.batch.status),
    health: view.health.health,
    reasons: view.health.reasons,
    stall_seconds: view.health.stall_seconds,
    lease: view.batch.lease === null ? null : { owner: view.batch.lease.owner, expires_at: new Date(view.batch.lease.expiresAt).toISOString() },
    collections: reconciliation.map((r) => ({
      collection_id: r.collectionId,
      tier: r.tier,
      expected_documents: r.expected,
      written_documents: r.written,
      collection_documents: r.documentsTotal,
      collection_vectors: r.vectorsTotal,
    })),
    progress: view.progress,
    recommendations: view.health.recommendations,
    checked_at: new Date().toISOString(),
  };
}

export function taskResponse(t: Task): TaskResponse {
  return {
    task_id: t.taskId,
    task_type: t.taskType,
    status: t.status,
    inputs: t.inputs,
    outputs: t.outputs as TaskResponse['outputs'],
    additional_data: t.additionalData,
    error: t.error,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

export function documentResponse(d: DocumentRecord, vectors: Record<string, number[]> | null = null): DocumentResponse {
  return documentRecord(d, vectors);
}
