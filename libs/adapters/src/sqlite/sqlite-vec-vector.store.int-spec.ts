import { tempDir } from '@strata/testing';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import * as sqliteVec from 'sqlite-vec';
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

  it('rebuilds a vector table of the first layout (collection_id a metadata column) partitioned by collection, keeping every vector', async () => {
    const old = tempDir('sqlite-vec-v1');
    try {
      const file = join(old.path, 'vectors.db');
      // The layout of migration 1 as it was written before migration 2 existed.
      const db = new Database(file);
      sqliteVec.load(db);
      db.exec(`
        CREATE TABLE vector_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
        INSERT INTO vector_migrations VALUES (1, '2026-12-01T00:00:00.000Z');
        CREATE TABLE vector_points (rowid INTEGER PRIMARY KEY, point_id TEXT NOT NULL UNIQUE, namespace_id TEXT NOT NULL, collection_id TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE INDEX vector_points_by_collection ON vector_points (namespace_id, collection_id);
        CREATE TABLE vector_indexes (name TEXT NOT NULL, dimensions INTEGER NOT NULL, table_name TEXT NOT NULL UNIQUE, distance TEXT NOT NULL, PRIMARY KEY (name, dimensions));
        CREATE VIRTUAL TABLE vec_test_embedding_4 USING vec0(embedding float[4] distance_metric=cosine, namespace_id text partition key, collection_id text);
        INSERT INTO vector_indexes VALUES ('test_embedding', 4, 'vec_test_embedding_4', 'cosine');
      `);
      const points = [
        ['a', 'col_1', [1, 0, 0, 0]],
        ['b', 'col_1', [0, 1, 0, 0]],
        ['c', 'col_long_collection_identifier_2', [1, 0.1, 0, 0]],
      ] as const;
      points.forEach(([id, collection, vector], i) => {
        db.prepare('INSERT INTO vector_points (rowid, point_id, namespace_id, collection_id, payload) VALUES (?, ?, ?, ?, ?)').run(i + 1, id, 'ns_1', collection, '{}');
        db.prepare('INSERT INTO vec_test_embedding_4 (rowid, embedding, namespace_id, collection_id) VALUES (?, ?, ?, ?)').run(
          BigInt(i + 1),
          Buffer.from(unit([...vector]).buffer),
          'ns_1',
          collection,
        );
      });
      db.close();

      const migrated = new SqliteVecVectorStore(file);
      try {
        const hits = await migrated.search({ vectorIndex: 'test_embedding', vector: unit([1, 0, 0, 0]), topK: 5, namespaceId: 'ns_1', collectionId: 'col_1' });
        expect(hits.map((h) => h.id)).toEqual(['a', 'b']);
        const other = await migrated.search({ vectorIndex: 'test_embedding', vector: unit([1, 0, 0, 0]), topK: 5, namespaceId: 'ns_1', collectionId: 'col_long_collection_identifier_2' });
        expect(other.map((h) => h.id)).toEqual(['c']);
        expect(Array.from((await migrated.get('ns_1', 'col_1', 'b'))?.vectors['test_embedding'] ?? [])).toEqual([0, 1, 0, 0]);
        // Writes go to the new table; a new point is found next to the migrated ones.
        await migrated.upsert([{ id: 'd', namespaceId: 'ns_1', collectionId: 'col_1', vectors: { test_embedding: unit([0.9, 0.2, 0, 0]) }, payload: {} }]);
        const after = await migrated.search({ vectorIndex: 'test_embedding', vector: unit([1, 0, 0, 0]), topK: 5, namespaceId: 'ns_1', collectionId: 'col_1' });
        expect(after.map((h) => h.id)).toEqual(['a', 'd', 'b']);
      } finally {
        await migrated.close();
      }
      const check = new Database(file, { readonly: true });
      const tables = check.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING vec0%'`).all() as Array<{ name: string; sql: string }>;
      check.close();
      expect(tables).toHaveLength(1);
      expect(tables[0]?.name).toBe('vec_test_embedding_4_pc');
      expect(tables[0]?.sql).toMatch(/collection_id text partition key/);
    } finally {
      old.remove();
    }
  });
});
