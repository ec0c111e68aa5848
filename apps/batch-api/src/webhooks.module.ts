import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { SsrfGuard, SsrfTargetPolicy } from '@strata/adapters';
import { systemClock } from '@strata/domain';
import { BullMqDeliveryQueue } from '@strata/messaging';
import { TOKENS } from '@strata/platform';
import type { Logger, MetadataStore } from '@strata/ports';
import { Redis } from 'ioredis';
import type { BatchApiConfig } from './config';
import { WebhooksController } from './http/webhooks.controller';
import { BATCH_API_CONFIG } from './ingestion.provider';
import { WebhookUseCases } from './webhook-use-cases';

@Injectable()
class WebhookQueueLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BullMqDeliveryQueue) private readonly queue: BullMqDeliveryQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}

/** Kept apart from AppModule so the webhook surface is one import there. */
@Module({})
export class WebhooksModule {
  static register(config: BatchApiConfig): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: [WebhooksController],
      providers: [
        // For the Idempotency-Key interceptor on the webhook POST routes.
        { provide: BATCH_API_CONFIG, useValue: config },
        {
          // Replays enqueue delivery jobs; the dispatcher's worker runs them.
          provide: BullMqDeliveryQueue,
          useFactory: (logger: Logger) => {
            const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
            connection.on('error', (err) => logger.warn({ err: err.message }, 'delivery queue redis error'));
            return new BullMqDeliveryQueue(connection, config.STRATA_PREFIX);
          },
          inject: [TOKENS.logger],
        },
        WebhookQueueLifecycle,
        {
          provide: WebhookUseCases,
          useFactory: (metadata: MetadataStore, queue: BullMqDeliveryQueue, logger: Logger) =>
            new WebhookUseCases({ metadata, queue, clock: systemClock, logger, targets: new SsrfTargetPolicy(new SsrfGuard(config.WEBHOOK_ALLOWLIST)) }),
          inject: [TOKENS.metadataStore, BullMqDeliveryQueue, TOKENS.logger],
        },
      ],
    };
  }
}
