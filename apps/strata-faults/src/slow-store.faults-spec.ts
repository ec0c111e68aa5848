import { StrataCluster } from '@strata/testing';
import { OBJECTS, preparedBatch, report, submit, verifyBatch, waitTerminal } from './support';

jest.setTimeout(900_000);

/** Vector writes delayed by the FAULT_VECTOR_WRITE_DELAY_MS test knob (a wrapping adapter, docs/reliability.md). */
describe('slow vector store', () => {
  let cluster: StrataCluster;

  afterEach(async () => {
    await cluster?.destroy();
  });

  async function timed(env: Record<string, string>): Promise<{ seconds: number; documents: number }> {
    cluster = await StrataCluster.start({ env: { WORK_CHUNK_SIZE: '16', WORKER_CONCURRENCY: '4', ...env } });
    const api = cluster.api;
    const { fx, ids, batchId } = await preparedBatch(api);
    const started = Date.now();
    await submit(api, fx, batchId);
    await waitTerminal(api, fx, batchId);
    const seconds = (Date.now() - started) / 1000;
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: OBJECTS });
    await cluster.destroy();
    return { seconds, documents: verified.documents };
  }

  it('throughput degrades with 250 ms per vector write, nothing is lost', async () => {
    const normal = await timed({});
    // Each write stays well under the ack wait, so slowness alone causes no redelivery.
    const slow = await timed({ FAULT_VECTOR_WRITE_DELAY_MS: '250', WORK_ACK_WAIT_MS: '2000' });
    expect(slow.documents).toBe(normal.documents);
    report('slow vector store (250 ms per write)', {
      normalSeconds: normal.seconds,
      slowSeconds: slow.seconds,
      normalObjectsPerSecond: Math.round(OBJECTS / normal.seconds),
      slowObjectsPerSecond: Math.round(OBJECTS / slow.seconds),
      documents: slow.documents,
    });
  });
});
