import { DynamicModule, Module } from '@nestjs/common';

import { systemClock } from '@strata/domain';
import { ProcessWorkItem } from '@strata/worker-use-cases';
import { ExtractorRegistry, ExtractorRuntime, extractorRegistry } from '@strata/extractors';
import { DeliveryCounters, NatsRequestReply } from '@strata/messaging';
import { CoreModule, TOKENS } from '@strata/platform';
import type { NatsConnection } from 'nats';
import type { EventPublisher, Logger, MetadataStore, Metrics, ObjectStorage, VectorStore, WakeUps } from '@strata/ports';
import type { WorkerConfig } from './config';
import { DELIVERY_COUNTERS, DeliveriesController } from './deliveries.controller';
import { WorkItemHandler } from './work-item.handler';
import { instrumentedRegistry, tracedMetadataStore, tracedVectorStore } from './instrumentation';
import { slowedRegistry } from './fault-injection';

export const WORKER_CONFIG = Symbol('WorkerConfig');

@Module({})
export class AppModule {
  static register(config: WorkerConfig, logger: Logger, counters: DeliveryCounters): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({
          service: 'extractor-worker',
          env: config,
          logger,
          uses: { metadata: true, objectStorage: true, vectors: true },
        }),
      ],
      controllers: [WorkItemHandler, DeliveriesController],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: DELIVERY_COUNTERS, useValue: counters },
        {
          provide: TOKENS.extractors,
          useFactory: (nc: NatsConnection) => extractorRegistry(
              new ExtractorRuntime({
                isolationPoolSize: config.EXTRACTOR_POOL_SIZE,
                isolationLimits: { timeoutMs: config.EXTRACTOR_TIMEOUT_MS, maxOldSpaceMb: config.EXTRACTOR_MAX_HEAP_MB },
                embeddingApiKey: config.EMBEDDING_API_KEY,
                embeddingModelsDir: config.EMBEDDING_MODELS_DIR,
              }),
              config.REMOTE_EXTRACTORS_FILE,
              new NatsRequestReply(nc),
              config.STRATA_PREFIX,
            ),
          inject: [TOKENS.nats],
        },
        {
          provide: ProcessWorkItem,
          useFactory: (
            metadata: MetadataStore,
            objects: ObjectStorage,
            vectors: VectorStore,
            events: EventPublisher,
            wakeUps: WakeUps,
            extractors: ExtractorRegistry,
            metrics: Metrics,
          ) => {
            if (config.FAULT_EXTRACTOR_DELAY_MS > 0) {
              logger.warn({ msPerItem: config.FAULT_EXTRACTOR_DELAY_MS }, 'fault injection: extractor runs are delayed per item (FAULT_EXTRACTOR_DELAY_MS)');
            }
            return new ProcessWorkItem({
              metadata: tracedMetadataStore(metadata),
              objects,
              vectors: tracedVectorStore(vectors),
              events,
              wakeUps,
              extractors: instrumentedRegistry(slowedRegistry(extractors, config.FAULT_EXTRACTOR_DELAY_MS), metrics),
              clock: systemClock,
              logger,
              maxBlobBytes: config.WORKER_MAX_BLOB_BYTES,
              progressSliceMs: config.WORKER_PROGRESS_SLICE_MS,
            });
          },
          inject: [TOKENS.metadataStore, TOKENS.objectStorage, TOKENS.vectorStore, TOKENS.publisher, TOKENS.wakeUps, TOKENS.extractors, TOKENS.metrics],
        },
      ],
    };
  }
}

