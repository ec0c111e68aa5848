import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DOMAIN_EVENT_TYPES, DomainEventV1 } from '@strata/contracts';
import { JetStreamContext } from '@strata/messaging';
import { TOKENS } from '@strata/platform';
import type { Logger } from '@strata/ports';

export const DOMAIN_EVENT_PATTERN = 'strata.domain-event';

const KNOWN = new Set<string>(DOMAIN_EVENT_TYPES);

/**
 * Consumes every domain event durably. Deliveries to webhook subscriptions come in a later
 * version; for now each event is validated and logged, so operators can see the event flow.
 */
@Controller()
export class DomainEventHandler {
  constructor(@Inject(TOKENS.logger) private readonly logger: Logger) {}

  @EventPattern(DOMAIN_EVENT_PATTERN)
  async handle(@Payload() data: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const event = data as Partial<DomainEventV1>;
    if (typeof event?.event_id !== 'string' || typeof event.event_type !== 'string' || !KNOWN.has(event.event_type)) {
      this.logger.error({ subject: context.subject }, 'unknown domain event dead-lettered');
      await context.deadLetter('not a known domain event');
      return;
    }
    this.logger.info(
      {
        event_id: event.event_id,
        event_type: event.event_type,
        namespace_id: event.namespace_id,
        subject_id: event.subject?.id,
        correlation_id: context.correlationId,
        delivery: context.deliveryCount,
      },
      'domain event received',
    );
  }
}
