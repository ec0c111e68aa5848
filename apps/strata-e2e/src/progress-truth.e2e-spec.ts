import type { BatchProgress } from '@strata/status';
import { ApiClient, StrataCluster, waitFor } from '@strata/testing';
import { BatchBody, Fixture, createFixture, createTextObjects, getBatch, listDocuments, submitBatch, waitForStatus } from './support';

jest.setTimeout(240_000);

type Body = Record<string, unknown>;

/** GET batch's `progress`, as the API declares it (current_stage and errors not read here). */
type Progress = Omit<BatchProgress, 'current_stage' | 'errors'>;

interface Sample {
  status: string;
  progress: Progress;
  message: string;
  tiers: Body[];
  health?: { health: string; reasons: Array<{ code: string }>; stall_seconds: number };
}

const progressOf = (b: BatchBody): Progress => b.progress as unknown as Progress;

/** A text_extractor collection over another collection: one document per source document. */
async function wholeTextCollection(api: ApiClient, fx: Fixture, name: string, sourceId: string): Promise<string> {
  const res = await api.post(
    '/v1/collections',
    {
      collection_name: name,
      source: { type: 'collection', collection_ids: [sourceId] },
      feature_extractor: {
        feature_extractor_name: 'text_extractor',
        version: 'v1',
        parameters: { split_by: 'characters', chunk_size: 100_000, detect_language: false },
        input_mappings: { text: 'text' },
      },
    },
    fx.namespace,
  );
  expect(res.status).toBe(200);
  return res.body['collection_id'] as string;
}

