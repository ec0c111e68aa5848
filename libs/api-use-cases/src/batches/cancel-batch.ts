import { buildBatchEvent } from '@strata/contracts';
import { Batch, ConflictError, isoNow, newId, Task, TaskStatus } from '@strata/domain';
import { publishCommitted } from '@strata/ports';
import { transition } from '@strata/status';
import type { IngestionDeps } from '../shared/deps';
import { GetTask } from '../tasks/get-task';
import { GetBatch } from './get-batch';

export type CancelBatchDeps = Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks' | 'events' | 'clock' | 'logger'>;

/**
 * Cancels a batch wherever it is: DRAFT, QUEUED or PROCESSING -> CANCELED with a conditional
 * write. Work already on the bus is acked without running (workers check the status of every
 * message), the poller stops driving it at its next step, and the counts of what was done stay.
 * Canceling a canceled batch answers with its task again.
 */
export class CancelBatch {
  private readonly get: GetBatch;
  private readonly tasksOf: GetTask;

  constructor(private readonly deps: CancelBatchDeps) {
    this.get = new GetBatch(deps);
    this.tasksOf = new GetTask(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string): Promise<Task> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { batch, tiers } = await this.get.execute(namespaceId, bucket, batchId);
      if (batch.status === 'CANCELED') return this.taskOf(batch, 'CANCELED');
      const change = transition(batch.status, { type: 'CANCEL' });
      if (!change.ok) throw new ConflictError(`batch ${batchId} cannot be canceled: ${change.reason}`);
      const now = isoNow(this.deps.clock);
      const processed = tiers.reduce((n, t) => n + t.succeededItems + t.failedItems, 0);
      const total = tiers.reduce((n, t) => n + t.totalItems, 0);
      // batch.canceled commits with the status change (the outbox, docs/adr/0095-transactional-outbox.md).
      const canceled = {
        event: buildBatchEvent({ batch, type: 'batch.canceled', occurredAt: now, metadata: { status: 'CANCELED', total_items: total, processed_items: processed } }),
      };
      const done = await this.deps.metadata.batches.changeStatus(batchId, {
        from: batch.status,
        to: change.to,
        owner: null,
        now,
        error: 'canceled on request',
        outbox: [canceled],
      });
      if (!done) continue; // the status moved meanwhile (claimed, finished): decide again
      for (const t of tiers) {
        if (t.status === 'PENDING' || t.status === 'PROCESSING') await this.deps.metadata.batches.completeTier(batchId, t.tier, 'CANCELED', now);
      }
      if (batch.taskId !== null) {
        await this.deps.tasks.update(batch.taskId, { status: 'CANCELED', error: 'canceled on request', updatedAt: now });
      }
      await publishCommitted({ events: this.deps.events, outbox: this.deps.metadata.outbox, logger: this.deps.logger }, [canceled]);
      this.deps.logger.info({ batch_id: batchId, from: batch.status, processed, total }, 'batch canceled');
      return this.taskOf({ ...batch, status: 'CANCELED', updatedAt: now }, 'CANCELED');
    }
    throw new ConflictError(`batch ${batchId} kept changing while being canceled; try again`);
  }

  private async taskOf(batch: Batch, status: TaskStatus): Promise<Task> {
    if (batch.taskId !== null) return this.tasksOf.execute(batch.taskId);
    // A DRAFT batch has no task: answer with a terminal one so the response keeps its shape.
    const now = isoNow(this.deps.clock);
    return {
      taskId: newId('task'),
      taskType: 'api_buckets_batches_submit',
      status,
      inputs: [batch.batchId],
      outputs: null,
      additionalData: { batch_id: batch.batchId, bucket_id: batch.bucketId, namespace_id: batch.namespaceId },
      error: 'canceled on request',
      createdAt: now,
      updatedAt: now,
    };
  }
}
