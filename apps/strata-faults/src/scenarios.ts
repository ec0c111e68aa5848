import { ClusterOptions, StrataCluster, openStoreReader, waitFor } from '@strata/testing';
import { BatchView, OBJECTS, SLOW_WORK_ENV, getBatch, preparedBatch, report, submit, verifyBatch, waitBatch, waitTerminal } from './support';

/**
 * Scenarios that run on more than one set of stores: the embedded ones (SQLite, sqlite-vec, local
 * files) and the production adapters (MongoDB via CongoDB, S3 via s3rver; production-stores.faults-spec.ts).
 * `start` starts the cluster with the stores' environment added (and remembers it for clean-up);
 * `label` is appended to the FAULT-RESULT scenario name.
 */
export type StartCluster = (options: ClusterOptions) => Promise<StrataCluster>;

/** kill -9 of the only worker mid-batch, a new one started 2 s later: every item once, progress exact. */
export async function workerKilledAndRestarted(start: StartCluster, label = '', objects = OBJECTS): Promise<void> {
    const cluster = await start({ env: SLOW_WORK_ENV });
    const api = cluster.api;
    const { fx, ids, batchId } = await preparedBatch(api, objects);
    const started = Date.now();
    await submit(api, fx, batchId);
    const atKill = await waitBatch(api, fx, batchId, (b) => b.progress.processed > 0, 'first items processed');
    await cluster.killApp('extractor-worker', 0);
    const afterKill = (await waitBatch(api, fx, batchId, () => true, 'batch')).progress.processed;
    // Nothing moves while no worker runs; then a new worker picks up the rest (and the dead one's unacked messages).
    await new Promise((r) => setTimeout(r, 2_000));
    await cluster.startApp('extractor-worker', 1);
    const done = await waitTerminal(api, fx, batchId);
    const seconds = (Date.now() - started) / 1000;
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: objects });
    expect(done.progress.processed).toBe(objects);
    report(`worker kill -9, restarted${label}`, { objects, killedAt: atKill.progress.processed, processedWhenDead: afterKill, seconds, ...verified });
}

/** kill -9 of the poller holding the lease (LEASE_MS 2 s): a second poller takes over and finishes. */
export async function pollerKilledHoldingLease(start: StartCluster, label = '', objects = OBJECTS): Promise<void> {
    const cluster = await start({ env: { ...SLOW_WORK_ENV, LEASE_MS: '2000', POLL_INTERVAL_MS: '500' } });
    const api = cluster.api;
    const { fx, ids, batchId } = await preparedBatch(api, objects);
    const started = Date.now();
    await submit(api, fx, batchId);
    const atKill = await waitBatch(api, fx, batchId, (b) => b.progress.processed > 0, 'first items processed');
    await cluster.killApp('poller', 0);
    const killedAt = Date.now();
    await cluster.startApp('poller', 1);
    await waitFor(() => cluster.logs('poller', 1).includes('took over a batch whose lease expired'), {
      timeoutMs: 60_000,
      description: 'lease take-over',
    });
    const takeOverSeconds = (Date.now() - killedAt) / 1000;
    await waitTerminal(api, fx, batchId);
    const seconds = (Date.now() - started) / 1000;
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: objects });
    report(`poller kill -9, lease take-over${label}`, { objects, killedAt: atKill.progress.processed, takeOverSeconds, seconds, ...verified });
}

/** Cancel with four workers mid-chunk: no document written 2 s after CANCELED, counts unchanged 10 s later. */
export async function cancelWithFourWorkers(start: StartCluster, label = '', objects = OBJECTS): Promise<void> {
    // A slow vector store (1 s per write) keeps every worker mid-chunk when the cancel lands.
    const cluster = await start({ env: { ...SLOW_WORK_ENV, FAULT_VECTOR_WRITE_DELAY_MS: '1000' }, counts: { 'extractor-worker': 4 } });
    const api = cluster.api;
    const { fx, batchId } = await preparedBatch(api, objects);
    await submit(api, fx, batchId);
    await waitBatch(api, fx, batchId, (b) => b.progress.processed >= 64, 'some items processed');
    const canceledAt = Date.now();
    const canceled = await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/cancel`, {}, fx.namespace);
    expect(canceled.status).toBe(200);
    expect(canceled.body['status']).toBe('CANCELED');
    const reader = await openStoreReader(cluster.stores);
    const count = async () => (await reader.documents(fx.collectionId)).rows;
    // Sample the document rows for 10 s: the last change must come within 2 s of the cancel.
    let last = await count();
    let lastChangeMs = 0;
    let atTwoSeconds: BatchView | undefined;
    await waitFor(
      async () => {
        const n = await count();
        const elapsed = Date.now() - canceledAt;
        if (n !== last) {
          last = n;
          lastChangeMs = elapsed;
        }
        if (atTwoSeconds === undefined && elapsed >= 2_000) atTwoSeconds = await getBatch(api, fx, batchId);
        return elapsed >= 12_000 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, description: '12 s of samples after the cancel' },
    );
    expect(lastChangeMs).toBeLessThanOrEqual(2_000);
    const batch = await getBatch(api, fx, batchId);
    expect(batch.status).toBe('CANCELED');
    expect(batch.progress).toEqual(atTwoSeconds?.progress);
    const docs = await reader.documents(fx.collectionId);
    const done = new Set([...docs.objects.keys()]);
    await reader.close();
    expect(done.size).toBeGreaterThan(0);
    expect(done.size).toBeLessThan(objects);
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'CANCELED', succeeded: done, total: objects });
    expect(batch['status_message']).toBe(`Canceled after ${done.size.toLocaleString('en-US')}/${objects.toLocaleString('en-US')} objects`);
    for (const i of cluster.indexes('extractor-worker')) expect(cluster.isRunning('extractor-worker', i)).toBe(true);
    const aborted = cluster.indexes('extractor-worker').filter((i) => cluster.logs('extractor-worker', i).includes('batch canceled while its work item ran')).length;
    report(`cancel with four workers mid-chunk${label}`, { objects, doneAtCancel: done.size, lastDocumentAfterCancelMs: lastChangeMs, workersThatAborted: aborted, ...verified });
}
