import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DomainEventV1, isDomainEventType } from '@strata/contracts';
import { JetStreamContext } from '@strata/messaging';
import { TOKENS } from '@strata/platform';
import type { Logger } from '@strata/ports';
import { DispatchEvent } from '@strata/webhooks';

export const DOMAIN_EVENT_PATTERN = 'strata.domain-event';

/**
 * Consumes every domain event durably and turns it into delivery jobs (one per matching
 * subscription). The event is acked only after its jobs are in Redis; a crash in between means a
 * redelivery, which the deterministic delivery/job ids absorb.
 */
@Controller()
export class DomainEventHandler {
  constructor(
    @Inject(TOKENS.logger) private readonly logger: Logger,
    private readonly dispatch: DispatchEvent,
  ) {}

  @EventPattern(DOMAIN_EVENT_PATTERN)
  async handle(@Payload() data: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const event = data as Partial<DomainEventV1>;
    if (typeof event?.event_id !== 'string' || !isDomainEventType(event.event_type) || typeof event.namespace_id !== 'string') {
      this.logger.error({ subject: context.subject }, 'unknown domain event dead-lettered');
      await context.deadLetter('not a known domain event');
      return;
    }
    const { deliveries, enqueued } = await this.dispatch.execute(event as DomainEventV1);
    this.logger.info(
      {
        event_id: event.event_id,
        event_type: event.event_type,
        namespace_id: event.namespace_id,
        subject_id: event.subject?.id,
        correlation_id: context.correlationId,
        delivery: context.deliveryCount,
        deliveries,
        enqueued,
      },
      'domain event received',
    );
  }
}
