import { StrataCluster } from '@strata/testing';
import { createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(120_000);

describe('vector search in a collection', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('finds the documents closest to a text query, scored, with payload filters', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 40);
    const { batchId } = await submitBatch(api, fx, ids);
    await waitForStatus(api, fx, batchId, ['COMPLETED']);
    const path = `/v1/collections/${fx.collectionId}/documents/search`;

    const hits = await api.post<{ results: Array<Record<string, unknown>>; vector_index: string }>(
      path,
      { query_text: 'It also mentions lighthouse 5 and a quiet evening tide.', top_k: 3 },
      fx.namespace,
    );
    expect(hits.status).toBe(200);
    expect(hits.body.vector_index).toBe('text_extractor_v1_embedding');
    expect(hits.body.results).toHaveLength(3);
    const best = hits.body.results[0] as Record<string, unknown>;
    // The hash embedding is lexical: the exact sentence (objects 5 and 22 mention lighthouse 5) wins.
    expect(best['text']).toBe('It also mentions lighthouse 5 and a quiet evening tide.');
    expect(best['score'] as number).toBeGreaterThan(0.99);
    const scores = hits.body.results.map((r) => r['score'] as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const filtered = await api.post<{ results: Array<Record<string, unknown>> }>(
      path,
      { query_text: 'harbours ships weather', top_k: 5, filters: { chunk_index: 0 } },
      fx.namespace,
    );
    expect(filtered.body.results.length).toBe(5);
    for (const r of filtered.body.results) expect(r['chunk_index']).toBe(0);

    const byVector = await api.post(path, { query_vector: new Array(384).fill(0.05), top_k: 1 }, fx.namespace);
    expect(byVector.status).toBe(200);
    expect(((await api.post(path, { query_vector: [1, 2, 3] }, fx.namespace)).body['error'] as { message: string }).message).toContain(
      '384',
    );
    expect((await api.post(path, {}, fx.namespace)).status).toBe(422);
    expect((await api.post(path, { query_text: 'x', filters: { AND: 'nope' } }, fx.namespace)).status).toBe(422);
    expect((await api.post('/v1/collections/nope/documents/search', { query_text: 'x' }, fx.namespace)).status).toBe(404);
  });
});
