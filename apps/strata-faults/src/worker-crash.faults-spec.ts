import { CONSUMER_DEFAULTS } from '@strata/contracts';
import { ClusterOptions, StrataCluster, waitFor } from '@strata/testing';
import { OBJECTS, SLOW_WORK_ENV, preparedBatch, report, submit, verifyBatch, waitBatch, waitTerminal, workerRedeliveries } from './support';
import { workerKilledAndRestarted } from './scenarios';

jest.setTimeout(900_000);

describe('kill -9 an extractor-worker mid-batch', () => {
  let cluster: StrataCluster;
  const startCluster = async (options: ClusterOptions): Promise<StrataCluster> => (cluster = await StrataCluster.start(options));

  afterEach(async () => {
    await cluster?.destroy();
  });

  it('the only worker is killed and restarted later: every item once, progress exact', async () => {
    await workerKilledAndRestarted(startCluster);
  });

  it('one of two workers is killed and never restarted: the survivor finishes the batch', async () => {
    cluster = await StrataCluster.start({ env: SLOW_WORK_ENV, counts: { 'extractor-worker': 2 } });
    const api = cluster.api;
    const { fx, ids, batchId } = await preparedBatch(api);
    const started = Date.now();
    await submit(api, fx, batchId);
    const atKill = await waitBatch(api, fx, batchId, (b) => b.progress.processed > 0, 'first items processed');
    await cluster.killApp('extractor-worker', 0);
    await waitTerminal(api, fx, batchId);
    const seconds = (Date.now() - started) / 1000;
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: OBJECTS });
    expect(cluster.isRunning('extractor-worker', 1)).toBe(true);
    report('worker kill -9, survivor finishes', { killedAt: atKill.progress.processed, seconds, ...verified });
  });

  it('recovery after kill -9 at the default ack wait: the dead worker’s messages come back within the ack wait', async () => {
    // Default ack wait (CONSUMER_DEFAULTS.work, 10 s) and concurrency: only the chunk size is small.
    cluster = await StrataCluster.start({ env: { WORK_CHUNK_SIZE: '16', FAULT_VECTOR_WRITE_DELAY_MS: '300' }, counts: { 'extractor-worker': 2 } });
    const api = cluster.api;
    const { fx, ids, batchId } = await preparedBatch(api);
    await submit(api, fx, batchId);
    await waitBatch(api, fx, batchId, (b) => b.progress.processed >= 64, 'first items processed');
    await cluster.killApp('extractor-worker', 0);
    const killedAt = Date.now();
    const redelivered = () => cluster.logs('extractor-worker', 1).includes('message redelivered after its ack wait ran out');
    const recoveryMs = await waitFor(() => (redelivered() ? Date.now() - killedAt : undefined), {
      timeoutMs: 60_000,
      intervalMs: 100,
      description: 'the dead worker’s messages redelivered to the survivor',
    });
    expect(recoveryMs).toBeLessThan(CONSUMER_DEFAULTS.work.ackWaitMs + 5_000);
    await waitTerminal(api, fx, batchId);
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: OBJECTS });
    const held = (cluster.logs('extractor-worker', 1).match(/message redelivered after its ack wait ran out/g) ?? []).length;
    // Pulled only while a slot is free: the dead worker held at most its concurrency (4), plus one pull in flight per consumer.
    expect(held).toBeLessThanOrEqual(8);
    // The survivor's metric counts them as ack-wait redeliveries (a fault), not as retries it asked for.
    const ackWaitRedeliveries = await workerRedeliveries(cluster, { cause: 'ack_wait' });
    expect(ackWaitRedeliveries).toBe(held);
    report('worker kill -9, recovery at the default ack wait', { recoverySeconds: recoveryMs / 1000, messagesHeldByDeadWorker: held, ackWaitRedeliveries, ...verified });
  });
});
