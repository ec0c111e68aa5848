import { BATCH_OUTCOMES } from '@strata/domain';
import { StoreInspector, StrataCluster, expectedTinyEmbedding, tinyTokenIds, writeTinyOnnxModel } from '@strata/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Fixture, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

/**
 * The onnx provider in the built apps: batch-api validates the model at collection creation and
 * embeds search queries with it; the extractor-worker process loads onnxruntime-node's native
 * binding from node_modules and runs batches through the tiny model the test writes.
 */
describe('onnx embedding provider through the services', () => {
  const modelsDir = mkdtempSync(join(tmpdir(), 'strata-e2e-models-'));
  let cluster: StrataCluster;

  beforeAll(async () => {
    await writeTinyOnnxModel(join(modelsDir, 'tiny-bert'), 16, ['kraken']);
    cluster = await StrataCluster.start({ env: { EMBEDDING_MODELS_DIR: modelsDir } });
  });

  afterAll(async () => {
    await cluster?.destroy();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('embeds a batch with the local model, fails only the text the model rejects, and searches with it', async () => {
    const api = cluster.api;
    const namespace = `ns-${randomBytes(4).toString('hex')}`;
    expect((await api.post('/v1/namespaces', { namespace_name: namespace })).status).toBe(200);
    const bucket = await api.post('/v1/buckets', { bucket_name: 'notes', bucket_schema: { properties: { content: { type: 'text' } } } }, namespace);
    const bucketId = bucket.body['bucket_id'] as string;
    const createCollection = (name: string, model: string) =>
      api.post(
        '/v1/collections',
        {
          collection_name: name,
          source: { type: 'bucket', bucket_ids: [bucketId] },
          feature_extractor: {
            feature_extractor_name: 'text_extractor',
            version: 'v1',
            input_mappings: { text: 'content' },
            parameters: { split_by: 'sentences', chunk_size: 1, embedding: { provider: 'onnx', model, batch_size: 4 } },
          },
        },
        namespace,
      );

    const missing = await createCollection('nope', 'not-installed');
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    expect((missing.body['error'] as { message: string }).message).toContain("model 'not-installed' is not installed");

    const created = await createCollection('notes-onnx', 'tiny-bert');
    expect(created.status).toBe(200);
    // The width comes from the model's config.json.
    expect(created.body['vector_indexes']).toEqual([expect.objectContaining({ name: 'text_extractor_v1_embedding', dimensions: 16 })]);
    const collectionId = created.body['collection_id'] as string;

    const texts = Array.from({ length: 12 }, (_, i) => (i === 5 ? 'The kraken is here.' : `The ship is in the harbour. ${i % 2 === 0 ? 'A quiet tide.' : 'The sea and the weather.'}`));
    const ids: string[] = [];
    for (const text of texts) {
      const res = await api.post(`/v1/buckets/${bucketId}/objects`, { blobs: [{ property: 'content', type: 'text', data: text }] }, namespace);
      expect(res.status).toBe(200);
      ids.push(res.body['object_id'] as string);
    }
    const fx: Fixture = { namespace, namespaceId: '', bucketId, collectionId };
    const { batchId } = await submitBatch(api, fx, ids);
    const batch = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 120_000);
    expect(batch.status).toBe('COMPLETED_WITH_ERRORS');
    expect(batch.progress).toMatchObject({ succeeded: 11, failed: 1 });

    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    try {
      const failures = inspector.failures(batchId);
      expect(failures).toEqual([expect.objectContaining({ itemId: ids[5], category: 'runtime', stage: 'embed' })]);
      expect(inspector.documents(collectionId).rows).toBe(22);
      expect(inspector.points(collectionId).withVector).toBe(22);
    } finally {
      inspector.close();
    }

    // The query is embedded by batch-api with the same model: the identical sentence scores 1.
    const hits = await api.post<{ results: Array<Record<string, unknown>> }>(
      `/v1/collections/${collectionId}/documents/search`,
      { query_text: 'A quiet tide.', top_k: 3 },
      namespace,
    );
    expect(hits.status).toBe(200);
    expect(hits.body.results[0]?.['text']).toBe('A quiet tide.');
    expect(hits.body.results[0]?.['score'] as number).toBeCloseTo(1, 4);
    // Every score is the cosine of the vectors the tiny model gives by hand: what was stored is the model's output.
    const query = expectedTinyEmbedding(tinyTokenIds('A quiet tide.'));
    for (const hit of hits.body.results) {
      const doc = expectedTinyEmbedding(tinyTokenIds(hit['text'] as string));
      expect(hit['score'] as number).toBeCloseTo(query.reduce((sum, v, i) => sum + v * (doc[i] as number), 0), 4);
    }
  });
});
