import { BusNames, DomainEventV1, HEADERS, WorkItemV1, workItemMessageId } from '@strata/contracts';
import type { EventPublisher, WorkPublisher } from '@strata/ports';
import { NatsConnection, headers as natsHeaders } from 'nats';
import { injectTraceHeaders } from './trace-context';

const encoder = new TextEncoder();

/**
 * Durable publishing over JetStream. Every message carries a Nats-Msg-Id, so a publisher that
 * retries after a lost acknowledgement, or a poller that takes over a batch and republishes a
 * chunk, does not create a second copy within the stream's duplicate window.
 */
export class JetStreamPublisher implements WorkPublisher, EventPublisher {
  constructor(
    private readonly connection: NatsConnection,
    private readonly names: BusNames,
  ) {}

  async publishWork(item: WorkItemV1, correlationId?: string): Promise<void> {
    await this.publish(this.names.workSubject(item.extractor, item.tier), item, workItemMessageId(item), correlationId);
  }

  async publishEvent(event: DomainEventV1, correlationId?: string): Promise<void> {
    await this.publish(this.names.eventSubject(event.event_type), event, event.event_id, correlationId);
  }

  private async publish(subject: string, payload: unknown, messageId: string, correlationId?: string): Promise<void> {
    const h = natsHeaders();
    if (correlationId !== undefined) h.set(HEADERS.correlationId, correlationId);
    injectTraceHeaders(h);
    await this.connection.jetstream().publish(subject, encoder.encode(JSON.stringify(payload)), {
      msgID: messageId,
      headers: h,
    });
  }
}
