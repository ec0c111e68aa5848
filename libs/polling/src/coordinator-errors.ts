import { DomainError } from '@strata/domain';

/**
 * A batch the coordinator cannot drive further however often it tries: the batch fails with
 * this error's message as its reason (batch error, task error, batch.failed event) instead of
 * being retried at every heartbeat.
 */
export abstract class PermanentBatchError extends DomainError {
  override readonly retryable = false;
}

/** A collection of the batch's DAG was deleted while the batch ran. */
export class CollectionGoneError extends PermanentBatchError {
  readonly type = 'CollectionGoneError';

  constructor(
    readonly batchId: string,
    readonly collectionId: string,
  ) {
    super(`collection ${collectionId} of batch ${batchId} no longer exists`, { details: { batch_id: batchId, collection_id: collectionId } });
  }
}

/** The batch's persisted plan (manifest, tier plan, chunk counts) cannot be built or does not add up. */
export class BatchPlanError extends PermanentBatchError {
  readonly type = 'BatchPlanError';
}

/**
 * A store or the bus failed while driving a batch: the step is tried again after a back-off
 * ({@link nextAttemptDelayMs}); the original error is the `cause`.
 */
export class BatchStepError extends DomainError {
  readonly type = 'BatchStepError';
  override readonly retryable = true;

  constructor(
    readonly batchId: string,
    cause: unknown,
  ) {
    super(`driving batch ${batchId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** True for the errors that fail the batch. */
export function isPermanentBatchError(error: unknown): error is PermanentBatchError {
  return error instanceof PermanentBatchError;
}

/** Back-off of a batch whose steps keep failing transiently: doubles from 1 s, capped. */
export const STEP_BACKOFF_BASE_MS = 1_000;
export const STEP_BACKOFF_MAX_MS = 60_000;

/**
 * How long to wait after the `failures`-th consecutive transient failure. The first one is
 * retried at the next heartbeat (a blip should not delay the batch); after that the wait
 * doubles up to {@link STEP_BACKOFF_MAX_MS} so a store that is down is not hammered by every
 * held batch at every heartbeat.
 */
export function nextAttemptDelayMs(failures: number): number {
  if (failures <= 1) return 0;
  return Math.min(STEP_BACKOFF_BASE_MS * 2 ** (failures - 2), STEP_BACKOFF_MAX_MS);
}
