import { StrataCluster, parsePrometheusText, sumSamples } from '@strata/testing';
import { createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

describe('batch-api with API_PROCESSES=2 (node:cluster pool sharing PORT)', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ env: { API_PROCESSES: '2' } });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('serves the API from two processes, answers /metrics for both, and stops gracefully', async () => {
    expect(cluster.poolPids('batch-api')).toHaveLength(2);
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 20);
    const { batchId } = await submitBatch(api, fx, objectIds);
    const done = await waitForStatus(api, fx, batchId, ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED']);
    expect(done.status).toBe('COMPLETED');

    // 40 GET batch requests on new connections: node:cluster hands them to both processes in turn.
    const route = '/v1/buckets/:bucket/batches/:batch';
    const before = sumSamples(parsePrometheusText(await (await fetch(`${api.baseUrl}/metrics`)).text()), 'strata_http_request_duration_seconds_count', { route });
    for (let i = 0; i < 40; i += 1) {
      const res = await fetch(`${api.baseUrl}/v1/buckets/${fx.bucketId}/batches/${batchId}`, { headers: { 'x-namespace': fx.namespace, connection: 'close' } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // Whichever process a scrape reaches, it counts the requests of both.
    for (let scrape = 0; scrape < 4; scrape += 1) {
      const res = await fetch(`${api.baseUrl}/metrics`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
      const count = sumSamples(parsePrometheusText(await res.text()), 'strata_http_request_duration_seconds_count', { route });
      expect(count).toBe(before + 40);
    }
    expect(await cluster.stopApp('batch-api')).toBe(0);
  });
});
