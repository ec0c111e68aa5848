import { TransientError } from '@strata/domain';
import { QdrantSchemaServer, vectorStoreConformance } from '@strata/testing';
import { join } from 'node:path';
import { MAX_BATCH_BYTES, MAX_BATCH_POINTS, pointId } from './qdrant-mapping';
import { QdrantVectorStore } from './qdrant-vector.store';

/**
 * No Qdrant server exists in CI. These tests drive the real adapter (and the real
 * @qdrant/js-client-rest) against a local HTTP server that validates every request against
 * Qdrant's OpenAPI document v1.18 and answers with Qdrant's semantics; with QDRANT_URL set, the
 * same conformance suite runs against a real server (vector-store.conformance.int-spec.ts).
 */
const SPEC = join(__dirname, '../../../../tools/reference/qdrant-openapi-v1.18.json');
const server = new QdrantSchemaServer(SPEC);
let url: string;

beforeAll(async () => {
  url = await server.start();
});

afterAll(async () => {
  await server.stop();
});

vectorStoreConformance({
  name: 'qdrant (OpenAPI-validating stand-in)',
  async open() {
    const store = new QdrantVectorStore({ url, collectionPrefix: 'conf', timeoutMs: 5_000 });
    return { store, cleanup: () => store.dropAll() };
  },
});

