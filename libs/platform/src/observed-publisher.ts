import { DomainEventV1, WorkItemV1, terminalEventType } from '@strata/contracts';
import type { EventPublisher, Metrics, WorkPublisher } from '@strata/ports';

/** When a batch was submitted, for its duration (null when unknown). */
export type SubmittedAt = (namespaceId: string, batchId: string) => Promise<string | null>;

/**
 * The bus publisher of an app, counting batch lifecycle metrics from the domain events it
 * publishes: `batch.queued` (batch-api, at submit) and the terminal `batch.*` events (the poller,
 * or batch-api on cancel). Counting at the one place every status change is announced keeps the
 * use cases free of metrics calls (docs/adr/0090-observability.md).
 */
export class ObservedPublisher implements WorkPublisher, EventPublisher {
  constructor(
    private readonly inner: WorkPublisher & EventPublisher,
    private readonly metrics: Metrics,
    private readonly submittedAt: SubmittedAt | null,
    private readonly now: () => number = Date.now,
  ) {}

  publishWork(item: WorkItemV1, correlationId?: string): Promise<void> {
    return this.inner.publishWork(item, correlationId);
  }

  async publishEvent(event: DomainEventV1, correlationId?: string): Promise<void> {
    await this.inner.publishEvent(event, correlationId);
    if (event.event_type === 'batch.queued') {
      this.metrics.batchStatus('QUEUED');
      return;
    }
    const status = typeof event.metadata['status'] === 'string' ? event.metadata['status'] : null;
    if (status === null || terminalEventType(status) !== event.event_type) return;
    let seconds: number | null = null;
    const batchId = event.metadata['batch_id'];
    if (this.submittedAt !== null && typeof batchId === 'string') {
      const at = await this.submittedAt(event.namespace_id, batchId).catch(() => null);
      if (at !== null) seconds = (this.now() - Date.parse(at)) / 1000;
    }
    this.metrics.batchFinished(status, seconds);
  }
}
