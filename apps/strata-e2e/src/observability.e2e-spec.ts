import { OtlpReceiver, StrataCluster, WebhookReceiver, parsePrometheusText, sumSamples, waitFor } from '@strata/testing';
import { randomBytes } from 'node:crypto';
import { createFixture, createTextObjects, waitForStatus } from './support';

jest.setTimeout(180_000);

/**
 * Metrics and traces of the four processes during one batch (docs/operations.md#metrics,
 * docs/adr/0091-tracing.md): the counters each app exposes match the batch, and the spans of the
 * submit, the poller's publishing, each worker message and the webhook delivery share one trace.
 */
describe('observability across the four services', () => {
  let cluster: StrataCluster;
  let otlp: OtlpReceiver;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    otlp = await OtlpReceiver.start();
    hooks = await WebhookReceiver.start();
    cluster = await StrataCluster.start({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
        // Export within a fraction of a second instead of the default 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '100',
        WEBHOOK_ALLOWLIST: '127.0.0.1',
      },
    });
  });

  afterAll(async () => {
    await cluster?.destroy();
    await hooks?.down();
    await otlp?.stop();
  });

  const scrape = async (app: Parameters<StrataCluster['port']>[0]) => {
    const res = await fetch(`http://127.0.0.1:${cluster.port(app)}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return parsePrometheusText(await res.text());
  };

  it('counts the batch in every app and traces it from the HTTP submit to the webhook delivery', async () => {
    const api = cluster.api;
    const hook = await api.post('/v1/organizations/webhooks/', {
      webhook_name: 'obs',
      event_types: ['batch.completed'],
      channels: [{ channel: 'webhook', configs: { url: hooks.url('/obs'), timeout: 5 } }],
    });
    expect(hook.status).toBe(201);
    const fx = await createFixture(api);
    const objects = 40;
    const objectIds = await createTextObjects(api, fx, objects, 8);
    const created = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: objectIds }, fx.namespace);
    expect(created.status).toBe(200);
    const batchId = created.body['batch_id'] as string;

    // The caller's trace: the submit continues it, and everything the batch causes joins it.
    const traceId = randomBytes(16).toString('hex');
    const submitted = await api.request('POST', `/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {
      body: {},
      namespace: fx.namespace,
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(submitted.status).toBe(200);

    // During the batch: every app answers a scrape with its own series and the default ones.
    const during = await scrape('extractor-worker');
    expect(during.some((s) => s.name === 'strata_work_messages_in_flight')).toBe(true);
    expect(during.some((s) => s.name === 'strata_nodejs_eventloop_lag_seconds')).toBe(true);
    expect(during.some((s) => s.name === 'strata_nodejs_heap_size_used_bytes')).toBe(true);
    expect(during.some((s) => s.name === 'strata_jetstream_consumer_pending_messages' && s.labels['consumer']?.includes('text_extractor'))).toBe(true);

    await waitForStatus(api, fx, batchId, ['COMPLETED']);
    const batch = (await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}`, fx.namespace)).body;
    await waitFor(() => hooks.at('/obs').length >= 1, { timeoutMs: 30_000, description: 'batch.completed webhook' });

    // Worker: one processed item per object (one collection, tier 0), nothing failed.
    const worker = await scrape('extractor-worker');
    expect(sumSamples(worker, 'strata_items_total', { extractor: 'text_extractor@v1', tier: '0', outcome: 'processed' })).toBe(objects);
    expect(sumSamples(worker, 'strata_items_total', { outcome: 'failed' })).toBe(0);
    expect(sumSamples(worker, 'strata_extractor_duration_seconds_count', { extractor: 'text_extractor@v1' })).toBeGreaterThanOrEqual(1);
    expect(sumSamples(worker, 'strata_work_messages_in_flight')).toBe(0);
    expect(batch['status']).toBe('COMPLETED');

    // API: the submit by route template and status; the batch entered QUEUED once.
    const apiSamples = await scrape('batch-api');
    expect(
      sumSamples(apiSamples, 'strata_http_request_duration_seconds_count', { method: 'POST', route: '/v1/buckets/:bucket/batches/:batch/submit', status: '200' }),
    ).toBe(1);
    expect(sumSamples(apiSamples, 'strata_batches_total', { status: 'QUEUED' })).toBe(1);

    // Poller: the batch finished once, with its duration.
    const poller = await scrape('poller');
    expect(sumSamples(poller, 'strata_batches_total', { status: 'COMPLETED' })).toBe(1);
    expect(sumSamples(poller, 'strata_batch_duration_seconds_count', { status: 'COMPLETED' })).toBe(1);

    // Dispatcher: the delivery succeeded.
    await waitFor(async () => sumSamples(await scrape('webhook-dispatcher'), 'strata_webhook_deliveries_total', { outcome: 'succeeded' }) >= 1, {
      timeoutMs: 10_000,
      description: 'a succeeded delivery in the dispatcher metrics',
    });

    // One trace across the four processes.
    const waitStart = Date.now();
    const has = (service: string, name: RegExp) => otlp.trace(traceId).some((s) => s.service === service && name.test(s.name));
    await waitFor(
      () =>
        has('batch-api', /^POST \/v1\/buckets\/:bucket\/batches\/:batch\/submit$/) &&
        has('poller', /^publish work text_extractor@v1 t0$/) &&
        has('extractor-worker', /^process /) &&
        has('extractor-worker', /^extractor text_extractor@v1$/) &&
        has('extractor-worker', /^vector_store\.upsert$/) &&
        // The document rows go with the outcomes (one transaction per slice; docs/benchmarks.md).
        has('extractor-worker', /^metadata\.batches\.recordOutcomes$/) &&
        has('webhook-dispatcher', /^process /) &&
        has('webhook-dispatcher', /^webhook delivery$/),
      { timeoutMs: 60_000, description: `the spans of trace ${traceId} from all four services` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; received: ${JSON.stringify(otlp.trace(traceId).map((s) => `${s.service}: ${s.name} +${s.receivedAt - waitStart} ms`))}`);
    });
    // Every span of the trace but the caller's has its parent inside the trace.
    const spans = otlp.trace(traceId);
    const ids = new Set(spans.map((s) => s.spanId));
    const orphans = spans.filter((s) => !ids.has(s.parentSpanId) && !(s.service === 'batch-api' && s.name.startsWith('POST ')));
    expect(orphans).toEqual([]);
  });

  it('writes one access-log line per request with its route, status, duration, request id and namespace, and no credentials', async () => {
    const res = await cluster.api.request('GET', '/v1/buckets?secret_token=abc', {
      namespace: 'ns-access-log',
      headers: { authorization: 'Bearer sk_thisisnotarealkeybutlookslikeone', 'x-request-id': 'req-access-log-1' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const line = await waitFor(
      () =>
        cluster
          .logs('batch-api')
          .split('\n')
          .filter((l) => l.includes('"request_id":"req-access-log-1"') && l.includes('"msg":"request'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)[0],
      { timeoutMs: 10_000, description: 'the access-log line' },
    );
    expect(line).toMatchObject({ method: 'GET', status: res.status, namespace: 'ns-access-log', request_id: 'req-access-log-1' });
    expect(typeof line['duration_ms']).toBe('number');
    expect(line['url']).toBe('/v1/buckets?secret_token=%5Bredacted%5D');
    expect(cluster.logs('batch-api')).not.toContain('sk_thisisnotarealkeybutlookslikeone');
  });
});
