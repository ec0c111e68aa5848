import { BatchEventMetadata, DomainEventType, buildBatchEvent } from '@strata/contracts';
import { Batch, BatchStatus, BatchTier, isoNow } from '@strata/domain';
import { publishCommitted } from '@strata/ports';
import type { Logger, OutboxMessage } from '@strata/ports';
import { taskProgressOf } from '@strata/status';
import { CoordinatorDeps } from './coordinator-types';

/** What the coordinator tells the outside world about a batch: its domain events and its task's data. */
export class BatchReporter {
  constructor(private readonly deps: Pick<CoordinatorDeps, 'events' | 'clock' | 'logger' | 'metadata'>) {}

  /**
   * A batch event for the outbox (ids from the one recipe in buildBatchEvent, so a takeover's
   * re-send is de-duplicated while the same transition after a retry is a new event). The caller
   * hands it to the state change that it reports, which writes it into the outbox in the same
   * transaction, then calls `publish` (docs/adr/0095-transactional-outbox.md).
   */
  event(batch: Batch, type: DomainEventType, extra: Partial<BatchEventMetadata> & { status: string }, retryRound = 0): OutboxMessage {
    return { event: buildBatchEvent({ batch, type, occurredAt: isoNow(this.deps.clock), metadata: extra, retryRound }), correlationId: batch.batchId };
  }

  /**
   * Publishes events whose state change has committed and marks them sent. A failed publish is
   * logged, not thrown: the row stays in the outbox and the relay publishes it.
   */
  async publish(messages: readonly OutboxMessage[]): Promise<void> {
    await publishCommitted({ events: this.deps.events, outbox: this.deps.metadata.outbox, logger: this.deps.logger }, messages);
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
      progress: taskProgressOf({ status, tiers, totalTiers: batch.dagTiers.length, tierCollectionCounts: batch.dagTiers.map((ids) => ids.length) }),
    };
  }

  log(batch: Batch): Logger {
    return this.deps.logger.child({ batch_id: batch.batchId, namespace_id: batch.namespaceId });
  }
}
