import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, WebhookDeliveryJobV1, bullPrefix, retryDelay } from '@strata/contracts';
import { closeWorkerWithin } from '@strata/messaging';
import { SpanKind, TOKENS, contextFromTraceHeaders, inSpan } from '@strata/platform';
import type { Logger, Metrics } from '@strata/ports';
import { DeliverWebhook } from '@strata/webhooks';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { DispatcherConfig } from './config';

export const DISPATCHER_CONFIG = Symbol('DispatcherConfig');

/** Thrown to hand a failed attempt back to BullMQ, which schedules the next one with our backoff. */
class RetryDelivery extends Error {}

/**
 * The BullMQ worker of the delivery queue: each job is one HTTP attempt (DeliverWebhook); a
 * retryable failure throws so BullMQ schedules the next attempt after retryDelay() (exponential,
 * capped, jittered). The delivery row in the metadata store is the record; jobs are transient.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker<WebhookDeliveryJobV1> | null = null;
  private connection: Redis | null = null;

  constructor(
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    @Inject(TOKENS.logger) private readonly logger: Logger,
    private readonly deliver: DeliverWebhook,
    @Inject(TOKENS.metrics) private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const cfg = this.config;
    // BullMQ workers block on Redis and must retry forever instead of failing a command.
    this.connection = new Redis(cfg.REDIS_URL, { maxRetriesPerRequest: null });
    this.connection.on('error', (err) => this.logger.warn({ err: err.message }, 'delivery worker redis error'));
    const backoff = { backoffBaseMs: cfg.WEBHOOK_BACKOFF_BASE_MS, backoffMaxMs: cfg.WEBHOOK_BACKOFF_MAX_MS, jitter: 0.2 };
    this.worker = new Worker<WebhookDeliveryJobV1>(QUEUES.webhookDelivery, (job) => this.process(job), {
      connection: this.connection,
      prefix: bullPrefix(cfg.STRATA_PREFIX),
      concurrency: cfg.WEBHOOK_CONCURRENCY,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelay(backoff, attemptsMade, Math.random()) },
    });
    this.worker.on('error', (err) => this.logger.error({ err: err.message }, 'delivery worker error'));
  }

  private async process(job: Job<WebhookDeliveryJobV1>): Promise<string> {
    const maxAttempts = job.opts.attempts ?? this.config.WEBHOOK_MAX_ATTEMPTS;
    const attempt = job.attemptsMade + 1;
    const started = performance.now();
    // The attempt continues the trace of the event that caused it (trace context in the job data).
    const result = await inSpan(
      'webhook delivery',
      { kind: SpanKind.CLIENT, parent: contextFromTraceHeaders(job.data.trace ?? {}), attributes: { 'strata.delivery_id': job.data.delivery_id, 'strata.attempt': attempt } },
      async (span) => {
        const r = await this.deliver.execute({ deliveryId: job.data.delivery_id, attempt, maxAttempts });
        span.setAttribute('strata.outcome', r.outcome);
        if (r.statusCode !== null) span.setAttribute('http.response.status_code', r.statusCode);
        return r;
      },
    );
    this.metrics.webhookDelivery(result.outcome, (performance.now() - started) / 1000);
    if (result.outcome === 'retry') throw new RetryDelivery(result.error ?? 'delivery failed');
    return result.outcome;
  }

  /** Before the core module closes the metadata store: running attempts must still record their result. */
  async beforeApplicationShutdown(): Promise<void> {
    // Waits for running attempts (bounded by their HTTP timeouts), but not forever on a lost Redis.
    await closeWorkerWithin(this.worker, this.connection, this.logger);
  }
}
