/**
 * BullMQ queues (Redis): names, job payloads and per-queue defaults, in one table.
 *
 * Queue names are versioned like subjects: changing a payload incompatibly means a new queue name
 * (`...v2`) drained side by side with the old one. Every queue lives under the BullMQ key prefix
 * `<STRATA_PREFIX>:bull` so installations and test runs sharing one Redis do not see each other.
 */

/** BullMQ key prefix for an installation: `strata:bull`. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:bull`;
}

export const QUEUES = {
  /** One job per (domain event, webhook): an HTTP delivery attempt, retried with backoff. */
  webhookDelivery: 'webhook-delivery.v1',
  /**
   * One job scheduler per schedule (scheduler id = schedule id); each tick is a job that runs the
   * schedule once (docs/adr/0050-batch-policies.md). BullMQ stores one next-iteration job per scheduler, so replicas
   * sharing Redis never fire a tick twice.
   */
  scheduleRuns: 'schedule-runs.v1',
} as const;

/** Job names inside the queues. */
export const JOBS = {
  deliver: 'deliver',
  runSchedule: 'run-schedule',
} as const;

/** Payload of a `schedule-runs.v1` job: which schedule to run; the stored schedule says how. */
export interface ScheduleRunJobV1 {
  readonly version: 1;
  readonly namespace_id: string;
  readonly schedule_id: string;
}

/** Payload of a `webhook-delivery.v1` job: ids only; the delivery row holds the body and target. */
export interface WebhookDeliveryJobV1 {
  readonly version: 1;
  readonly delivery_id: string;
  readonly webhook_id: string;
  /**
   * W3C trace context (`traceparent`, `tracestate`) of the event that caused the delivery, so the
   * attempt joins the batch's trace (docs/adr/0091-tracing.md). Optional and additive: absent when
   * tracing is off, ignored by a dispatcher that does not trace.
   */
  readonly trace?: Readonly<Record<string, string>>;
}

export interface QueueSettings {
  /** Attempts in total (first try plus retries). */
  attempts: number;
  /** Delay before retry n is min(backoffMaxMs, backoffBaseMs * 2^(n-1)), then jittered. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Relative jitter: the delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  /** Jobs processed at once per worker process. */
  concurrency: number;
  /** Finished jobs kept in Redis (the delivery log in the metadata store is the record). */
  keepCompleted: number;
  keepFailed: number;
}

/**
 * Per-queue defaults. Webhook retries: 14 attempts, 30 s doubling up to 6 h between tries, which
 * spreads the retries over about 26 hours (30 s + 1 m + ... + 2 h 8 m + 4 h 16 m + 3 x 6 h),
 * so a receiver that is down for a day still gets the event.
 */
export const QUEUE_DEFAULTS = {
  webhookDelivery: {
    attempts: 14,
    backoffBaseMs: 30_000,
    backoffMaxMs: 6 * 3_600_000,
    jitter: 0.2,
    concurrency: 16,
    keepCompleted: 1_000,
    keepFailed: 10_000,
  },
  // A run is attempted once: its outcome (incl. FAILED) is recorded as a schedule run, and the
  // next tick is the retry. Retrying a tick later could overlap the next one.
  scheduleRuns: {
    attempts: 1,
    backoffBaseMs: 1_000,
    backoffMaxMs: 1_000,
    jitter: 0,
    concurrency: 4,
    keepCompleted: 100,
    keepFailed: 1_000,
  },
} as const satisfies Record<keyof typeof QUEUES, QueueSettings>;

/**
 * Delay before retry `retry` (1-based), without jitter: exponential, capped.
 * `random` in [0, 1) picks the jitter; pass 0.5 for the midpoint.
 */
export function retryDelay(settings: Pick<QueueSettings, 'backoffBaseMs' | 'backoffMaxMs' | 'jitter'>, retry: number, random: number): number {
  const exp = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, retry - 1));
  const factor = 1 - settings.jitter + 2 * settings.jitter * random;
  return Math.max(0, Math.round(exp * factor));
}

/**
 * Standard Webhooks headers (https://www.standardwebhooks.com/) on every delivery, plus Strata's
 * own event type header for receivers that route before parsing.
 */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
  eventType: 'strata-event-type',
} as const;
