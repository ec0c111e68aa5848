import { StrataCluster, waitFor } from '@strata/testing';
import { BatchBody, createFixture, createTextObjects, getBatch, submitBatch, waitForStatus } from './support';

jest.setTimeout(240_000);

interface Sample {
  status: string;
  processed: number;
  total: number;
  percent: number;
  items_per_second: number;
  eta_seconds: number | null;
  message: string;
}

function sample(b: BatchBody): Sample {
  const p = b.progress as unknown as Sample;
  return {
    status: b.status,
    processed: p.processed,
    total: p.total,
    percent: p.percent,
    items_per_second: p.items_per_second,
    eta_seconds: p.eta_seconds,
    message: b['status_message'] as string,
  };
}

function expectTruthful(samples: Sample[], total: number): void {
  for (let i = 1; i < samples.length; i += 1) {
    const prev = samples[i - 1] as Sample;
    const cur = samples[i] as Sample;
    expect(cur.processed).toBeGreaterThanOrEqual(prev.processed);
    expect(cur.percent).toBeGreaterThanOrEqual(prev.percent);
  }
  for (const s of samples) {
    expect(s.processed).toBeLessThanOrEqual(s.total);
    expect(s.percent).toBeLessThanOrEqual(100);
    expect(typeof s.message).toBe('string');
  }
  const last = samples[samples.length - 1] as Sample;
  expect(last).toMatchObject({ status: 'COMPLETED', processed: total, total, percent: 100 });
}

