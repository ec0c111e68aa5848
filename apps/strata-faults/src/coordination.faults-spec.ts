import { ClusterOptions, StoreInspector, StrataCluster } from '@strata/testing';
import { OBJECTS, SLOW_WORK_ENV, createObjects, draftBatch, getBatch, inFlight, preparedBatch, report, submit, textFixture, verifyBatch, waitTerminal } from './support';
import { cancelWithFourWorkers, pollerKilledHoldingLease } from './scenarios';

jest.setTimeout(900_000);

describe('pollers, leases, races and cancel', () => {
  let cluster: StrataCluster;
  const startCluster = async (options: ClusterOptions): Promise<StrataCluster> => (cluster = await StrataCluster.start(options));

  afterEach(async () => {
    await cluster?.destroy();
  });

  it('kill -9 the poller holding the lease: a second poller takes over after the lease expires', async () => {
    await pollerKilledHoldingLease(startCluster);
  });

  it('two pollers and three workers race on ten batches submitted at once', async () => {
    cluster = await StrataCluster.start({
      env: { WORK_CHUNK_SIZE: '16', WORKER_CONCURRENCY: '2', WORK_ACK_WAIT_MS: '5000' },
      counts: { poller: 2, 'extractor-worker': 3 },
    });
    const api = cluster.api;
    const fx = await textFixture(api);
    const ids = await createObjects(api, fx, OBJECTS);
    // Ten batches over disjoint slices of the objects (together OBJECTS items).
    const size = Math.ceil(OBJECTS / 10);
    const slices = Array.from({ length: 10 }, (_, i) => ids.slice(i * size, (i + 1) * size));
    const batchIds = await Promise.all(slices.map((s) => draftBatch(api, fx, s)));
    const started = Date.now();
    await Promise.all(batchIds.map((b) => submit(api, fx, b)));
    await Promise.all(batchIds.map((b) => waitTerminal(api, fx, b)));
    const seconds = (Date.now() - started) / 1000;
    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    const docs = inspector.documents(fx.collectionId);
    const points = inspector.points(fx.collectionId);
    inspector.close();
    expect(docs).toMatchObject({ rows: 2 * OBJECTS, distinct: 2 * OBJECTS });
    expect(points).toMatchObject({ rows: 2 * OBJECTS, distinct: 2 * OBJECTS, withVector: 2 * OBJECTS });
    for (const [i, batchId] of batchIds.entries()) {
      const slice = slices[i] as string[];
      const batch = await getBatch(api, fx, batchId);
      expect(batch.status).toBe('COMPLETED');
      expect(batch.progress).toMatchObject({ total: slice.length, processed: slice.length, succeeded: slice.length, failed: 0 });
      const i8 = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
      expect(i8.items(batchId)).toEqual({ rows: slice.length, completed: slice.length, failed: 0 });
      i8.close();
    }
    expect(await inFlight(cluster)).toMatchObject({ streamMessages: 0, ackPending: 0, pending: 0, deadLetters: 0 });
    // Each batch was claimed by exactly one poller (a claim is logged once per batch).
    const claims = [0, 1].flatMap((i) => cluster.logs('poller', i).split('\n').filter((l) => l.includes('claimed batch')));
    for (const batchId of batchIds) expect(claims.filter((l) => l.includes(batchId)).length).toBe(1);
    report('2 pollers x 3 workers, 10 batches at once', { batches: 10, seconds, documents: docs.rows, points: points.rows });
  });

  it('100 concurrent submits of the same batch: one run', async () => {
    cluster = await StrataCluster.start({ env: SLOW_WORK_ENV });
    const api = cluster.api;
    const { fx, ids, batchId } = await preparedBatch(api);
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    // Every 200 names the same task: the same run.
    expect(new Set(accepted.map((a) => a.body['task_id'])).size).toBe(1);
    await waitTerminal(api, fx, batchId);
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: OBJECTS });
    const claims = cluster.logs('poller', 0).split('\n').filter((l) => l.includes('claimed batch') && l.includes(batchId));
    expect(claims.length).toBe(1);
    report('100 concurrent submits', { accepted: accepted.length, conflicts: statuses.filter((s) => s === 409).length, ...verified });
  });

  it('cancel with four workers mid-chunk: no document written 2 s after CANCELED, the counts unchanged 10 s later', async () => {
    await cancelWithFourWorkers(startCluster);
  });
});