describe('QdrantVectorStore requests', () => {
  const index = { name: 'shape_embedding', dimensions: 64, distance: 'dot' as const };
  let store: QdrantVectorStore;

  beforeEach(async () => {
    store = new QdrantVectorStore({ url, collectionPrefix: 'shape', timeoutMs: 5_000, maxAttempts: 3 });
    await store.ensureIndex(index);
  });

  afterEach(async () => {
    await store.dropAll();
  });

  const vector = (seed: number) => Float32Array.from({ length: 64 }, (_, i) => Math.sin(seed + i));

  it('creates the collection with the named vector and keyword payload indexes, and upserts in bounded batches', async () => {
    const before = server.requests.length;
    const big = 'x'.repeat(40_000);
    const points = Array.from({ length: 700 }, (_, i) => ({
      id: `doc_${i}`,
      namespaceId: 'ns_shape',
      collectionId: 'col_a',
      vectors: { shape_embedding: vector(i) },
      payload: { object_id: `obj_${i % 10}`, text: i < 300 ? big : 'short' },
    }));
    await store.upsert(points);
    const sent = server.requests.slice(before);
    const create = sent.find((r) => r.operation === 'PUT /collections/{collection_name}');
    expect(create?.body).toEqual({ vectors: { shape_embedding_64: { size: 64, distance: 'Dot' } } });
    const indexed = sent.filter((r) => r.operation === 'PUT /collections/{collection_name}/index').map((r) => (r.body as { field_name: string }).field_name);
    expect(indexed).toEqual(expect.arrayContaining(['_strata_collection_id', '_strata_id', 'object_id']));
    const upserts = sent.filter((r) => r.operation === 'PUT /collections/{collection_name}/points');
    const sizes = upserts.map((r) => (r.body as { points: unknown[] }).points.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(700);
    for (const r of upserts) {
      expect((r.body as { points: unknown[] }).points.length).toBeLessThanOrEqual(MAX_BATCH_POINTS);
      expect(JSON.stringify(r.body).length).toBeLessThan(MAX_BATCH_BYTES);
    }
    // Big payloads make smaller batches; small ones fill batches up to the point limit.
    expect(Math.min(...sizes)).toBeLessThan(MAX_BATCH_POINTS);
    expect(sizes).toContain(MAX_BATCH_POINTS);
    expect(await store.count('ns_shape', 'col_a')).toBe(700);
  }, 60_000);

  it('derives the same UUID point id from a document id every time', async () => {
    expect(pointId('doc_1')).toBe(pointId('doc_1'));
    expect(pointId('doc_1')).not.toBe(pointId('doc_2'));
    expect(pointId('doc_1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await store.upsert([{ id: 'doc_1', namespaceId: 'ns_shape', collectionId: 'col_a', vectors: { shape_embedding: vector(1) }, payload: {} }]);
    const upsert = server.requests.filter((r) => r.operation === 'PUT /collections/{collection_name}/points').at(-1);
    expect((upsert?.body as { points: Array<{ id: string }> }).points[0]?.id).toBe(pointId('doc_1'));
  });

  it('scrolls and deletes by filter within one collection', async () => {
    await store.upsert(
      Array.from({ length: 30 }, (_, i) => ({
        id: `doc_${i}`,
        namespaceId: 'ns_shape',
        collectionId: i < 20 ? 'col_a' : 'col_b',
        vectors: { shape_embedding: vector(i) },
        payload: { object_id: `obj_${i % 2}` },
      })),
    );
    const seen: string[] = [];
    for await (const p of store.scroll('ns_shape', 'col_a', 7)) seen.push(p.id);
    expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `doc_${i}`).sort());
    await store.deleteByFilter('ns_shape', 'col_a', { field: 'object_id', value: 'obj_0' });
    expect(await store.count('ns_shape', 'col_a')).toBe(10);
    await store.deleteByFilter('ns_shape', 'col_a');
    expect(await store.count('ns_shape', 'col_a')).toBe(0);
    expect(await store.count('ns_shape', 'col_b')).toBe(10);
  });

  it('a process that never ensured the index (an API restarted since) still searches and reads vectors', async () => {
    await store.upsert([
      { id: 'doc_r', namespaceId: 'ns_shape', collectionId: 'col_a', vectors: { shape_embedding: vector(3) }, payload: { k: 1 } },
      { id: 'doc_s', namespaceId: 'ns_shape', collectionId: 'col_a', vectors: { shape_embedding: vector(4) }, payload: { k: 2 } },
    ]);
    const fresh = new QdrantVectorStore({ url, collectionPrefix: 'shape', timeoutMs: 5_000 });
    const hits = await fresh.search({ namespaceId: 'ns_shape', collectionId: 'col_a', vectorIndex: 'shape_embedding', vector: vector(3), topK: 1 });
    expect(hits.map((h) => h.id)).toEqual(['doc_r']);
    const got = await fresh.get('ns_shape', 'col_a', 'doc_r');
    expect(Object.keys(got?.vectors ?? {})).toEqual(['shape_embedding']);
    const many = await fresh.getMany('ns_shape', 'col_a', ['doc_r', 'doc_s', 'doc_missing']);
    expect([...many.keys()].sort()).toEqual(['doc_r', 'doc_s']);
    expect(many.get('doc_s')?.payload).toEqual({ k: 2 });
    expect(Object.keys(many.get('doc_s')?.vectors ?? {})).toEqual(['shape_embedding']);
  });

  it('retries transient failures a bounded number of times', async () => {
    server.failNext = 2;
    await expect(store.ping()).resolves.toBeUndefined();
    server.failNext = 3;
    await expect(store.ping()).rejects.toBeInstanceOf(TransientError);
    server.failNext = 0;
  });

  it('every request the adapter sent conforms to the Qdrant OpenAPI document, and so does every answer', () => {
    const bad = server.requests.filter((r) => r.errors.length > 0);
    expect(bad).toEqual([]);
    expect(server.responseErrors).toEqual([]);
    const used = new Set(server.requests.map((r) => r.operation));
    expect([...used].sort()).toEqual(
      [
        'DELETE /collections/{collection_name}',
        'GET /collections',
        'GET /collections/{collection_name}',
        'GET /collections/{collection_name}/exists',
        'POST /collections/{collection_name}/points',
        'POST /collections/{collection_name}/points/count',
        'POST /collections/{collection_name}/points/delete',
        'POST /collections/{collection_name}/points/scroll',
        'POST /collections/{collection_name}/points/search',
        'PUT /collections/{collection_name}',
        'PUT /collections/{collection_name}/index',
        'PUT /collections/{collection_name}/points',
      ].sort(),
    );
  });
});