describe('live progress with several workers, one of them killed mid-batch', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start({
      counts: { 'extractor-worker': 3 },
      env: { WORKER_CONCURRENCY: '1', WORK_ACK_WAIT_MS: '3000', PROGRESS_INTERVAL_MS: '200' },
    });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('never goes backwards, never exceeds the total, counts each item once, and ends exact', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const n = 3000;
    const objectIds = await createTextObjects(api, fx, n, 32);
    const { batchId, taskId } = await submitBatch(api, fx, objectIds);
    const samples: Sample[] = [];
    const taskProgress: number[] = [];
    let killed = false;
    await waitFor(
      async () => {
        const b = await getBatch(api, fx, batchId);
        samples.push(sample(b));
        const task = await api.get(`/v1/tasks/${taskId}`);
        const tp = (task.body['additional_data'] as { progress?: { processed: number } }).progress;
        if (tp !== undefined) taskProgress.push(tp.processed);
        if (!killed && b.progress.processed > 0 && b.progress.processed < n / 2) {
          // A worker dies holding messages: they come back after ack_wait and are counted once.
          killed = true;
          await cluster.killApp('extractor-worker', 0);
        }
        return b.status === 'COMPLETED' || b.status === 'FAILED' ? b : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 25, description: 'batch completion' },
    );
    expectTruthful(samples, n);
    expect(samples.some((s) => s.status === 'PROCESSING' && s.items_per_second > 0 && s.eta_seconds !== null)).toBe(true);
    expect(samples.some((s) => /^Processing [\d,]+\/3,000 objects \(\d+\.\d%\)/.test(s.message))).toBe(true);
    for (let i = 1; i < taskProgress.length; i += 1) expect(taskProgress[i]).toBeGreaterThanOrEqual(taskProgress[i - 1] as number);
    const health = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/health`, fx.namespace);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      health: 'healthy',
      collections: [{ collection_id: fx.collectionId, expected_documents: 2 * n, written_documents: 2 * n, collection_vectors: 2 * n }],
    });
  });
});

describe('the live event stream and the health endpoint', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ env: { SSE_INTERVAL_MS: '100', STALL_SECONDS: '2' } });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('streams status and progress as Server-Sent Events until the batch is terminal', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 1000, 32);
    // Hold the worker so the stream sees the batch go from QUEUED/PROCESSING to COMPLETED.
    expect(await cluster.stopApp('extractor-worker')).toBe(0);
    const { batchId } = await submitBatch(api, fx, objectIds);
    const res = await fetch(`${api.baseUrl}/v1/buckets/${fx.bucketId}/batches/${batchId}/events`, {
      headers: { 'x-namespace': fx.namespace },
      signal: AbortSignal.timeout(120_000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events: Array<{ event: string; data: Record<string, unknown> }> = [];
    if (res.body === null) throw new Error('no response body');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let restarted = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
      if (!restarted && events.length >= 2) {
        restarted = true;
        await cluster.startApp('extractor-worker', 1);
      }
    }
    expect(events[0]?.event).toBe('status');
    const end = events[events.length - 1];
    expect(end).toEqual({ event: 'end', data: { batch_id: batchId, status: 'COMPLETED' } });
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data['progress'] as { processed: number; total: number });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < progress.length; i += 1) {
      expect((progress[i] as { processed: number }).processed).toBeGreaterThanOrEqual((progress[i - 1] as { processed: number }).processed);
    }
    expect(progress[progress.length - 1]).toMatchObject({ processed: 1000, total: 1000 });
    const statuses = events.filter((e) => e.event === 'status').map((e) => e.data['status']);
    expect(statuses[statuses.length - 1]).toBe('COMPLETED');
    expect(events.some((e) => e.data['object_ids'] !== undefined)).toBe(false);
  });

  it('reports a batch no worker consumes as waiting (not a stall: it could not progress), and answers 404 for an unknown batch', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 20);
    await cluster.stopApp('extractor-worker', 1);
    const { batchId } = await submitBatch(api, fx, objectIds);
    await waitForStatus(api, fx, batchId, ['PROCESSING'], 10_000);
    const health = await waitFor(
      async () => {
        const h = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/health`, fx.namespace);
        return h.body['health'] === 'degraded' ? h : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, description: 'waiting detection' },
    );
    const reasons = health.body['reasons'] as Array<{ code: string; message: string }>;
    expect(reasons.map((r) => r.code)).toContain('waiting');
    expect(reasons.find((r) => r.code === 'waiting')?.message).toContain('no worker consumes it');
    expect(health.body['stall_seconds']).toBe(0);
    const batch = await getBatch(api, fx, batchId);
    expect((batch['health'] as { status: string }).status).toBe('degraded');
    const missing = await api.get(`/v1/buckets/${fx.bucketId}/batches/btch_nope12345678/events`, fx.namespace);
    expect(missing.status).toBe(404);
    await cluster.startApp('extractor-worker', 2);
    await waitForStatus(api, fx, batchId, ['COMPLETED']);
    const healthy = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/health`, fx.namespace);
    expect(healthy.body['health']).toBe('healthy');
  });

  it('lists batches with their progress, filtered by status', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 4);
    const { batchId } = await submitBatch(api, fx, objectIds.slice(0, 2));
    await waitForStatus(api, fx, batchId, ['COMPLETED']);
    const draft = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: objectIds.slice(2) }, fx.namespace);
    const all = await api.post(`/v1/buckets/${fx.bucketId}/batches/list`, {}, fx.namespace);
    expect(all.body['total_count']).toBe(2);
    const done = await api.post(`/v1/buckets/${fx.bucketId}/batches/list`, { status: 'COMPLETED' }, fx.namespace);
    expect((done.body['results'] as Array<Record<string, unknown>>).map((b) => b['batch_id'])).toEqual([batchId]);
    expect((done.body['results'] as Array<{ progress: { processed: number } }>)[0]?.progress.processed).toBe(2);
    const drafts = await api.post(`/v1/buckets/${fx.bucketId}/batches/list`, { status: 'DRAFT' }, fx.namespace);
    expect((drafts.body['results'] as Array<Record<string, unknown>>).map((b) => b['batch_id'])).toEqual([draft.body['batch_id']]);
    expect((drafts.body['results'] as Array<Record<string, unknown>>)[0]?.['status_message']).toContain('submit');
  });
});
