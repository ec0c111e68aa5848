import { BATCH_OUTCOMES } from '@strata/domain';
import { NATS_URL, StoreInspector, StrataCluster, uniquePrefix, waitFor } from '@strata/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

const EXAMPLE = join(__dirname, '../../../tools/examples/remote-extractor');

/** A custom extractor in its own process, declared through REMOTE_EXTRACTORS_FILE, serving a collection over NATS. */
describe('an out-of-process extractor over NATS', () => {
  const prefix = uniquePrefix('remote');
  let cluster: StrataCluster;
  let remote: ChildProcess;
  let output = '';

  beforeAll(async () => {
    remote = spawn(process.execPath, [join(EXAMPLE, 'word-stats-extractor.mjs')], {
      env: { ...process.env, NATS_URL, STRATA_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    remote.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    remote.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor(() => output.includes('listening'), { timeoutMs: 10_000, description: 'the remote extractor to listen' });
    cluster = await StrataCluster.start({ prefix, env: { REMOTE_EXTRACTORS_FILE: join(EXAMPLE, 'word-stats.extractor.json') } });
  });

  afterAll(async () => {
    await cluster?.destroy();
    remote?.kill('SIGTERM');
  });

  it('is in the catalogue and processes a batch like a built-in one', async () => {
    const api = cluster.api;
    const catalogue = await api.get('/v1/collections/features/extractors/word_stats_v1');
    expect(catalogue.status).toBe(200);
    expect(catalogue.body).toMatchObject({ feature_extractor_name: 'word_stats', version: 'v1', source: 'remote' });
    const all = await api.get<Array<{ feature_extractor_id: string }>>('/v1/collections/features/extractors');
    expect(all.body.map((e) => e.feature_extractor_id)).toEqual([
      'text_extractor_v1',
      'passthrough_extractor_v1',
      'image_extractor_v1',
      'pdf_extractor_v1',
      'video_extractor_v1',
      'word_stats_v1',
    ]);

    const fx = await createFixture(api);
    const stats = await api.post(
      '/v1/collections',
      {
        collection_name: 'word-stats',
        source: { type: 'bucket', bucket_ids: [fx.bucketId] },
        feature_extractor: { feature_extractor_name: 'word_stats', version: 'v1', input_mappings: { text: 'content' } },
      },
      fx.namespace,
    );
    expect(stats.status).toBe(200);
    const statsId = stats.body['collection_id'] as string;
    const objectIds = await createTextObjects(api, fx, 5);
    const { batchId } = await submitBatch(api, fx, objectIds);
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 60_000);
    expect(done.status).toBe('COMPLETED');
    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    try {
      const docs = inspector.documentRows(statsId);
      expect(docs).toHaveLength(5);
      for (const d of docs) expect(d.payload['word_count']).toBeGreaterThan(10);
      expect(inspector.points(statsId).withVector).toBe(5);
    } finally {
      inspector.close();
    }
  });
});
