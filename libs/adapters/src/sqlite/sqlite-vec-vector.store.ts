import { ValidationError, VectorIndex } from '@strata/domain';
import type { ScoredPoint, VectorPoint, VectorSearchQuery, VectorStore } from '@strata/ports';
import type { Statement, Transaction } from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { Migration, SqliteDb, json, migrate, openSqlite, parseJson, writeWhenFree } from './sqlite-database';

const DISTANCE_METRIC: Record<VectorIndex['distance'], string> = { cosine: 'cosine', dot: 'cosine', euclidean: 'L2' };

/**
 * Vectors per vec0 chunk (sqlite-vec's default: 1,024). A chunk's vectors are one blob stored
 * across overflow pages, and an insert writes into it through SQLite's blob I/O, which walks the
 * overflow chain up to the vector's slot: after another process's commit has emptied this
 * connection's page cache, those pages are read again. At 128, two worker processes insert ~50%
 * more vectors per second into one file, a search over 200,000 vectors takes the same time, and
 * an empty partition (one per namespace, collection and index) takes 192 KB instead of 1.5 MB at
 * 384 dimensions (docs/benchmarks.md). A table keeps the chunk size it was created with.
 */
const VEC0_CHUNK_SIZE = 128;

/**
 * A vec0 table, partitioned by namespace and collection: a search reads only its collection's
 * chunks, and no text metadata column is written. (sqlite-vec 0.1.9 leaks the SQL string of every
 * text metadata value longer than 12 bytes it stores, ~100 bytes per vector: the collection id as a
 * metadata column grew a worker by that much per vector written; docs/benchmarks.md.)
 */
function createVectorTable(table: string, dimensions: number, distance: VectorIndex['distance']): string {
  return `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0(
     embedding float[${dimensions}] distance_metric=${DISTANCE_METRIC[distance]},
     namespace_id text partition key,
     collection_id text partition key,
     chunk_size=${VEC0_CHUNK_SIZE}
   )`;
}

const MIGRATIONS: Migration[] = [
  `
  CREATE TABLE vector_points (
    rowid INTEGER PRIMARY KEY,
    point_id TEXT NOT NULL UNIQUE,
    namespace_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX vector_points_by_collection ON vector_points (namespace_id, collection_id);
  CREATE TABLE vector_indexes (
    name TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    table_name TEXT NOT NULL UNIQUE,
    distance TEXT NOT NULL,
    PRIMARY KEY (name, dimensions)
  );
  `,
  // 2: vec0 tables written with collection_id as a metadata column are rebuilt partitioned by it
  // (createVectorTable), under a new name, in the migration's immediate transaction.
  (db) => {
    const indexes = db.prepare('SELECT name, dimensions, table_name, distance FROM vector_indexes').all() as Array<{
      name: string;
      dimensions: number;
      table_name: string;
      distance: VectorIndex['distance'];
    }>;
    for (const index of indexes) {
      const next = tableName(index.name, index.dimensions);
      if (next === index.table_name) continue;
      db.exec(createVectorTable(next, index.dimensions, index.distance));
      db.exec(
        `INSERT INTO ${next} (rowid, embedding, namespace_id, collection_id)
         SELECT rowid, embedding, namespace_id, collection_id FROM ${index.table_name}`,
      );
      db.exec(`DROP TABLE ${index.table_name}`);
      db.prepare('UPDATE vector_indexes SET table_name = ? WHERE table_name = ?').run(next, index.table_name);
    }
  },
];

/** The vec0 table of an index; `_pc`: partitioned by collection (migration 2). */
function tableName(index: string, dimensions: number): string {
  return `vec_${index.replace(/[^a-zA-Z0-9_]/g, '_')}_${dimensions}_pc`;
}

/** Indexes are keyed by name and size: collections may use one extractor with different dimensions. */
function indexKey(name: string, dimensions: number): string {
  return `${name}/${dimensions}`;
}

