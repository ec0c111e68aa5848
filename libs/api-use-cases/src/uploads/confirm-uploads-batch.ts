import { DomainError, isoNow, newId, Task, ValidationError } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { ConfirmUpload } from './confirm-upload';
import { MAX_UPLOADS_PER_BATCH } from './create-uploads-batch';

export interface UploadConfirmation {
  uploadId: string;
  fileSizeBytes: number | null;
}

/** The outcome of one confirmation of a bulk confirm. */
export interface ConfirmationResult {
  uploadId: string;
  success: boolean;
  objectId: string | null;
  isDuplicate: boolean;
  error: { type: string; message: string } | null;
}

/**
 * Confirms up to 100 uploads (Mixpeek's `POST /v1/buckets/{bucket}/uploads/confirm/batch`). Mixpeek
 * answers with a task; here each confirmation is a few store writes, so they run before the
 * answer and the task is recorded already finished (COMPLETED, COMPLETED_WITH_ERRORS, or FAILED
 * when none succeeded) with one result per upload in its outputs: nothing is left half-done in the
 * background if the process stops, and a client polling the task sees the same result.
 * Each confirmation is the single confirm (compare-and-set): a repeated upload id is a conflict
 * for its second occurrence, never a second object.
 */
export class ConfirmUploadsBatch {
  private readonly confirm: ConfirmUpload;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks' | 'clock' | 'events' | 'logger'>) {
    this.confirm = new ConfirmUpload(deps);
  }

  /** @throws NotFoundError (bucket), ValidationError (count) */
  async execute(namespaceId: string, bucketIdOrName: string, confirmations: readonly UploadConfirmation[]): Promise<{ task: Task; results: ConfirmationResult[] }> {
    if (confirmations.length === 0 || confirmations.length > MAX_UPLOADS_PER_BATCH) {
      throw new ValidationError(`confirmations must hold 1 to ${MAX_UPLOADS_PER_BATCH} confirmations, not ${confirmations.length}`);
    }
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const results: ConfirmationResult[] = [];
    for (const c of confirmations) {
      try {
        const done = await this.confirm.execute(namespaceId, bucket.bucketId, c.uploadId, { fileSizeBytes: c.fileSizeBytes });
        results.push({ uploadId: c.uploadId, success: true, objectId: done.object?.objectId ?? null, isDuplicate: done.duplicateOf !== null, error: null });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ uploadId: c.uploadId, success: false, objectId: null, isDuplicate: false, error: { type: error.type, message: error.message } });
      }
    }
    const failed = results.filter((r) => !r.success).length;
    const now = isoNow(this.deps.clock);
    const task = await this.deps.tasks.create({
      taskId: newId('task'),
      taskType: 'api_buckets_uploads_batch_confirm',
      status: failed === 0 ? 'COMPLETED' : failed === results.length ? 'FAILED' : 'COMPLETED_WITH_ERRORS',
      inputs: confirmations.map((c) => c.uploadId),
      outputs: results.map((r) => ({ upload_id: r.uploadId, success: r.success, object_id: r.objectId, is_duplicate: r.isDuplicate, error: r.error })),
      additionalData: { namespace_id: namespaceId, bucket_id: bucket.bucketId, confirmed: results.length - failed, failed },
      error: failed === 0 ? null : `${failed} of ${results.length} confirmations failed (see outputs)`,
      createdAt: now,
      updatedAt: now,
    });
    return { task, results };
  }
}
