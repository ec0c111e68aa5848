import { tempDir } from '@strata/testing';
import { join } from 'node:path';
import { SqliteVecVectorStore } from './sqlite-vec-vector.store';

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  const n = Math.hypot(...values);
  return v.map((x) => x / n);
}

describe('SqliteVecVectorStore (real sqlite-vec)', () => {
  let dir: { path: string; remove: () => void };
  let store: SqliteVecVectorStore;
  const index = { name: 'test_embedding', dimensions: 4, distance: 'cosine' as const };

  beforeEach(async () => {
    dir = tempDir('sqlite-vec');
    store = new SqliteVecVectorStore(join(dir.path, 'vectors.db'));
    await store.ensureIndex(index);
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('upserts by id: writing the same point twice keeps one point with the newest data', async () => {
    const point = { id: 'doc_a', namespaceId: 'ns_1', collectionId: 'col_1', vectors: { test_embedding: unit([1, 0, 0, 0]) }, payload: { v: 1 } };
    await store.upsert([point]);
    await store.upsert([{ ...point, vectors: { test_embedding: unit([0, 1, 0, 0]) }, payload: { v: 2 } }]);
    expect(await store.count('ns_1', 'col_1')).toBe(1);
    const got = await store.get('ns_1', 'col_1', 'doc_a');
    expect(got?.payload).toEqual({ v: 2 });
    expect(Array.from(got?.vectors['test_embedding'] ?? [])).toEqual([0, 1, 0, 0]);
  });

  it('searches the nearest points of one collection in one namespace only', async () => {
    await store.upsert([
      { id: 'near', namespaceId: 'ns_1', collectionId: 'col_1', vectors: { test_embedding: unit([1, 0.1, 0, 0]) }, payload: {} },
      { id: 'far', namespaceId: 'ns_1', collectionId: 'col_1', vectors: { test_embedding: unit([0, 0, 1, 0]) }, payload: {} },
      { id: 'other-col', namespaceId: 'ns_1', collectionId: 'col_2', vectors: { test_embedding: unit([1, 0, 0, 0]) }, payload: {} },
      { id: 'other-ns', namespaceId: 'ns_2', collectionId: 'col_1', vectors: { test_embedding: unit([1, 0, 0, 0]) }, payload: {} },
    ]);
    const hits = await store.search({ namespaceId: 'ns_1', collectionId: 'col_1', vectorIndex: 'test_embedding', vector: unit([1, 0, 0, 0]), topK: 5 });
    expect(hits.map((h) => h.id)).toEqual(['near', 'far']);
    expect(hits[0]?.score).toBeGreaterThan(0.99);
    expect(hits[1]?.score).toBeLessThan(0.1);
  });

  it('keeps indexes of one name but different sizes apart, and refuses a query of a size it does not have', async () => {
    await store.ensureIndex({ ...index, dimensions: 8 });
    const eight = new Float32Array(8).fill(0.5);
    await store.upsert([{ id: 'doc_8', namespaceId: 'ns_1', collectionId: 'col_8', vectors: { test_embedding: eight }, payload: {} }]);
    const hits = await store.search({ namespaceId: 'ns_1', collectionId: 'col_8', vectorIndex: 'test_embedding', vector: eight, topK: 1 });
    expect(hits.map((h) => h.id)).toEqual(['doc_8']);
    await expect(
      store.search({ namespaceId: 'n', collectionId: 'c', vectorIndex: 'test_embedding', vector: new Float32Array(3), topK: 1 }),
    ).rejects.toThrow('no 3-dimension vectors');
    await expect(store.ensureIndex({ ...index, distance: 'euclidean' })).rejects.toThrow('distance cosine');
  });
});