/** GET batch (and its health endpoint when asked) every `intervalMs` until the batch is terminal. */
async function follow(api: ApiClient, fx: Fixture, batchId: string, withHealth: boolean, intervalMs = 100): Promise<Sample[]> {
  const samples: Sample[] = [];
  await waitFor(
    async () => {
      const b = await getBatch(api, fx, batchId);
      const sample: Sample = { status: b.status, progress: progressOf(b), message: b['status_message'] as string, tiers: b.tier_tasks };
      if (withHealth) {
        const h = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/health`, fx.namespace);
        expect(h.status).toBe(200);
        sample.health = h.body as unknown as Sample['health'];
      }
      samples.push(sample);
      return ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'].includes(b.status) ? b : undefined;
    },
    { timeoutMs: 180_000, intervalMs, description: `batch ${batchId} to finish` },
  );
  return samples;
}

describe('status that tells the truth with a slow extractor (100 ms per item)', () => {
  let cluster: StrataCluster;
  let api: ApiClient;

  beforeAll(async () => {
    cluster = await StrataCluster.start({
      env: {
        // Test-only: every extractor run waits 100 ms per item first (apps/extractor-worker fault-injection).
        FAULT_EXTRACTOR_DELAY_MS: '100',
        WORKER_PROGRESS_SLICE_MS: '400',
        WORK_CHUNK_SIZE: '32',
        WORKER_CONCURRENCY: '1',
        // A 32-item message takes 3.2 s: longer than the stall threshold.
        STALL_SECONDS: '2',
        SSE_INTERVAL_MS: '100',
      },
    });
    api = cluster.api;
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('progress rises within a message and health never reads stalled while items finish; counts end exact', async () => {
    const fx = await createFixture(api);
    const n = 64;
    const ids = await createTextObjects(api, fx, n);
    const { batchId } = await submitBatch(api, fx, ids);
    const samples = await follow(api, fx, batchId, true);

    const running = samples.filter((s) => s.status === 'PROCESSING');
    const values = new Set(running.map((s) => s.progress.processed));
    // Per 32-item message, progress could only read 0, 32 and 64; per slice it reads many more.
    expect([...values].filter((v) => v % 32 !== 0).length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < samples.length; i += 1) {
      expect((samples[i] as Sample).progress.processed).toBeGreaterThanOrEqual((samples[i - 1] as Sample).progress.processed);
    }
    for (const s of samples) {
      expect(s.health?.reasons.map((r) => r.code) ?? []).not.toContain('stalled');
      expect(s.health?.reasons.map((r) => r.code) ?? []).not.toContain('waiting');
      expect(s.progress.processed).toBeLessThanOrEqual(s.progress.total);
      expect(s.progress.processed).toBe(s.progress.succeeded + s.progress.failed + s.progress.skipped);
    }
    expect(running.some((s) => s.progress.items_per_second > 0 && s.progress.eta_seconds !== null)).toBe(true);
    const last = samples[samples.length - 1] as Sample;
    expect(last).toMatchObject({ status: 'COMPLETED', progress: { processed: n, succeeded: n, total: n, failed: 0, skipped: 0 } });
    // Counts equal the recorded outcomes, each document written once.
    const health = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/health`, fx.namespace);
    expect(health.body).toMatchObject({
      health: 'healthy',
      collections: [{ collection_id: fx.collectionId, expected_documents: 2 * n, written_documents: 2 * n, collection_documents: 2 * n, collection_vectors: 2 * n }],
    });
  });

  it('over two tiers, progress counts items and its total estimates the tier not started yet, then is exact', async () => {
    const fx = await createFixture(api);
    await wholeTextCollection(api, fx, 'sentence-copies', fx.collectionId);
    const n = 32;
    const ids = await createTextObjects(api, fx, n);
    const { batchId } = await submitBatch(api, fx, ids);
    const samples = await follow(api, fx, batchId, false);

    // Tier 0: 32 items writing 2 documents each; tier 1: those 64 documents.
    const exactTotal = n + 2 * n;
    const inTier0 = samples.filter((s) => s.status === 'PROCESSING' && (s.tiers[1]?.['status'] ?? 'PENDING') === 'PENDING');
    expect(inTier0.length).toBeGreaterThan(0);
    for (const s of inTier0) expect(s.progress.total_estimated).toBe(true);
    // Once tier 0's first items finished, the estimate uses their fan-out (2 documents per item).
    const estimated = inTier0.filter((s) => s.progress.processed > 0);
    expect(estimated.length).toBeGreaterThan(0);
    for (const s of estimated) {
      expect(s.progress.total).toBe(exactTotal);
      expect(s.message).toMatch(new RegExp(`^Processing \\d+/~${exactTotal} items \\(\\d+\\.\\d%\\) · tier [12]/2`));
      expect(s.message).toContain('estimated');
    }
    // The ETA counts the estimated tier too.
    const withEta = estimated.filter((s) => s.progress.eta_seconds !== null && s.progress.items_per_second > 0);
    expect(withEta.length).toBeGreaterThan(0);
    for (const s of withEta) {
      expect(s.progress.eta_seconds).toBeGreaterThanOrEqual(Math.floor((exactTotal - s.progress.processed) / s.progress.items_per_second) - 1);
    }
    const inTier1 = samples.filter((s) => s.status === 'PROCESSING' && s.tiers[1]?.['status'] === 'IN_PROGRESS');
    expect(inTier1.length).toBeGreaterThan(0);
    for (const s of inTier1) {
      expect(s.progress).toMatchObject({ total: exactTotal, total_estimated: false });
      expect(s.message).toMatch(new RegExp(`^Processing \\d+/${exactTotal} items`));
    }
    for (let i = 1; i < samples.length; i += 1) expect((samples[i] as Sample).progress.percent).toBeGreaterThanOrEqual((samples[i - 1] as Sample).progress.percent);
    const last = samples[samples.length - 1] as Sample;
    expect(last).toMatchObject({ status: 'COMPLETED', progress: { processed: exactTotal, total: exactTotal, total_estimated: false } });
    expect(last.message).toBe(`Completed ${exactTotal}/${exactTotal} items`);
  });

  it('a collection added downstream after earlier runs is filled when its sources are resubmitted unchanged', async () => {
    const fx = await createFixture(api);
    const n = 16;
    const ids = await createTextObjects(api, fx, n);
    const first = await submitBatch(api, fx, ids);
    await waitForStatus(api, fx, first.batchId, ['COMPLETED']);
    expect(await listDocuments(api, fx)).toHaveLength(2 * n);

    // Added after the run: tier 1 over the sentences.
    const copies = await wholeTextCollection(api, fx, 'late-copies', fx.collectionId);
    const second = await submitBatch(api, fx, ids);
    const done = await waitForStatus(api, fx, second.batchId, ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'], 120_000);
    expect(done.status).toBe('COMPLETED');
    // Tier 0 unchanged (skipped); tier 1 ran over every sentence: the new collection is filled.
    expect(done.tier_tasks[0]).toMatchObject({ items_processed: n, items_succeeded: 0, items_skipped: n, items_failed: 0 });
    expect(done.tier_tasks[1]).toMatchObject({ items_processed: 2 * n, items_succeeded: 2 * n, items_skipped: 0, items_failed: 0, documents_written: 2 * n });
    expect(done.progress).toMatchObject({ processed: 3 * n, succeeded: 2 * n, skipped: n, failed: 0, total: 3 * n });
    const filled = await listDocuments(api, fx, copies);
    expect(filled).toHaveLength(2 * n);
    expect(new Set(filled.map((d) => d['document_id'])).size).toBe(2 * n);

    // A third, unchanged submit: both collections are up to date, nothing is written again.
    const third = await submitBatch(api, fx, ids);
    const again = await waitForStatus(api, fx, third.batchId, ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'], 120_000);
    expect(again.status).toBe('COMPLETED');
    expect(again.tier_tasks[1]).toMatchObject({ items_processed: 2 * n, items_succeeded: 0, items_skipped: 2 * n, documents_written: 0 });
    expect(again.progress).toMatchObject({ processed: 3 * n, succeeded: 0, skipped: 3 * n, total: 3 * n });
    expect(await listDocuments(api, fx, copies)).toHaveLength(2 * n);
    expect(await listDocuments(api, fx)).toHaveLength(2 * n);
  });
});

describe('a QUEUED batch that no running poller serves', () => {
  let cluster: StrataCluster;
  let api: ApiClient;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ counts: { poller: 0 }, env: { UNCLAIMED_SECONDS: '2' } });
    api = cluster.api;
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('reads degraded with reason unclaimed after the threshold, in both API modes, and healthy once a poller claims it', async () => {
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 4);
    const { batchId } = await submitBatch(api, fx, ids);
    const path = `/v1/buckets/${fx.bucketId}/batches/${batchId}`;
    const fresh = await api.get(`${path}/health`, fx.namespace);
    expect(fresh.body).toMatchObject({ status: 'QUEUED', health: 'healthy', reasons: [] });

    const degraded = await waitFor(
      async () => {
        const h = await api.get(`${path}/health`, fx.namespace);
        return h.body['health'] === 'degraded' ? h.body : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'unclaimed batch to read degraded' },
    );
    expect(degraded['reasons']).toEqual([expect.objectContaining({ code: 'unclaimed', level: 'degraded', message: expect.stringContaining('no poller has picked the batch up') })]);
    expect((degraded['recommendations'] as string[]).join(' ')).toContain('Start a poller');
    const batch = await getBatch(api, fx, batchId);
    expect(batch['health']).toMatchObject({ status: 'degraded', reasons: [expect.objectContaining({ code: 'unclaimed' })] });
    // Mixpeek compatibility mode reports the status within Mixpeek's enum, with the same reason.
    const compat = await api.request('GET', path, { namespace: fx.namespace, headers: { 'X-Strata-Compat': 'mixpeek' } });
    expect(compat.status).toBe(200);
    expect(compat.body['status']).not.toBe('QUEUED');
    expect(compat.body['health']).toMatchObject({ status: 'degraded', reasons: [expect.objectContaining({ code: 'unclaimed' })] });

    await cluster.startApp('poller', 0);
    const done = await waitForStatus(api, fx, batchId, ['COMPLETED'], 60_000);
    expect(done['health']).toMatchObject({ status: 'healthy', reasons: [] });
  });
});
