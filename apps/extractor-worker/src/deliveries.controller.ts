import { Controller, Get, Inject } from '@nestjs/common';
import type { DeliveryCounters } from '@strata/messaging';

export const DELIVERY_COUNTERS = Symbol('DeliveryCounters');

/**
 * This worker's delivery counts: `redelivered` stays 0 while nothing fails (docs/reliability.md
 * "Work runs once"); a rising `redelivered_without_nak` means ack waits ran out (dead worker, stall).
 */
@Controller('health')
export class DeliveriesController {
  constructor(@Inject(DELIVERY_COUNTERS) private readonly counters: DeliveryCounters) {}

  @Get('deliveries')
  deliveries(): { delivered: number; redelivered: number; redelivered_without_nak: number } {
    return { delivered: this.counters.delivered, redelivered: this.counters.redelivered, redelivered_without_nak: this.counters.redeliveredWithoutNak };
  }
}
