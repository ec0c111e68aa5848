import type { INestApplication } from '@nestjs/common';
import type { Logger } from '@strata/ports';
import type { Tracing } from './tracing';

/**
 * Exits cleanly on SIGTERM/SIGINT: Nest closes the microservice transport (stop pulling, finish
 * in-flight items), runs shutdown hooks (loops stop, leases released), then the core module drains
 * NATS and closes the stores. A second signal, or a shutdown that hangs, exits at once.
 */
export function installShutdown(app: INestApplication, logger: Logger, tracing: Tracing | null = null, timeoutMs = 30_000): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'graceful shutdown started');
    const timer = setTimeout(() => {
      logger.error({ timeout_ms: timeoutMs }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app
      .close()
      // Spans still buffered are exported last, after every handler has finished.
      .then(() => tracing?.shutdown())
      .then(() => {
        logger.info({}, 'stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason) }, 'unhandled rejection');
  });
}
