import { isTerminal } from '@strata/domain';
import { CancelBatch, type CancelBatchDeps } from '../batches/cancel-batch';

/** Kills a task: cancels the batch it runs (if still running) and removes the task. Idempotent. */
export class DeleteTask {
  private readonly cancel: CancelBatch;

  constructor(private readonly deps: CancelBatchDeps) {
    this.cancel = new CancelBatch(deps);
  }

  async execute(taskId: string): Promise<{ canceledBatchId: string | null }> {
    const batch = await this.deps.metadata.batches.findByTaskId(taskId);
    let canceled: string | null = null;
    if (batch !== null && !isTerminal(batch.status)) {
      await this.cancel.execute(batch.namespaceId, batch.bucketId, batch.batchId);
      canceled = batch.batchId;
    }
    await this.deps.tasks.delete(taskId);
    return { canceledBatchId: canceled };
  }
}
