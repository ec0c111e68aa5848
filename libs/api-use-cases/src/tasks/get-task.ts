import { NotFoundError, Task, taskStatusOf } from '@strata/domain';
import { taskProgressOf } from '@strata/status';
import type { IngestionDeps } from '../shared/deps';

/** Reads a task; once it has expired from the task store the owning batch answers instead. */
export class GetTask {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'tasks'>) {}

  async execute(taskId: string): Promise<Task> {
    const task = await this.deps.tasks.get(taskId);
    if (task !== null) return task;
    const batch = await this.deps.metadata.batches.findByTaskId(taskId);
    if (batch === null) throw new NotFoundError('task', taskId);
    const tiers = await this.deps.metadata.batches.getTiers(batch.batchId);
    return {
      taskId,
      taskType: 'api_buckets_batches_submit',
      status: taskStatusOf(batch.status),
      inputs: [batch.batchId],
      outputs: null,
      additionalData: {
        batch_id: batch.batchId,
        bucket_id: batch.bucketId,
        namespace_id: batch.namespaceId,
        current_tier: batch.currentTier,
        total_tiers: batch.dagTiers.length,
        progress: taskProgressOf({ status: batch.status, tiers, totalTiers: batch.dagTiers.length }),
        // The task expired from the task store; the batch is the long-term record.
        from_metadata_store: true,
      },
      error: batch.error,
      createdAt: batch.submittedAt ?? batch.createdAt,
      updatedAt: batch.updatedAt,
    };
  }
}
