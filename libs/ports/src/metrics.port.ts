/** How one work item ended for the metrics: written, failed for good, or skipped as unchanged/obsolete. */
export type ItemOutcome = 'processed' | 'failed' | 'skipped';

/**
 * Why a bus message came again: this process nak'ed it (a retry it asked for), or its ack wait ran
 * out (a dead worker, or a stall: work done twice without a fault if it happens when nothing failed).
 */
export type RedeliveryCause = 'nak' | 'ack_wait';

/** How one webhook delivery attempt ended. */
export type DeliveryOutcome = 'succeeded' | 'retry' | 'failed' | 'canceled' | 'skipped';

/**
 * What the apps and use cases measure, in Strata's words; the platform maps it to Prometheus
 * (docs/operations.md#metrics). Callers never see a metrics library, so each call site is one line
 * and use cases stay free of infrastructure (docs/adr/0090-observability.md).
 */
export interface Metrics {
  /** Items of one work message that ended with `outcome`. */
  itemsFinished(extractor: string, tier: number, outcome: ItemOutcome, count: number): void;
  /** Wall-clock time of one extractor call over a chunk of inputs. */
  extractorDuration(extractor: string, seconds: number): void;
  /** A work message started (+1) or ended (-1) in this process. */
  workInFlight(delta: 1 | -1): void;
  /** A batch entered a non-terminal status (QUEUED at submit). */
  batchStatus(status: string): void;
  /** A batch reached a terminal status after `seconds` since it was submitted. */
  batchFinished(status: string, seconds: number | null): void;
  /** One webhook delivery attempt and how long it took (sign, POST, record). */
  webhookDelivery(outcome: DeliveryOutcome, seconds: number): void;
  /** A JetStream message delivered to this process with a delivery count above 1. */
  messageRedelivered(consumer: string, subject: string, cause: RedeliveryCause): void;
}

/** Metrics that go nowhere (unit tests, scripts). */
export const noopMetrics: Metrics = {
  itemsFinished: () => undefined,
  extractorDuration: () => undefined,
  workInFlight: () => undefined,
  batchStatus: () => undefined,
  batchFinished: () => undefined,
  webhookDelivery: () => undefined,
  messageRedelivered: () => undefined,
};
