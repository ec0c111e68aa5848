import { StoreInspector, StrataCluster, parsePrometheusText, sumSamples, waitFor } from '@strata/testing';
import { readFileSync } from 'node:fs';
import { createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

/** WORKER_NICE for this spec (the default is 10; StrataCluster runs workers at 0). */
const NICE = 5;

/** The pids of the worker processes that logged their consumers (each pool process does once). */
function consumingPids(cluster: StrataCluster): Set<number> {
  const pids = cluster
    .logs('extractor-worker')
    .split('\n')
    .filter((line) => line.includes('"msg":"extractor-worker consuming"'))
    .map((line) => (JSON.parse(line) as { pid: number }).pid);
  return new Set(pids);
}

describe('a worker app with WORKER_PROCESSES=2 (node:cluster pool)', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    // Small work messages so both processes get some of the batch.
    cluster = await StrataCluster.start({ counts: { 'extractor-worker': 0 }, env: { WORK_CHUNK_SIZE: '8' } });
    await cluster.startApp('extractor-worker', 0, { WORKER_PROCESSES: '2', WORKER_NICE: String(NICE), WORKER_MAX_HEAP_MB: '384' });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('runs two consuming processes that write every document exactly once, and stops gracefully', async () => {
    await waitFor(() => consumingPids(cluster).size === 2, { timeoutMs: 60_000, description: 'two consuming worker processes' });
    // Both run below the API and the coordinators (WORKER_NICE): field 19 of /proc/<pid>/stat.
    for (const pid of consumingPids(cluster)) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      expect(Number(fields[16])).toBe(NICE);
      // And with their V8 heap limit (WORKER_MAX_HEAP_MB): a Node option of the forked processes.
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=384');
    }
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 120);
    const { batchId } = await submitBatch(api, fx, objectIds);
    const done = await waitForStatus(api, fx, batchId, ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED']);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ processed: 120, total: 120 });
    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    try {
      const docs = inspector.documents(fx.collectionId);
      expect(docs.rows).toBe(240);
      expect(docs.distinct).toBe(240);
      expect(inspector.points(fx.collectionId)).toMatchObject({ rows: 240, distinct: 240, withVector: 240 });
      expect(inspector.items(batchId)).toEqual({ rows: 120, completed: 120, failed: 0 });
    } finally {
      inspector.close();
    }
    // /metrics answers for the pool whichever process a scrape reaches: the parent sums both
    // processes' series, so the items counter is the batch's 120 on every scrape, not one share.
    for (let scrape = 0; scrape < 4; scrape += 1) {
      const res = await fetch(`http://127.0.0.1:${cluster.port('extractor-worker')}/metrics`);
      expect(res.status).toBe(200);
      const samples = parsePrometheusText(await res.text());
      expect(sumSamples(samples, 'strata_items_total', { extractor: 'text_extractor@v1', tier: '0', outcome: 'processed' })).toBe(120);
    }
    // SIGTERM reaches both pool processes through the parent, and all three exit 0.
    expect(await cluster.stopApp('extractor-worker')).toBe(0);
  });
});
