import { Batch, derivedId } from '@strata/domain';
import { BatchEventMetadata, DomainEventType, DomainEventV1 } from './events';

/**
 * The one recipe for a batch event's id: a hash of the batch, the event type, the tier (if the
 * event is about one) and the retry round (from the first retry on). The same logical event
 * therefore always gets the same id — a coordinator takeover's re-send is dropped by JetStream's
 * de-duplication window and webhook receivers see a stable id — while the same transition in a
 * later retry round is a new event (docs/architecture.md, events).
 */
export function batchEventId(batchId: string, type: DomainEventType, tier?: number, retryRound = 0): string {
  const parts: Array<string | number> = [batchId, type, tier ?? ''];
  if (retryRound > 0) parts.push(`retry-${retryRound}`);
  return derivedId('event', ...parts);
}

/** What a batch event needs beyond its type: the batch it is about, when, and the metadata. */
export interface BatchEventInput {
  readonly batch: Pick<Batch, 'batchId' | 'namespaceId' | 'bucketId' | 'taskId'>;
  readonly type: DomainEventType;
  readonly occurredAt: string;
  /** Status plus any of the optional metadata (tier, counts, error); ids are filled in here. */
  readonly metadata: Partial<BatchEventMetadata> & { status: string };
  /** 0 for the first run; N for events of the N-th retry round (sets metadata.retry_round). */
  readonly retryRound?: number;
}

/** The one factory for batch lifecycle events (batch.queued, .processing, .tier.completed, terminal ones). */
export function buildBatchEvent(input: BatchEventInput): DomainEventV1<BatchEventMetadata> {
  const { batch, type, metadata } = input;
  const retryRound = input.retryRound ?? 0;
  return {
    event_id: batchEventId(batch.batchId, type, metadata.tier, retryRound),
    event_type: type,
    occurred_at: input.occurredAt,
    namespace_id: batch.namespaceId,
    subject: { type: 'batch', id: batch.batchId },
    metadata: {
      batch_id: batch.batchId,
      bucket_id: batch.bucketId,
      task_id: batch.taskId,
      ...metadata,
      ...(retryRound > 0 ? { retry_round: retryRound } : {}),
    },
    version: 1,
  };
}
