import { JOBS, QUEUE_DEFAULTS, QUEUES, WebhookDeliveryJobV1, bullPrefix } from '@strata/contracts';
import type { DeliveryQueue } from '@strata/ports';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { traceCarrier } from './trace-context';

/** The webhook delivery queue (BullMQ). Producers only; the dispatcher runs the worker. */
export class BullMqDeliveryQueue implements DeliveryQueue {
  readonly queue: Queue<WebhookDeliveryJobV1>;

  constructor(connection: Redis, prefix: string, private readonly settings: { attempts: number } = QUEUE_DEFAULTS.webhookDelivery) {
    this.queue = new Queue<WebhookDeliveryJobV1>(QUEUES.webhookDelivery, { connection, prefix: bullPrefix(prefix) });
  }

  async enqueue(job: WebhookDeliveryJobV1, jobId: string): Promise<void> {
    // A job id still in Redis (any state, incl. kept completed/failed jobs) makes add() a no-op.
    const trace = traceCarrier();
    await this.queue.add(JOBS.deliver, Object.keys(trace).length > 0 ? { ...job, trace } : job, {
      jobId,
      attempts: this.settings.attempts,
      backoff: { type: 'strata' },
      removeOnComplete: QUEUE_DEFAULTS.webhookDelivery.keepCompleted,
      removeOnFail: QUEUE_DEFAULTS.webhookDelivery.keepFailed,
    });
  }

  async has(jobId: string): Promise<boolean> {
    return (await this.queue.getJob(jobId)) !== undefined;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
