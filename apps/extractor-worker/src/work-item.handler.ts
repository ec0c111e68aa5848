import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { parseWorkItem } from '@strata/contracts';
import { ProcessWorkItem } from '@strata/worker-use-cases';
import { JetStreamContext } from '@strata/messaging';
import { TOKENS } from '@strata/platform';
import type { Logger, Metrics } from '@strata/ports';

/** The pattern every work consumer is routed to (one handler serves all tiers and extractors). */
export const WORK_ITEM_PATTERN = 'strata.work-item';

@Controller()
export class WorkItemHandler {
  constructor(
    private readonly process: ProcessWorkItem,
    @Inject(TOKENS.logger) private readonly logger: Logger,
    @Inject(TOKENS.metrics) private readonly metrics: Metrics,
  ) {}

  /** Decodes, runs the use case; a thrown TransientError makes the transport nak with backoff. */
  @EventPattern(WORK_ITEM_PATTERN)
  async handle(@Payload() data: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const parsed = parseWorkItem(data);
    if (!parsed.ok) {
      this.logger.error({ subject: context.subject, reason: parsed.reason }, 'malformed work item dead-lettered');
      await context.deadLetter(`malformed work item: ${parsed.reason}`);
      return;
    }
    const { item } = parsed;
    this.metrics.workInFlight(1);
    try {
      const result = await this.process.execute(item, {
        attempt: context.deliveryCount,
        isLast: context.isLastDelivery,
        correlationId: context.correlationId,
      });
      if (result.kind === 'skipped') this.metrics.itemsFinished(item.extractor, item.tier, 'skipped', item.item_ids.length);
      // A chunk dropped by a cancel finished nothing (docs/reliability.md "Cancel cancels").
      else if (result.kind === 'processed') {
        this.metrics.itemsFinished(item.extractor, item.tier, 'processed', result.succeeded - result.unchanged);
        this.metrics.itemsFinished(item.extractor, item.tier, 'failed', result.failed);
        this.metrics.itemsFinished(item.extractor, item.tier, 'skipped', result.unchanged);
      }
    } finally {
      this.metrics.workInFlight(-1);
    }
  }
}
