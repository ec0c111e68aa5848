import { AggregatorRegistry } from 'prom-client';
import { PrometheusMetrics } from './metrics';

/**
 * What the pool's parent does with its children's series (pool-metrics.ts): the same aggregation
 * over two processes' registries.
 */
describe('the metrics of a process pool, summed over its processes', () => {
  it('adds up counters and histograms, and shows a gauge of shared state once (its max), not summed', async () => {
    const processes = [new PrometheusMetrics('extractor-worker'), new PrometheusMetrics('extractor-worker')];
    processes[0]?.itemsFinished('text_extractor@v1', 0, 'processed', 3);
    processes[1]?.itemsFinished('text_extractor@v1', 0, 'processed', 4);
    processes[0]?.httpRequest('GET', '/health/ready', 200, 0.002);
    processes[1]?.httpRequest('GET', '/health/ready', 200, 0.004);
    // Both processes read the same JetStream consumer: 5 pending messages, not 10.
    for (const metrics of processes) {
      metrics.scrapedGauge('strata_test_consumer_pending_messages', 'pending', ['consumer'], async (set) => set({ consumer: 'work' }, 5));
    }
    const parts = await Promise.all(processes.map((m) => m.registry.getMetricsAsJSON()));
    const text = await AggregatorRegistry.aggregate(parts).metrics();
    expect(text).toMatch(/^strata_items_total\{[^}]*outcome="processed"[^}]*\} 7$/m);
    expect(text).toMatch(/^strata_http_request_duration_seconds_count\{[^}]*route="\/health\/ready"[^}]*\} 2$/m);
    expect(text).toMatch(/^strata_test_consumer_pending_messages\{[^}]*consumer="work"[^}]*\} 5$/m);
  });
});