function toBuffer(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/**
 * The embedded vector store (see docs/adr/0003): points and payloads in a SQLite file, vectors in
 * sqlite-vec `vec0` tables, one per vector index, partitioned by namespace and collection. Search
 * is exact (brute force within the collection's partition).
 */
export class SqliteVecVectorStore implements VectorStore {
  private readonly db: SqliteDb;
  private readonly indexes = new Map<string, { name: string; table: string; dimensions: number; distance: VectorIndex['distance'] }>();
  private readonly upsertPoint;
  private readonly selectRowid;
  private readonly statements = new Map<string, { del: Statement<unknown[]>; ins: Statement<unknown[]> }>();
  private readonly writePoints: Transaction<(points: readonly VectorPoint[]) => void>;

  constructor(file: string) {
    this.db = openSqlite(file);
    sqliteVec.load(this.db);
    migrate(this.db, 'vector_migrations', MIGRATIONS);
    this.upsertPoint = this.db.prepare(
      `INSERT INTO vector_points (point_id, namespace_id, collection_id, payload) VALUES (?, ?, ?, ?)
       ON CONFLICT (point_id) DO UPDATE SET payload = excluded.payload RETURNING rowid`,
    );
    this.selectRowid = this.db.prepare('SELECT rowid FROM vector_points WHERE point_id = ?');
    this.writePoints = this.db.transaction((points: readonly VectorPoint[]) => this.writeAll(points));
    this.loadIndexes();
  }

  private loadIndexes(): void {
    const rows = this.db.prepare('SELECT name, table_name, dimensions, distance FROM vector_indexes').all() as Array<{
      name: string;
      table_name: string;
      dimensions: number;
      distance: VectorIndex['distance'];
    }>;
    for (const row of rows) {
      this.indexes.set(indexKey(row.name, row.dimensions), {
        name: row.name,
        table: row.table_name,
        dimensions: row.dimensions,
        distance: row.distance,
      });
    }
  }

  async ensureIndex(index: VectorIndex): Promise<void> {
    const known = this.indexes.get(indexKey(index.name, index.dimensions));
    if (known !== undefined) {
      if (known.distance !== index.distance) {
        throw new ValidationError(
          `vector index ${index.name} (${index.dimensions} dimensions) exists with distance ${known.distance}; ${index.distance} requested`,
        );
      }
      return;
    }
    const table = tableName(index.name, index.dimensions);
    this.db
      .transaction(() => {
        this.db.exec(createVectorTable(table, index.dimensions, index.distance));
        this.db
          .prepare('INSERT OR IGNORE INTO vector_indexes (name, dimensions, table_name, distance) VALUES (?, ?, ?, ?)')
          .run(index.name, index.dimensions, table, index.distance);
      })
      .immediate();
    this.loadIndexes();
  }

  private index(name: string, dimensions: number): { table: string; dimensions: number; distance: VectorIndex['distance'] } {
    let found = this.indexes.get(indexKey(name, dimensions));
    if (found === undefined) {
      // Another process may have created it since we loaded.
      this.loadIndexes();
      found = this.indexes.get(indexKey(name, dimensions));
    }
    if (found === undefined) {
      const sizes = [...this.indexes.values()].filter((i) => i.name === name).map((i) => i.dimensions);
      throw new ValidationError(
        sizes.length === 0
          ? `vector index ${name} does not exist`
          : `vector index ${name} has no ${dimensions}-dimension vectors (it has ${sizes.join(', ')} dimensions)`,
      );
    }
    return found;
  }

  /** The delete and insert statements of one vec0 table, prepared once per store. */
  private vectorStatements(name: string, dimensions: number): { del: Statement<unknown[]>; ins: Statement<unknown[]> } {
    const key = indexKey(name, dimensions);
    let s = this.statements.get(key);
    if (s === undefined) {
      const { table } = this.index(name, dimensions);
      s = {
        del: this.db.prepare(`DELETE FROM ${table} WHERE rowid = ?`),
        ins: this.db.prepare(`INSERT INTO ${table} (rowid, embedding, namespace_id, collection_id) VALUES (?, ?, ?, ?)`),
      };
      this.statements.set(key, s);
    }
    return s;
  }

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    // Resolved before the transaction: an unknown index fails the call without writing anything.
    for (const point of points) for (const [name, v] of Object.entries(point.vectors)) this.vectorStatements(name, v.length);
    // Without holding the thread while the other worker process commits (writeWhenFree).
    await writeWhenFree(this.db, () => this.writePoints.immediate(points));
  }

  /** A work message's points in one transaction: one lock and one commit for all of them. */
  private writeAll(points: readonly VectorPoint[]): void {
    for (const point of points) {
      const existing = this.selectRowid.get(point.id) as { rowid: number } | undefined;
      const { rowid } = this.upsertPoint.get(point.id, point.namespaceId, point.collectionId, json(point.payload)) as { rowid: number };
      const key = BigInt(rowid);
      for (const [name, vector] of Object.entries(point.vectors)) {
        const s = this.vectorStatements(name, vector.length);
        // vec0 has no upsert: a point written before (a redelivery, a re-run) has its vector
        // row replaced; a new point only needs the insert, which keeps first writes fast.
        if (existing !== undefined) s.del.run(key);
        s.ins.run(key, toBuffer(vector), point.namespaceId, point.collectionId);
      }
    }
  }

  async search(query: VectorSearchQuery): Promise<ScoredPoint[]> {
    const { table, distance } = this.index(query.vectorIndex, query.vector.length);
    const rows = this.db
      .prepare(
        `SELECT v.rowid AS rowid, v.distance AS distance, p.point_id AS point_id, p.payload AS payload
         FROM ${table} v JOIN vector_points p ON p.rowid = v.rowid
         WHERE v.embedding MATCH ? AND v.k = ? AND v.namespace_id = ? AND v.collection_id = ?
         ORDER BY v.distance`,
      )
      .all(toBuffer(query.vector), query.topK, query.namespaceId, query.collectionId) as Array<{
      distance: number;
      point_id: string;
      payload: string;
    }>;
    return rows.map((r) => ({
      id: r.point_id,
      score: distance === 'euclidean' ? -r.distance : 1 - r.distance,
      payload: parseJson(r.payload, {}),
    }));
  }

  async count(namespaceId: string, collectionId: string): Promise<number> {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM vector_points WHERE namespace_id = ? AND collection_id = ?')
      .get(namespaceId, collectionId) as { n: number };
    return row.n;
  }

  async get(namespaceId: string, collectionId: string, id: string): Promise<VectorPoint | null> {
    return (await this.getMany(namespaceId, collectionId, [id])).get(id) ?? null;
  }

  /** Points and their vectors by id: one read per slice of ids and per vector index, not per point. */
  async getMany(namespaceId: string, collectionId: string, ids: readonly string[]): Promise<Map<string, VectorPoint>> {
    this.loadIndexes();
    const found = new Map<string, VectorPoint>();
    // Ids go in slices so a statement stays under SQLite's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const marks = slice.map(() => '?').join(', ');
      const rows = this.db
        .prepare(`SELECT rowid, point_id, payload FROM vector_points WHERE namespace_id = ? AND collection_id = ? AND point_id IN (${marks})`)
        .all(namespaceId, collectionId, ...slice) as Array<{ rowid: number; point_id: string; payload: string }>;
      if (rows.length === 0) continue;
      const byRowid = new Map<number, VectorPoint>();
      for (const row of rows) {
        const point: VectorPoint = { id: row.point_id, namespaceId, collectionId, vectors: {}, payload: parseJson(row.payload, {}) };
        byRowid.set(row.rowid, point);
        found.set(row.point_id, point);
      }
      const rowids = rows.map((r) => BigInt(r.rowid));
      const rowMarks = rowids.map(() => '?').join(', ');
      for (const { name, table } of this.indexes.values()) {
        const vectors = this.db
          .prepare(`SELECT rowid, embedding FROM ${table} WHERE namespace_id = ? AND rowid IN (${rowMarks})`)
          .all(namespaceId, ...rowids) as Array<{ rowid: number; embedding: Buffer }>;
        for (const v of vectors) {
          const point = byRowid.get(Number(v.rowid));
          if (point !== undefined) {
            point.vectors[name] = new Float32Array(v.embedding.buffer.slice(v.embedding.byteOffset, v.embedding.byteOffset + v.embedding.byteLength));
          }
        }
      }
    }
    return found;
  }

  async deleteWhere(filter: { namespaceId: string; collectionId?: string; ids?: readonly string[] }): Promise<number> {
    this.loadIndexes();
    if (filter.ids !== undefined && filter.collectionId === undefined) throw new Error('deleteWhere: ids need a collectionId');
    const clauses = ['namespace_id = ?'];
    const base: unknown[] = [filter.namespaceId];
    if (filter.collectionId !== undefined) {
      clauses.push('collection_id = ?');
      base.push(filter.collectionId);
    }
    // Ids go in slices so a statement stays under SQLite's bound-parameter limit.
    const idSlices: Array<readonly string[] | null> = [];
    if (filter.ids === undefined) idSlices.push(null);
    else for (let i = 0; i < filter.ids.length; i += 500) idSlices.push(filter.ids.slice(i, i + 500));
    return this.db
      .transaction(() => {
        let deleted = 0;
        for (const ids of idSlices) {
          const where = ids === null ? clauses.join(' AND ') : `${clauses.join(' AND ')} AND point_id IN (${ids.map(() => '?').join(',')})`;
          const params = ids === null ? base : [...base, ...ids];
          // vec0 rows share the point's rowid; delete them first, by the same filter on the partition.
          for (const { table } of this.indexes.values()) {
            this.db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM vector_points WHERE ${where})`).run(...params);
          }
          deleted += this.db.prepare(`DELETE FROM vector_points WHERE ${where}`).run(...params).changes;
        }
        return deleted;
      })
      .immediate();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT vec_version()').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
