import type { Context } from '@opentelemetry/api';
import { DomainEventV1, WorkItemV1, terminalEventType } from '@strata/contracts';
import { SpanKind, inSpan } from '@strata/platform';
import type { EventPublisher, WorkPublisher } from '@strata/ports';

/** Batches whose trace context is remembered at once; older ones are forgotten first. */
const MAX_REMEMBERED = 2_000;

/**
 * Carries a batch's trace from the HTTP submit into the poller's publishing
 * (docs/adr/0091-tracing.md). The submit's `batch.queued` wake-up brings the request's trace
 * context; the poller claims batches from the store, so it remembers that context per batch and
 * publishes the batch's work and events inside spans of the same trace. A batch claimed without
 * its wake-up (lost hint, poller restart, takeover) starts a trace of its own in the poller.
 */
export class BatchTraces {
  private readonly contexts = new Map<string, Context>();

  remember(batchId: string, ctx: Context): void {
    this.contexts.delete(batchId);
    this.contexts.set(batchId, ctx);
    if (this.contexts.size > MAX_REMEMBERED) this.contexts.delete(this.contexts.keys().next().value as string);
  }

  /** The publisher the coordinator uses: each message is published in a span of its batch's trace. */
  publisher(inner: WorkPublisher & EventPublisher): WorkPublisher & EventPublisher {
    return {
      publishWork: (item: WorkItemV1, correlationId?: string) =>
        inSpan(
          `publish work ${item.extractor} t${item.tier}`,
          { kind: SpanKind.PRODUCER, parent: this.contexts.get(item.batch_id), attributes: { 'strata.batch_id': item.batch_id, 'strata.tier': item.tier, 'strata.chunk': item.chunk } },
          () => inner.publishWork(item, correlationId),
        ),
      publishEvent: (event: DomainEventV1, correlationId?: string) => {
        const batchId = typeof event.metadata['batch_id'] === 'string' ? event.metadata['batch_id'] : undefined;
        const parent = batchId === undefined ? undefined : this.contexts.get(batchId);
        return inSpan(`publish ${event.event_type}`, { kind: SpanKind.PRODUCER, parent, attributes: { 'strata.event_type': event.event_type } }, async () => {
          await inner.publishEvent(event, correlationId);
          // A finished batch's context is not needed any more (a retry arrives with a new request).
          if (batchId !== undefined && terminalEventType(String(event.metadata['status'])) === event.event_type) this.contexts.delete(batchId);
        });
      },
    };
  }
}
