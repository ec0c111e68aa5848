import { AlreadyExistsError, BatchStatus, Bucket } from '@strata/domain';
import type { BucketRepository, Page, PageQuery } from '@strata/ports';
import type { ListRequest } from '@strata/contracts';
import { SqliteDb, isUniqueViolation, json, parseJson } from './sqlite-database';
import { runListQuery } from './sqlite-list-query';
import { BUCKET_TABLE } from './sqlite-list-tables';
import { str, strOrNull } from './sqlite-rows';
import type { Row } from './sqlite-rows';

function toBucket(row: Row): Bucket {
  const uniqueKey = row['unique_key'];
  return {
    namespaceId: str(row['namespace_id']),
    bucketId: str(row['bucket_id']),
    bucketName: str(row['bucket_name']),
    description: strOrNull(row['description']),
    bucketSchema: parseJson(str(row['bucket_schema']), { properties: {} }),
    uniqueKey: typeof uniqueKey === 'string' ? parseJson(uniqueKey, null) : null,
    metadata: parseJson(str(row['metadata']), {}),
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
  };
}

export class SqliteBucketRepository implements BucketRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(b: Bucket): Promise<void> {
    try {
      this.db
        .prepare(
          `INSERT INTO buckets (bucket_id, namespace_id, bucket_name, description, bucket_schema, unique_key, metadata, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          b.bucketId,
          b.namespaceId,
          b.bucketName,
          b.description,
          json(b.bucketSchema),
          b.uniqueKey ? json(b.uniqueKey) : null,
          json(b.metadata),
          b.createdAt,
          b.updatedAt,
        );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`a bucket named '${b.bucketName}' already exists in this namespace`);
      throw error;
    }
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Bucket | null> {
    const row = this.db
      .prepare('SELECT * FROM buckets WHERE namespace_id = ? AND (bucket_id = ? OR bucket_name = ?) LIMIT 1')
      .get(namespaceId, idOrName, idOrName) as Row | undefined;
    return row === undefined ? null : toBucket(row);
  }

  async update(
    namespaceId: string,
    bucketId: string,
    patch: { bucketName?: string; description?: string | null; metadata?: Record<string, unknown> },
    updatedAt: string,
  ): Promise<Bucket | null> {
    try {
      const row = this.db
        .prepare(
          `UPDATE buckets SET bucket_name = COALESCE(?, bucket_name),
             description = CASE WHEN ? THEN ? ELSE description END,
             metadata = COALESCE(?, metadata), updated_at = ?
           WHERE namespace_id = ? AND bucket_id = ? RETURNING *`,
        )
        .get(
          patch.bucketName ?? null,
          patch.description !== undefined ? 1 : 0,
          patch.description ?? null,
          patch.metadata === undefined ? null : json(patch.metadata),
          updatedAt,
          namespaceId,
          bucketId,
        ) as Row | undefined;
      return row === undefined ? null : toBucket(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`a bucket named '${patch.bucketName ?? ''}' already exists in this namespace`);
      throw error;
    }
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Bucket>> {
    const rows = this.db
      .prepare('SELECT * FROM buckets WHERE namespace_id = ? ORDER BY created_at, bucket_id LIMIT ? OFFSET ?')
      .all(namespaceId, page.limit, page.offset) as Row[];
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM buckets WHERE namespace_id = ?').get(namespaceId) as { n: number };
    return { results: rows.map(toBucket), total: n };
  }

  /** Filters, search and sort compiled into SQL (sqlite-list-query.ts); needs the functions registerListFunctions adds. */
  async query(namespaceId: string, request: ListRequest): Promise<Page<Bucket>> {
    const { rows, total } = runListQuery(this.db, BUCKET_TABLE, { where: 'b.namespace_id = @scope_ns', params: { scope_ns: namespaceId } }, request);
    return { results: rows.map(toBucket), total };
  }

  async stats(
    namespaceId: string,
    bucketId: string,
  ): Promise<{ objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }> {
    const objects = this.db
      .prepare(
        `SELECT COUNT(DISTINCT o.object_id) AS n, COALESCE(SUM(json_extract(b.value, '$.sizeBytes')), 0) AS size
         FROM objects o LEFT JOIN json_each(o.blobs) b
         WHERE o.namespace_id = ? AND o.bucket_id = ?`,
      )
      .get(namespaceId, bucketId) as { n: number; size: number };
    const rows = this.db
      .prepare('SELECT status, COUNT(*) AS n FROM batches WHERE namespace_id = ? AND bucket_id = ? GROUP BY status')
      .all(namespaceId, bucketId) as Array<{ status: BatchStatus; n: number }>;
    const batchesByStatus: Partial<Record<BatchStatus, number>> = {};
    for (const r of rows) batchesByStatus[r.status] = r.n;
    return { objectCount: objects.n, totalSizeBytes: objects.size, batchesByStatus };
  }

  async statsMany(
    namespaceId: string,
    bucketIds: readonly string[],
  ): Promise<Map<string, { objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }>> {
    const out = new Map(bucketIds.map((id) => [id, { objectCount: 0, totalSizeBytes: 0, batchesByStatus: {} as Partial<Record<BatchStatus, number>> }]));
    if (bucketIds.length === 0) return out;
    const ids = [...out.keys()];
    const marks = ids.map(() => '?').join(', ');
    const objects = this.db
      .prepare(
        `SELECT o.bucket_id AS bucket_id, COUNT(DISTINCT o.object_id) AS n, COALESCE(SUM(json_extract(b.value, '$.sizeBytes')), 0) AS size
         FROM objects o LEFT JOIN json_each(o.blobs) b
         WHERE o.namespace_id = ? AND o.bucket_id IN (${marks}) GROUP BY o.bucket_id`,
      )
      .all(namespaceId, ...ids) as Array<{ bucket_id: string; n: number; size: number }>;
    for (const r of objects) Object.assign(out.get(r.bucket_id) ?? {}, { objectCount: r.n, totalSizeBytes: r.size });
    const batches = this.db
      .prepare(`SELECT bucket_id, status, COUNT(*) AS n FROM batches WHERE namespace_id = ? AND bucket_id IN (${marks}) GROUP BY bucket_id, status`)
      .all(namespaceId, ...ids) as Array<{ bucket_id: string; status: BatchStatus; n: number }>;
    for (const r of batches) {
      const stats = out.get(r.bucket_id);
      if (stats !== undefined) stats.batchesByStatus[r.status] = r.n;
    }
    return out;
  }

  async delete(namespaceId: string, bucketId: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const batchIds = `SELECT batch_id FROM batches WHERE namespace_id = ? AND bucket_id = ?`;
        for (const table of ['batch_items', 'batch_progress_seconds', 'batch_tiers', 'batch_log', 'batch_objects']) {
          this.db.prepare(`DELETE FROM ${table} WHERE batch_id IN (${batchIds})`).run(namespaceId, bucketId);
        }
        this.db
          .prepare('DELETE FROM schedule_runs WHERE schedule_id IN (SELECT schedule_id FROM schedules WHERE namespace_id = ? AND bucket_id = ?)')
          .run(namespaceId, bucketId);
        // No tombstones for its objects, and those of objects deleted before go: the bucket's documents stay (ADR 0050, 2026-12-07).
        for (const table of ['batches', 'uploads', 'objects', 'schedules', 'deleted_objects']) {
          this.db.prepare(`DELETE FROM ${table} WHERE namespace_id = ? AND bucket_id = ?`).run(namespaceId, bucketId);
        }
        this.db
          .prepare(`DELETE FROM collection_sources WHERE namespace_id = ? AND source_type = 'bucket' AND source_id = ?`)
          .run(namespaceId, bucketId);
        return this.db.prepare('DELETE FROM buckets WHERE namespace_id = ? AND bucket_id = ?').run(namespaceId, bucketId).changes > 0;
      })
      .immediate();
  }
}
