import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { CoreModule, TOKENS } from '@strata/platform';
import type { NatsConnection } from 'nats';
import { extractorRegistry } from './extractor-registry';
import type { Logger } from '@strata/ports';
import type { BatchApiConfig } from './config';
import { BatchesController } from './http/batches.controller';
import { BucketsController } from './http/buckets.controller';
import { CollectionsController } from './http/collections.controller';
import { NamespacesController } from './http/namespaces.controller';
import { TasksController } from './http/tasks.controller';
import { BATCH_API_CONFIG, ingestionProvider } from './ingestion.provider';

@Module({})
export class AppModule {
  static register(config: BatchApiConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({
          service: 'batch-api',
          env: config,
          logger,
          uses: { metadata: true, objectStorage: true, vectors: true, redis: true },
        }),
        MulterModule.register({ limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 100, fields: 100 } }),
      ],
      controllers: [NamespacesController, BucketsController, CollectionsController, BatchesController, TasksController],
      providers: [
        { provide: BATCH_API_CONFIG, useValue: config },
        {
          provide: TOKENS.extractors,
          useFactory: (nc: NatsConnection) => extractorRegistry(config.REMOTE_EXTRACTORS_FILE, nc, config.STRATA_PREFIX),
          inject: [TOKENS.nats],
        },
        ingestionProvider,
      ],
    };
  }
}
