import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { GuardedWebhookSender, SsrfGuard } from '@strata/adapters';
import { systemClock } from '@strata/domain';
import { BullMqDeliveryQueue } from '@strata/messaging';
import { CoreModule, TOKENS } from '@strata/platform';
import type { Logger, MetadataStore } from '@strata/ports';
import { DeliverWebhook, DispatchEvent, RequeueStaleDeliveries } from '@strata/webhooks';
import { Redis } from 'ioredis';
import type { DispatcherConfig } from './config';
import { DISPATCHER_CONFIG, DeliveryWorker } from './delivery.worker';
import { DomainEventHandler } from './domain-event.handler';
import { StaleDeliverySweeper } from './stale-delivery.sweeper';

@Injectable()
class QueueLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BullMqDeliveryQueue) private readonly queue: BullMqDeliveryQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}

@Module({})
export class AppModule {
  static register(config: DispatcherConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot({ service: 'webhook-dispatcher', env: config, logger, uses: { metadata: true, redis: true } })],
      controllers: [DomainEventHandler],
      providers: [
        { provide: DISPATCHER_CONFIG, useValue: config },
        {
          provide: BullMqDeliveryQueue,
          useFactory: () => {
            const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
            connection.on('error', (err) => logger.warn({ err: err.message }, 'delivery queue redis error'));
            return new BullMqDeliveryQueue(connection, config.STRATA_PREFIX, { attempts: config.WEBHOOK_MAX_ATTEMPTS });
          },
        },
        QueueLifecycle,
        {
          provide: DispatchEvent,
          useFactory: (metadata: MetadataStore, queue: BullMqDeliveryQueue) => new DispatchEvent({ metadata, queue, clock: systemClock, logger }),
          inject: [TOKENS.metadataStore, BullMqDeliveryQueue],
        },
        {
          provide: DeliverWebhook,
          useFactory: (metadata: MetadataStore, queue: BullMqDeliveryQueue) =>
            new DeliverWebhook({ metadata, queue, clock: systemClock, logger, sender: new GuardedWebhookSender(new SsrfGuard(config.WEBHOOK_ALLOWLIST)) }),
          inject: [TOKENS.metadataStore, BullMqDeliveryQueue],
        },
        {
          provide: RequeueStaleDeliveries,
          useFactory: (metadata: MetadataStore, queue: BullMqDeliveryQueue) => new RequeueStaleDeliveries({ metadata, queue, clock: systemClock, logger }),
          inject: [TOKENS.metadataStore, BullMqDeliveryQueue],
        },
        DeliveryWorker,
        StaleDeliverySweeper,
      ],
    };
  }
}
