import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { idempotentPostRoutes } from './http/idempotency.interceptor';
import { AuthGuard } from './http/auth.guard';
import { MulterModule } from '@nestjs/platform-express';
import { ExtractorRuntime, extractorRegistry } from '@strata/extractors';
import { NatsRequestReply } from '@strata/messaging';
import { CoreModule, TOKENS } from '@strata/platform';
import type { NatsConnection } from 'nats';
import type { Logger } from '@strata/ports';
import type { BatchApiConfig } from './config';
import { API_CONTROLLERS, DOCUMENTED_CONTROLLERS } from './openapi/controllers';
import { DocsController } from './openapi/docs.controller';
import { BATCH_API_CONFIG, ingestionProvider } from './ingestion.provider';
import { WebhooksModule } from './webhooks.module';
import { resourceUseCasesProvider } from './resource-use-cases.provider';
import { scheduleProviders } from './schedules.provider';

@Module({})
export class AppModule {
  static register(config: BatchApiConfig, logger: Logger): DynamicModule {
    // Idempotency-Key on POST routes only (not a global interceptor GETs would pass through).
    idempotentPostRoutes([...DOCUMENTED_CONTROLLERS, DocsController]);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({
          service: 'batch-api',
          env: config,
          logger,
          uses: { metadata: true, objectStorage: true, vectors: true, redis: true },
          outboxRelay: true,
          // Only tasks and schedules live in Redis: an outage fails those calls, not the whole API.
          optionalForReadiness: ['redis'],
        }),
        MulterModule.register({ limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 100, fields: 100 } }),
        WebhooksModule.register(config),
      ],
      controllers: [...API_CONTROLLERS, DocsController],
      providers: [
        { provide: BATCH_API_CONFIG, useValue: config },
        {
          provide: TOKENS.extractors,
          useFactory: (nc: NatsConnection) => extractorRegistry(
              new ExtractorRuntime({ embeddingModelsDir: config.EMBEDDING_MODELS_DIR }),
              config.REMOTE_EXTRACTORS_FILE,
              new NatsRequestReply(nc),
              config.STRATA_PREFIX,
            ),
          inject: [TOKENS.nats],
        },
        ingestionProvider,
        resourceUseCasesProvider,
        ...scheduleProviders(config),
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
