import type { BatchTier, NewBatch } from './entities';
import { BatchPolicy, DEFAULT_BATCH_POLICY } from './policies';

/** A new DRAFT batch: the one shape every creator of a batch (the API, tests) starts from. */
export function draftBatch(fields: {
  namespaceId: string;
  bucketId: string;
  batchId: string;
  objectIds: string[];
  now: string;
  metadata?: Record<string, unknown>;
  policy?: BatchPolicy;
}): NewBatch {
  const objectIds = [...new Set(fields.objectIds)];
  return {
    namespaceId: fields.namespaceId,
    bucketId: fields.bucketId,
    batchId: fields.batchId,
    status: 'DRAFT',
    objectIds,
    objectCount: objectIds.length,
    dagTiers: [],
    currentTier: null,
    taskId: null,
    manifestKey: null,
    includeProcessingHistory: false,
    policy: fields.policy ?? DEFAULT_BATCH_POLICY,
    metadata: fields.metadata ?? {},
    error: null,
    lease: null,
    createdAt: fields.now,
    updatedAt: fields.now,
    submittedAt: null,
    startedAt: null,
    completedAt: null,
  };
}

/** A tier as a submit creates it: PENDING, nothing published or recorded yet. */
export function pendingTier(fields: {
  batchId: string;
  tier: number;
  collectionIds: string[];
  totalItems: number;
  totalChunks: number;
  /** Items per work message totalChunks was counted with; null (the default) when the tier decides at its start. */
  chunkSize?: number | null;
}): BatchTier {
  return {
    ...fields,
    chunkSize: fields.chunkSize ?? null,
    status: 'PENDING',
    succeededItems: 0,
    failedItems: 0,
    skippedItems: 0,
    documentsWritten: 0,
    publishedChunks: 0,
    errorSummary: {},
    startedAt: null,
    completedAt: null,
    lastProgressAt: null,
    retryRound: 0,
  };
}
