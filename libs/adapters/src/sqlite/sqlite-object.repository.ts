import { AlreadyExistsError, StoredObject } from '@strata/domain';
import type { ListRequest } from '@strata/contracts';
import type { ObjectRepository, OutboxMessage, Page, PageQuery } from '@strata/ports';
import { runListQuery } from './sqlite-list-query';
import { OBJECT_TABLE } from './sqlite-list-tables';
import { SqliteDb, isUniqueViolation, json, parseJson } from './sqlite-database';
import { str, strOrNull, slices, placeholders } from './sqlite-rows';
import type { Row } from './sqlite-rows';
import { insertOutbox } from './sqlite-outbox.repository';

function toObject(row: Row): StoredObject {
  return {
    namespaceId: str(row['namespace_id']),
    bucketId: str(row['bucket_id']),
    objectId: str(row['object_id']),
    keyPrefix: strOrNull(row['key_prefix']),
    metadata: parseJson(str(row['metadata']), {}),
    blobs: parseJson(str(row['blobs']), []),
    uniqueKeyValue: strOrNull(row['unique_key_value']),
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
  };
}

export class SqliteObjectRepository implements ObjectRepository {
  constructor(private readonly db: SqliteDb) {}

  /** The row and its `outbox` events commit in one transaction (docs/adr/0095-transactional-outbox.md). */
  async create(o: StoredObject, outbox?: readonly OutboxMessage[]): Promise<void> {
    try {
      this.db
        .transaction(() => {
          this.db
            .prepare(
              `INSERT INTO objects (object_id, namespace_id, bucket_id, key_prefix, metadata, blobs, unique_key_value, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(o.objectId, o.namespaceId, o.bucketId, o.keyPrefix, json(o.metadata), json(o.blobs), o.uniqueKeyValue ?? null, o.createdAt, o.updatedAt);
          insertOutbox(this.db, outbox, Date.now());
        })
        .immediate();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`an object with unique key ${o.uniqueKeyValue ?? ''} already exists in this bucket`);
      throw error;
    }
  }

  /** One IMMEDIATE transaction for the chunk and its events: one fsync instead of one per object. */
  async createMany(objects: readonly StoredObject[], outbox?: readonly OutboxMessage[]): Promise<void> {
    const insert = this.db.prepare(
      `INSERT INTO objects (object_id, namespace_id, bucket_id, key_prefix, metadata, blobs, unique_key_value, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    try {
      this.db
        .transaction(() => {
          for (const o of objects) {
            insert.run(o.objectId, o.namespaceId, o.bucketId, o.keyPrefix, json(o.metadata), json(o.blobs), o.uniqueKeyValue ?? null, o.createdAt, o.updatedAt);
          }
          insertOutbox(this.db, outbox, Date.now());
        })
        .immediate();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError('an object of this chunk has a unique key value that already exists in this bucket');
      throw error;
    }
  }

  async update(o: StoredObject, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    try {
      return this.db
        .transaction((): boolean => {
          const applied =
            this.db
              .prepare(
                `UPDATE objects SET key_prefix = ?, metadata = ?, blobs = ?, unique_key_value = ?, updated_at = ?
                 WHERE namespace_id = ? AND bucket_id = ? AND object_id = ?`,
              )
              .run(o.keyPrefix, json(o.metadata), json(o.blobs), o.uniqueKeyValue ?? null, o.updatedAt, o.namespaceId, o.bucketId, o.objectId)
              .changes > 0;
          if (applied) insertOutbox(this.db, outbox, Date.now());
          return applied;
        })
        .immediate();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`an object with unique key ${o.uniqueKeyValue ?? ''} already exists in this bucket`);
      throw error;
    }
  }

  /** The row goes, its tombstone and `outbox` events come, in one transaction (docs/adr/0050-batch-policies.md, addendum 2026-12-07). */
  async delete(
    namespaceId: string,
    bucketId: string,
    objectId: string,
    outbox?: readonly OutboxMessage[],
    deletedAt: string = new Date().toISOString(),
  ): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const applied =
          this.db.prepare('DELETE FROM objects WHERE namespace_id = ? AND bucket_id = ? AND object_id = ?').run(namespaceId, bucketId, objectId)
            .changes > 0;
        if (!applied) return false;
        this.db
          .prepare(
            `INSERT INTO deleted_objects (namespace_id, object_id, bucket_id, deleted_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (namespace_id, object_id) DO UPDATE SET bucket_id = excluded.bucket_id, deleted_at = excluded.deleted_at`,
          )
          .run(namespaceId, objectId, bucketId, deletedAt);
        insertOutbox(this.db, outbox, Date.now());
        return true;
      })
      .immediate();
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<StoredObject>> {
    const rows = this.db
      .prepare('SELECT * FROM objects WHERE namespace_id = ? AND bucket_id = ? ORDER BY created_at, object_id LIMIT ? OFFSET ?')
      .all(namespaceId, bucketId, page.limit, page.offset) as Row[];
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM objects WHERE namespace_id = ? AND bucket_id = ?').get(namespaceId, bucketId) as {
      n: number;
    };
    return { results: rows.map(toObject), total: n };
  }

  /** Filters, search and sort compiled into SQL (sqlite-list-query.ts); needs the functions registerListFunctions adds. */
  async query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<StoredObject>> {
    const { rows, total } = runListQuery(
      this.db,
      OBJECT_TABLE,
      { where: 'o.namespace_id = @scope_ns AND o.bucket_id = @scope_parent', params: { scope_ns: namespaceId, scope_parent: bucketId } },
      request,
    );
    return { results: rows.map(toObject), total };
  }

  async findByUniqueKey(namespaceId: string, bucketId: string, uniqueKeyValue: string): Promise<StoredObject | null> {
    const row = this.db
      .prepare('SELECT * FROM objects WHERE namespace_id = ? AND bucket_id = ? AND unique_key_value = ?')
      .get(namespaceId, bucketId, uniqueKeyValue) as Row | undefined;
    return row === undefined ? null : toObject(row);
  }

  async findByBlobHash(namespaceId: string, bucketId: string, hash: string): Promise<StoredObject | null> {
    const row = this.db
      .prepare(
        `SELECT o.* FROM objects o WHERE o.namespace_id = ? AND o.bucket_id = ?
           AND EXISTS (SELECT 1 FROM json_each(o.blobs) b WHERE json_extract(b.value, '$.hash') = ?)
         ORDER BY o.created_at, o.object_id LIMIT 1`,
      )
      .get(namespaceId, bucketId, hash) as Row | undefined;
    return row === undefined ? null : toObject(row);
  }

  async find(namespaceId: string, bucketId: string, objectId: string): Promise<StoredObject | null> {
    const row = this.db
      .prepare('SELECT * FROM objects WHERE namespace_id = ? AND bucket_id = ? AND object_id = ?')
      .get(namespaceId, bucketId, objectId) as Row | undefined;
    return row === undefined ? null : toObject(row);
  }

  async findMany(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    for (const ids of slices(objectIds)) {
      const rows = this.db
        .prepare(`SELECT * FROM objects WHERE namespace_id = ? AND bucket_id = ? AND object_id IN (${placeholders(ids.length)})`)
        .all(namespaceId, bucketId, ...ids) as Row[];
      for (const row of rows) out.push(toObject(row));
    }
    return out;
  }

  async missing(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<string[]> {
    const found = new Set<string>();
    for (const ids of slices(objectIds)) {
      const rows = this.db
        .prepare(
          `SELECT object_id FROM objects WHERE namespace_id = ? AND bucket_id = ? AND object_id IN (${placeholders(ids.length)})`,
        )
        .all(namespaceId, bucketId, ...ids) as Row[];
      for (const row of rows) found.add(str(row['object_id']));
    }
    return objectIds.filter((id) => !found.has(id));
  }
}
