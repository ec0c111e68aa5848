import type { DeliveryOutcome, ItemOutcome, Metrics, RedeliveryCause } from '@strata/ports';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { inProcessPool, poolExposition, servePoolMetrics } from './pool-metrics';

/** Buckets (seconds) from 5 ms to 2 min: HTTP requests, extractor calls and webhook attempts. */
const FAST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Buckets (seconds) from 1 s to 6 h: whole batches. */
const BATCH_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];

/**
 * The Prometheus side of the {@link Metrics} port: one registry per process (never prom-client's
 * global one, so tests can hold several), Node's default metrics (event-loop lag, heap, GC, CPU)
 * under `strata_`, and Strata's own series. Names follow Prometheus conventions: counters end in
 * `_total`, durations are histograms in `_seconds` (docs/operations.md#metrics).
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly items: Counter<'extractor' | 'tier' | 'outcome'>;
  private readonly extractorSeconds: Histogram<'extractor'>;
  private readonly inFlight: Gauge;
  private readonly batches: Counter<'status'>;
  private readonly batchSeconds: Histogram<'status'>;
  private readonly deliveries: Counter<'outcome'>;
  private readonly deliverySeconds: Histogram<'outcome'>;
  private readonly redeliveries: Counter<'consumer' | 'subject' | 'cause'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'strata_' });
    // A pool child answers its parent's collect requests (a no-op outside a pool).
    servePoolMetrics(this.registry);
    const r = [this.registry];
    this.httpDuration = new Histogram({
      name: 'strata_http_request_duration_seconds',
      help: 'HTTP requests by route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: FAST_BUCKETS,
      registers: r,
    });
    this.items = new Counter({
      name: 'strata_items_total',
      help: 'Work items finished by extractor, tier and outcome (processed, failed, skipped)',
      labelNames: ['extractor', 'tier', 'outcome'],
      registers: r,
    });
    this.extractorSeconds = new Histogram({
      name: 'strata_extractor_duration_seconds',
      help: 'Wall-clock time of one extractor call over a chunk of inputs',
      labelNames: ['extractor'],
      buckets: FAST_BUCKETS,
      registers: r,
    });
    this.inFlight = new Gauge({ name: 'strata_work_messages_in_flight', help: 'Work messages being processed by this process', registers: r });
    this.batches = new Counter({
      name: 'strata_batches_total',
      help: 'Batches that entered a status (QUEUED at submit, then their terminal status)',
      labelNames: ['status'],
      registers: r,
    });
    this.batchSeconds = new Histogram({
      name: 'strata_batch_duration_seconds',
      help: 'Time from submit to the terminal status, by terminal status',
      labelNames: ['status'],
      buckets: BATCH_BUCKETS,
      registers: r,
    });
    this.deliveries = new Counter({
      name: 'strata_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (succeeded, retry, failed, canceled, skipped)',
      labelNames: ['outcome'],
      registers: r,
    });
    this.deliverySeconds = new Histogram({
      name: 'strata_webhook_delivery_duration_seconds',
      help: 'Time of one webhook delivery attempt (sign, POST, record) by outcome',
      labelNames: ['outcome'],
      buckets: FAST_BUCKETS,
      registers: r,
    });
    this.redeliveries = new Counter({
      name: 'strata_message_redeliveries_total',
      help:
        'JetStream messages delivered again to this process, by consumer, subject and cause: nak (a retry this process asked for) or ack_wait (its ack wait ran out: a dead worker or a stall; 0 when nothing failed)',
      labelNames: ['consumer', 'subject', 'cause'],
      registers: r,
    });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  itemsFinished(extractor: string, tier: number, outcome: ItemOutcome, count: number): void {
    if (count > 0) this.items.inc({ extractor, tier: String(tier), outcome }, count);
  }

  extractorDuration(extractor: string, seconds: number): void {
    this.extractorSeconds.observe({ extractor }, seconds);
  }

  workInFlight(delta: 1 | -1): void {
    this.inFlight.inc(delta);
  }

  batchStatus(status: string): void {
    this.batches.inc({ status });
  }

  batchFinished(status: string, seconds: number | null): void {
    this.batches.inc({ status });
    if (seconds !== null && seconds >= 0) this.batchSeconds.observe({ status }, seconds);
  }

  messageRedelivered(consumer: string, subject: string, cause: RedeliveryCause): void {
    this.redeliveries.inc({ consumer, subject, cause });
  }

  webhookDelivery(outcome: DeliveryOutcome, seconds: number): void {
    this.deliveries.inc({ outcome });
    this.deliverySeconds.observe({ outcome }, seconds);
  }

  /** A gauge whose values are read when Prometheus scrapes (e.g. JetStream consumer state). */
  scrapedGauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect: (set: (labels: Record<L, string>, value: number) => void) => Promise<void>): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      // Every process of a pool reads the same shared state: the pool's /metrics shows it once.
      aggregator: 'max',
      async collect() {
        this.reset();
        await collect((labels, value) => this.set(labels as Partial<Record<L, string | number>>, value));
      },
    });
  }

  /**
   * The exposition text and its content type, for GET /metrics. In a child of a process pool
   * (WORKER_PROCESSES / API_PROCESSES above one) it is the whole pool's, summed by the parent.
   */
  async exposition(): Promise<{ contentType: string; body: string }> {
    if (inProcessPool()) return poolExposition();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
