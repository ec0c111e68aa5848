import {
  Batch,
  BatchLogEntry,
  BatchLogEvent,
  BatchLogLevel,
  BatchPolicy,
  BatchStatus,
  BatchTier,
  DEFAULT_BATCH_POLICY,
  ErrorCategory,
  TierStatus,
} from '@strata/domain';
import type { Model } from 'mongoose';
import type { BatchDoc, BatchLogDoc, TierDoc } from './mongo-models';

/** Rows of the batch collections as domain values (mongo-batch.repository.ts). */
export function toBatch(doc: BatchDoc): Batch {
  return {
    namespaceId: doc.namespaceId,
    bucketId: doc.bucketId,
    batchId: doc.batchId,
    status: doc.status as BatchStatus,
    objectCount: doc.objectCount ?? doc.objectIds?.length ?? 0,
    dagTiers: doc.dagTiers ?? [],
    currentTier: doc.currentTier ?? null,
    taskId: doc.taskId ?? null,
    manifestKey: doc.manifestKey ?? null,
    includeProcessingHistory: doc.includeProcessingHistory === true,
    policy: (doc.policy as BatchPolicy | null | undefined) ?? DEFAULT_BATCH_POLICY,
    metadata: doc.metadata ?? {},
    error: doc.error ?? null,
    lease: doc.leaseOwner == null ? null : { owner: doc.leaseOwner, expiresAt: doc.leaseExpiresAt ?? 0 },
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    submittedAt: doc.submittedAt ?? null,
    startedAt: doc.startedAt ?? null,
    completedAt: doc.completedAt ?? null,
  };
}

export function toTier(doc: TierDoc): BatchTier {
  return {
    batchId: doc.batchId,
    tier: doc.tier,
    status: doc.status as TierStatus,
    collectionIds: doc.collectionIds ?? [],
    totalItems: doc.totalItems,
    succeededItems: doc.succeededItems,
    failedItems: doc.failedItems,
    skippedItems: doc.skippedItems ?? 0,
    documentsWritten: doc.documentsWritten,
    publishedChunks: doc.publishedChunks,
    totalChunks: doc.totalChunks,
    chunkSize: doc.chunkSize ?? null,
    errorSummary: (doc.errorSummary ?? {}) as Partial<Record<ErrorCategory, number>>,
    startedAt: doc.startedAt ?? null,
    completedAt: doc.completedAt ?? null,
    lastProgressAt: doc.lastProgressAt ?? null,
    retryRound: doc.retryRound ?? 0,
  };
}

/** A batch's log lines, oldest first, all tiers or one (docs/adr/0077-batch-logs.md). */
export async function readBatchLog(
model: Model<BatchLogDoc>,
batchId: string,
query: { tier: number | null; offset: number; limit: number },
): Promise<{ results: BatchLogEntry[]; total: number }> {
  const filter: Record<string, unknown> = { batchId };
  if (query.tier !== null) filter['tier'] = query.tier;
  const [docs, total] = await Promise.all([
    model.find(filter).sort({ at: 1, _id: 1 }).skip(query.offset).limit(query.limit).lean<BatchLogDoc[]>().exec(),
    model.countDocuments(filter).exec(),
  ]);
  return {
    total,
    results: docs.map((d) => ({
      batchId: d.batchId,
      at: d.at,
      event: d.event as BatchLogEvent,
      level: d.level as BatchLogLevel,
      tier: d.tier ?? null,
      from: d.from ?? null,
      to: d.to ?? null,
      message: d.message,
      details: d.details ?? {},
    })),
  };
}
