import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestPinoLogger, createLogger, installShutdown, startTracing } from '@strata/platform';
import { AppModule } from './app.module';
import { loadPollerConfig } from './config';

async function main(): Promise<void> {
  const config = loadPollerConfig();
  const logger = createLogger('poller', config.LOG_LEVEL);
  const tracing = await startTracing('poller', config);
  const app = await NestFactory.create(AppModule.register(config, logger), { logger: new NestPinoLogger(logger) });
  installShutdown(app, logger, tracing);
  await app.listen(config.HEALTH_PORT, '0.0.0.0');
  logger.info({ health_port: config.HEALTH_PORT }, 'poller health endpoints listening');
}

main().catch((error: unknown) => {
  // eslint-disable-next-line no-console
  console.error(JSON.stringify({ level: 'fatal', service: 'poller', msg: 'failed to start', err: String((error as Error)?.stack ?? error) }));
  process.exit(1);
});
