import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TOKENS } from '@strata/platform';
import type { Logger } from '@strata/ports';
import { RequeueStaleDeliveries } from '@strata/webhooks';
import type { DispatcherConfig } from './config';
import { DISPATCHER_CONFIG } from './delivery.worker';

/**
 * Every WEBHOOK_SWEEP_INTERVAL_MS (and once at boot): re-enqueues PENDING deliveries whose BullMQ
 * job is gone, so losing Redis data delays deliveries instead of dropping them. Safe with several
 * dispatchers: a job that exists is never added twice.
 */
@Injectable()
export class StaleDeliverySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(TOKENS.logger) private readonly logger: Logger,
    private readonly requeue: RequeueStaleDeliveries,
  ) {}

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.running = this.requeue.execute(this.config.WEBHOOK_STALE_PENDING_MS).catch((err: unknown) => {
        this.logger.warn({ err: (err as Error).message }, 'stale delivery sweep failed; next tick retries');
      });
    };
    tick();
    this.timer = setInterval(tick, this.config.WEBHOOK_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
