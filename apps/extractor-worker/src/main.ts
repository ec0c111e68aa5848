import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { BusNames } from '@strata/contracts';
import { ExtractorRegistry } from '@strata/extractors';
import { connectJetStream, newDeliveryCounters, workConsumerSpec } from '@strata/messaging';
import {
  NestPinoLogger,
  TOKENS,
  PrometheusMetrics,
  createLogger,
  installShutdown,
  lowerPriority,
  processCount,
  runProcessPool,
  startTracing,
  watchJetStreamConsumers,
} from '@strata/platform';
import type { NatsConnection } from 'nats';
import { AppModule } from './app.module';
import { WorkerConfig, loadWorkerConfig } from './config';
import type { Logger } from '@strata/ports';
import { WORK_ITEM_PATTERN } from './work-item.handler';
import { CONSUMER_DEFAULTS } from '@strata/contracts';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger('extractor-worker', config.LOG_LEVEL);
  const heap = config.WORKER_MAX_HEAP_MB > 0 ? [`--max-old-space-size=${config.WORKER_MAX_HEAP_MB}`] : [];
  await runProcessPool(processCount(config.WORKER_PROCESSES), logger, () => startWorker(config, logger), { childExecArgv: heap });
}

async function startWorker(config: WorkerConfig, logger: Logger): Promise<void> {
  // Below the API and the coordinators on shared cores (WORKER_NICE); isolated extractor children inherit it.
  const nice = lowerPriority(config.WORKER_NICE, logger);
  // Each forked process traces its own messages, and AppModule.register builds its own
  // ExtractorRuntime (isolation pool, API key, models dir) from the config.
  const tracing = await startTracing('extractor-worker', config);
  const counters = newDeliveryCounters();
  const app = await NestFactory.create(AppModule.register(config, logger, counters), { logger: new NestPinoLogger(logger) });
  const names = app.get<BusNames>(TOKENS.busNames);
  const registry = app.get<ExtractorRegistry>(TOKENS.extractors);
  const wanted = config.WORKER_EXTRACTORS.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const extractors = wanted.length > 0 ? wanted.map((key) => registry.getByKey(key)) : registry.list();
  const settings = { ...CONSUMER_DEFAULTS.work, ackWaitMs: config.WORK_ACK_WAIT_MS, maxDeliver: config.WORK_MAX_DELIVER };
  // One durable consumer per extractor and tier: each tier is its own message group, and a
  // worker pool can be dedicated to some extractors only.
  const subscriptions = extractors.flatMap((e) =>
    Array.from({ length: config.WORKER_MAX_TIER + 1 }, (_, tier) => ({
      pattern: WORK_ITEM_PATTERN,
      consumer: workConsumerSpec(names, `${e.name}@${e.version}`, tier, settings),
    })),
  );
  connectJetStream(app, {
    connection: app.get<NatsConnection>(TOKENS.nats),
    names,
    subscriptions,
    concurrency: config.WORKER_CONCURRENCY,
    logger,
    counters,
    metrics: app.get<PrometheusMetrics>(TOKENS.metrics),
  });
  watchJetStreamConsumers(app.get<PrometheusMetrics>(TOKENS.metrics), app.get<NatsConnection>(TOKENS.nats), subscriptions.map((s) => s.consumer));
  installShutdown(app, logger, tracing);
  await app.startAllMicroservices();
  await app.listen(config.HEALTH_PORT, '0.0.0.0');
  logger.info(
    { consumers: subscriptions.map((s) => s.consumer.durable), concurrency: config.WORKER_CONCURRENCY, health_port: config.HEALTH_PORT, nice },
    'extractor-worker consuming',
  );
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error(JSON.stringify({ level: 'fatal', service: 'extractor-worker', msg: 'failed to start', err: String((error as Error)?.stack ?? error) }));
  process.exit(1);
});
