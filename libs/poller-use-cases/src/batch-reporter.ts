import { BatchEventMetadata, DomainEventType, buildBatchEvent } from '@strata/contracts';
import { Batch, BatchStatus, BatchTier, isoNow } from '@strata/domain';
import type { Logger } from '@strata/ports';
import { taskProgressOf } from '@strata/status';
import { CoordinatorDeps } from './coordinator-types';

/** What the coordinator tells the outside world about a batch: its domain events and its task's data. */
export class BatchReporter {
  constructor(private readonly deps: Pick<CoordinatorDeps, 'events' | 'clock' | 'logger' | 'metadata'>) {}

  /**
   * Publishes a batch event (ids from the one recipe in buildBatchEvent, so a takeover's re-send
   * is de-duplicated while the same transition after a retry is a new event). A failed publish is
   * logged, not thrown: the batch's state is already persisted and only subscribers miss it.
   */
  async emit(batch: Batch, type: DomainEventType, extra: Partial<BatchEventMetadata> & { status: string }, retryRound = 0): Promise<void> {
    const event = buildBatchEvent({ batch, type, occurredAt: isoNow(this.deps.clock), metadata: extra, retryRound });
    try {
      await this.deps.events.publishEvent(event, batch.batchId);
    } catch (error) {
      this.log(batch).error({ err: (error as Error).message, event_type: type }, 'could not publish event');
    }
  }

  /** The task's additional_data: where the batch is, with the same progress formula as GET batch. */
  async taskData(batch: Batch, tiers: readonly BatchTier[], status: BatchStatus = 'PROCESSING'): Promise<Record<string, unknown>> {
    const active = tiers.find((t) => t.status === 'PENDING' || t.status === 'PROCESSING');
    return {
      batch_id: batch.batchId,
      bucket_id: batch.bucketId,
      namespace_id: batch.namespaceId,
      current_tier: active?.tier ?? batch.dagTiers.length - 1,
      total_tiers: batch.dagTiers.length,
      collection_ids: batch.dagTiers.flat(),
      object_count: batch.objectCount,
      // One indexed read of the first positions, never the whole list (docs/adr/0100-paged-batch-objects.md).
      sample_object_ids: await this.deps.metadata.batches.listObjectIds(batch.batchId, 0, 5),
      progress: taskProgressOf({ status, tiers, totalTiers: batch.dagTiers.length }),
    };
  }

  log(batch: Batch): Logger {
    return this.deps.logger.child({ batch_id: batch.batchId, namespace_id: batch.namespaceId });
  }
}
