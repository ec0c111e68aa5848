import type { VectorPoint, VectorStore } from '@strata/ports';
import { randomBytes } from 'node:crypto';

export interface VectorStoreTarget {
  name: string;
  open(): Promise<{ store: VectorStore; cleanup(): Promise<void> }>;
}

function unit(values: number[]): Float32Array {
  const n = Math.hypot(...values);
  return Float32Array.from(values.map((x) => x / n));
}

/** The VectorStore contract, run unchanged against every adapter. Namespaces are unique per test. */
export function vectorStoreConformance(target: VectorStoreTarget): void {
  describe(`VectorStore conformance: ${target.name}`, () => {
    let store: VectorStore;
    let cleanup: () => Promise<void>;
    let ns: string;
    let ns2: string;
    const index = { name: 'conf_embedding', dimensions: 4, distance: 'cosine' as const };

    beforeEach(async () => {
      ({ store, cleanup } = await target.open());
      ns = `ns_${randomBytes(6).toString('hex')}`;
      ns2 = `ns_${randomBytes(6).toString('hex')}`;
      await store.ensureIndex(index);
      await store.ensureIndex(index);
    });

    afterEach(async () => {
      await cleanup();
    });

    const point = (id: string, v: number[], namespaceId = ns, collectionId = 'col_1', payload: Record<string, unknown> = {}): VectorPoint => ({
      id,
      namespaceId,
      collectionId,
      vectors: { conf_embedding: unit(v) },
      payload,
    });

    it('ping answers', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('upserts by id: writing the same point twice keeps one point with the newest data', async () => {
      await store.upsert([point('doc_a', [1, 0, 0, 0], ns, 'col_1', { v: 1, nested: { k: ['x'] } })]);
      await store.upsert([point('doc_a', [0, 1, 0, 0], ns, 'col_1', { v: 2, nested: { k: ['y'] } })]);
      expect(await store.count(ns, 'col_1')).toBe(1);
      const got = await store.get(ns, 'col_1', 'doc_a');
      expect(got?.payload).toEqual({ v: 2, nested: { k: ['y'] } });
      expect(Array.from(got?.vectors['conf_embedding'] ?? []).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0, 1, 0, 0]);
      expect(await store.get(ns, 'col_1', 'doc_missing')).toBeNull();
      expect(await store.get(ns, 'col_2', 'doc_a')).toBeNull();
      expect(await store.get(ns2, 'col_1', 'doc_a')).toBeNull();
    });

    it('getMany reads the points of many ids of one collection at once, with every vector index', async () => {
      await store.ensureIndex({ name: 'conf_second', dimensions: 2, distance: 'cosine' });
      const ids = Array.from({ length: 520 }, (_, i) => `m${i}`);
      await store.upsert(ids.map((id, i) => point(id, [1, i % 3, 0, 1], ns, 'col_m', { i })));
      await store.upsert([{ ...point('two', [0, 0, 1, 0], ns, 'col_m'), vectors: { conf_embedding: unit([0, 0, 1, 0]), conf_second: unit([1, 1]) } }]);
      await store.upsert([point('other_col', [1, 0, 0, 0], ns, 'col_x'), point('ns2_only', [1, 0, 0, 0], ns2, 'col_m')]);
      const got = await store.getMany(ns, 'col_m', [...ids, 'two', 'other_col', 'missing']);
      expect(got.size).toBe(521);
      expect(got.has('other_col')).toBe(false);
      expect(got.has('missing')).toBe(false);
      expect(got.get('m7')?.payload).toEqual({ i: 7 });
      expect(got.get('m7')?.namespaceId).toBe(ns);
      const round = (v: Float32Array | undefined) => Array.from(v ?? []).map((x) => Math.round(x * 1e6) / 1e6);
      expect(round(got.get('m519')?.vectors['conf_embedding'])).toEqual(round(unit([1, 519 % 3, 0, 1])));
      expect(Object.keys(got.get('two')?.vectors ?? {}).sort()).toEqual(['conf_embedding', 'conf_second']);
      expect(round(got.get('two')?.vectors['conf_second'])).toEqual(round(unit([1, 1])));
      expect(await store.getMany(ns, 'col_m', [])).toEqual(new Map());
      expect([...(await store.getMany(ns2, 'col_m', ['m1', 'ns2_only'])).keys()]).toEqual(['ns2_only']);
    });

    it('searches the nearest points of one collection in one namespace only, closest first', async () => {
      await store.upsert([
        point('near', [1, 0.1, 0, 0], ns, 'col_1', { tag: 'n' }),
        point('far', [0, 0, 1, 0]),
        point('other-col', [1, 0, 0, 0], ns, 'col_2'),
        point('other-ns', [1, 0, 0, 0], ns2, 'col_1'),
      ]);
      const hits = await store.search({ namespaceId: ns, collectionId: 'col_1', vectorIndex: 'conf_embedding', vector: unit([1, 0, 0, 0]), topK: 5 });
      expect(hits.map((h) => h.id)).toEqual(['near', 'far']);
      expect(hits[0]?.score).toBeGreaterThan(0.99);
      expect(hits[0]?.payload).toEqual({ tag: 'n' });
      expect(hits[1]?.score).toBeLessThan(0.1);
      const top1 = await store.search({ namespaceId: ns, collectionId: 'col_1', vectorIndex: 'conf_embedding', vector: unit([0, 0, 1, 0]), topK: 1 });
      expect(top1.map((h) => h.id)).toEqual(['far']);
      expect(await store.search({ namespaceId: ns2, collectionId: 'col_9', vectorIndex: 'conf_embedding', vector: unit([1, 0, 0, 0]), topK: 3 })).toEqual([]);
    });

    it('writes and counts many points in one call (more than one request batch)', async () => {
      const many = Array.from({ length: 600 }, (_, i) => point(`doc_${i}`, [1, i / 600, (i % 7) / 7, 0.5], ns, 'col_many', { i }));
      await store.upsert(many);
      expect(await store.count(ns, 'col_many')).toBe(600);
      expect(await store.count(ns, 'col_none')).toBe(0);
      expect((await store.get(ns, 'col_many', 'doc_599'))?.payload).toEqual({ i: 599 });
    }, 60_000);

    it('keeps indexes of one name but different sizes apart, and refuses a size or distance it does not have', async () => {
      await store.ensureIndex({ ...index, dimensions: 8 });
      const eight = new Float32Array(8).fill(0.5);
      await store.upsert([{ id: 'doc_8', namespaceId: ns, collectionId: 'col_8', vectors: { conf_embedding: eight }, payload: {} }]);
      const hits = await store.search({ namespaceId: ns, collectionId: 'col_8', vectorIndex: 'conf_embedding', vector: eight, topK: 1 });
      expect(hits.map((h) => h.id)).toEqual(['doc_8']);
      await expect(
        store.search({ namespaceId: ns, collectionId: 'c', vectorIndex: 'conf_embedding', vector: new Float32Array(3), topK: 1 }),
      ).rejects.toThrow('no 3-dimension vectors');
      await expect(store.ensureIndex({ ...index, distance: 'euclidean' })).rejects.toThrow('distance cosine');
      await expect(store.upsert([{ ...point('x', [1, 0, 0, 0]), vectors: { nope_index: unit([1, 0, 0, 0]) } }])).rejects.toThrow('does not exist');
    });

    it('deleteWhere removes one collection of a namespace, or the whole namespace, and counts a point once', async () => {
      await store.ensureIndex({ name: 'conf_second', dimensions: 2, distance: 'cosine' });
      await store.upsert([
        point('a1', [1, 0, 0, 0], ns, 'col_a'),
        // One point with vectors of two indexes: counted once when it goes.
        { ...point('a2', [0, 1, 0, 0], ns, 'col_a'), vectors: { conf_embedding: unit([0, 1, 0, 0]), conf_second: unit([1, 1]) } },
        point('b1', [0, 0, 1, 0], ns, 'col_b'),
        point('keep', [1, 0, 0, 0], ns2, 'col_a'),
      ]);
      expect(await store.deleteWhere({ namespaceId: ns, collectionId: 'col_a' })).toBe(2);
      expect(await store.count(ns, 'col_a')).toBe(0);
      expect(await store.get(ns, 'col_a', 'a2')).toBeNull();
      expect(await store.count(ns, 'col_b')).toBe(1);
      expect(await store.count(ns2, 'col_a')).toBe(1);
      expect(await store.deleteWhere({ namespaceId: ns, collectionId: 'col_a' })).toBe(0);
      expect(await store.deleteWhere({ namespaceId: ns })).toBe(1);
      expect(await store.count(ns, 'col_b')).toBe(0);
      expect(await store.deleteWhere({ namespaceId: `ns_${randomBytes(6).toString('hex')}` })).toBe(0);
      expect((await store.search({ namespaceId: ns2, collectionId: 'col_a', vectorIndex: 'conf_embedding', vector: unit([1, 0, 0, 0]), topK: 3 })).map((h) => h.id)).toEqual(['keep']);
    });

    it('deleteWhere with ids removes only those points of the collection', async () => {
      await store.upsert([point('a1', [1, 0, 0, 0], ns, 'col_a'), point('a2', [0, 1, 0, 0], ns, 'col_a'), point('a3', [0, 0, 1, 0], ns, 'col_a')]);
      await store.upsert([point('b1', [1, 0, 0, 0], ns, 'col_b')]);
      expect(await store.deleteWhere({ namespaceId: ns, collectionId: 'col_b', ids: ['a1'] })).toBe(0);
      expect(await store.deleteWhere({ namespaceId: ns, collectionId: 'col_a', ids: ['a1', 'a3', 'none'] })).toBe(2);
      expect(await store.get(ns, 'col_a', 'a1')).toBeNull();
      expect(await store.get(ns, 'col_a', 'a2')).not.toBeNull();
      expect(await store.count(ns, 'col_a')).toBe(1);
      expect(await store.count(ns, 'col_b')).toBe(1);
      expect(await store.deleteWhere({ namespaceId: ns, collectionId: 'col_a', ids: [] })).toBe(0);
      const hits = await store.search({ namespaceId: ns, collectionId: 'col_a', vectorIndex: 'conf_embedding', vector: unit([1, 0, 0, 0]), topK: 5 });
      expect(hits.map((h) => h.id)).toEqual(['a2']);
    });
  });
}
