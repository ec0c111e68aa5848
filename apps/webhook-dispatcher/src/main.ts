import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { BusNames, CONSUMER_DEFAULTS } from '@strata/contracts';
import { connectJetStream } from '@strata/messaging';
import { NestPinoLogger, TOKENS, PrometheusMetrics, createLogger, installShutdown, startTracing, watchJetStreamConsumers } from '@strata/platform';
import type { NatsConnection } from 'nats';
import { AppModule } from './app.module';
import { loadDispatcherConfig } from './config';
import { DOMAIN_EVENT_PATTERN } from './domain-event.handler';

async function main(): Promise<void> {
  const config = loadDispatcherConfig();
  const logger = createLogger('webhook-dispatcher', config.LOG_LEVEL);
  const tracing = await startTracing('webhook-dispatcher', config);
  const app = await NestFactory.create(AppModule.register(config, logger), { logger: new NestPinoLogger(logger) });
  const names = app.get<BusNames>(TOKENS.busNames);
  connectJetStream(app, {
    connection: app.get<NatsConnection>(TOKENS.nats),
    names,
    subscriptions: [
      {
        pattern: DOMAIN_EVENT_PATTERN,
        consumer: {
          stream: names.streams.events,
          durable: names.dispatcherConsumer,
          filterSubject: names.allEvents,
          settings: CONSUMER_DEFAULTS.dispatcher,
        },
      },
    ],
    concurrency: config.DISPATCHER_CONCURRENCY,
    logger,
    metrics: app.get<PrometheusMetrics>(TOKENS.metrics),
  });
  watchJetStreamConsumers(app.get<PrometheusMetrics>(TOKENS.metrics), app.get<NatsConnection>(TOKENS.nats), [
    { stream: names.streams.events, durable: names.dispatcherConsumer },
  ]);
  installShutdown(app, logger, tracing);
  await app.startAllMicroservices();
  await app.listen(config.HEALTH_PORT, '0.0.0.0');
  logger.info({ consumer: names.dispatcherConsumer, health_port: config.HEALTH_PORT }, 'webhook-dispatcher consuming events');
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error(JSON.stringify({ level: 'fatal', service: 'webhook-dispatcher', msg: 'failed to start', err: String((error as Error)?.stack ?? error) }));
  process.exit(1);
});
