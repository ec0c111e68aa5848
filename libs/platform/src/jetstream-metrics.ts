import type { NatsConnection } from 'nats';
import type { PrometheusMetrics } from './metrics';

/** A durable consumer whose backlog this process reports. */
export interface WatchedConsumer {
  stream: string;
  durable: string;
}

/**
 * Reports, at each scrape, the JetStream state of the durable consumers this process pulls from:
 * `strata_jetstream_consumer_pending_messages` (stored, not yet delivered: the backlog KEDA scales
 * on) and `strata_jetstream_consumer_ack_pending_messages` (delivered, not yet acknowledged: work in
 * flight across all replicas). A consumer that cannot be read is left out of the scrape rather
 * than failing it.
 */
export function watchJetStreamConsumers(metrics: PrometheusMetrics, nc: NatsConnection, consumers: readonly WatchedConsumer[]): void {
  let current: Promise<Array<{ c: WatchedConsumer; pending: number; ackPending: number }>> | null = null;
  // Both gauges are collected in the same scrape: read each consumer once for the two of them.
  const read = () => {
    current ??= (async () => {
      const jsm = await nc.jetstreamManager();
      const infos = await Promise.all(
        consumers.map(async (c) => {
          try {
            const info = await jsm.consumers.info(c.stream, c.durable);
            return { c, pending: info.num_pending, ackPending: info.num_ack_pending };
          } catch {
            return null;
          }
        }),
      );
      return infos.filter((i): i is NonNullable<typeof i> => i !== null);
    })().finally(() => setTimeout(() => (current = null), 500).unref());
    return current;
  };
  const labels = ['stream', 'consumer'] as const;
  metrics.scrapedGauge('strata_jetstream_consumer_pending_messages', 'Messages stored for a durable consumer and not yet delivered', labels, async (set) => {
    for (const i of await read()) set({ stream: i.c.stream, consumer: i.c.durable }, i.pending);
  });
  metrics.scrapedGauge('strata_jetstream_consumer_ack_pending_messages', 'Messages delivered to a durable consumer and not yet acknowledged', labels, async (set) => {
    for (const i of await read()) set({ stream: i.c.stream, consumer: i.c.durable }, i.ackPending);
  });
}
