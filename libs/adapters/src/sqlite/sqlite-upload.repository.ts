import { Upload } from '@strata/domain';
import type { Page, PageQuery, UploadRepository } from '@strata/ports';
import type { ListRequest } from '@strata/contracts';
import { SqliteDb, json, parseJson } from './sqlite-database';
import { runListQuery } from './sqlite-list-query';
import { UPLOAD_TABLE } from './sqlite-list-tables';
import { str } from './sqlite-rows';

export class SqliteUploadRepository implements UploadRepository {
  constructor(private readonly db: SqliteDb) {}

  // The record is kept whole as JSON; the columns are what queries filter and order on.
  async create(u: Upload): Promise<void> {
    this.db
      .prepare('INSERT INTO uploads (upload_id, namespace_id, bucket_id, status, received_hash, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(u.uploadId, u.namespaceId, u.bucketId, u.status, u.receivedHash, json(u), u.createdAt);
  }

  async find(namespaceId: string, bucketId: string, uploadId: string): Promise<Upload | null> {
    const row = this.db
      .prepare('SELECT body FROM uploads WHERE namespace_id = ? AND bucket_id = ? AND upload_id = ?')
      .get(namespaceId, bucketId, uploadId) as { body: string } | undefined;
    return row === undefined ? null : parseJson<Upload | null>(row.body, null);
  }

  async update(u: Upload, expectedStatus: Upload['status']): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE uploads SET status = ?, received_hash = ?, body = ?
           WHERE namespace_id = ? AND bucket_id = ? AND upload_id = ? AND status = ?`,
        )
        .run(u.status, u.receivedHash, json(u), u.namespaceId, u.bucketId, u.uploadId, expectedStatus).changes > 0
    );
  }

  async delete(namespaceId: string, bucketId: string, uploadId: string): Promise<boolean> {
    return (
      this.db.prepare('DELETE FROM uploads WHERE namespace_id = ? AND bucket_id = ? AND upload_id = ?').run(namespaceId, bucketId, uploadId)
        .changes > 0
    );
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<Upload>> {
    const rows = this.db
      .prepare('SELECT body FROM uploads WHERE namespace_id = ? AND bucket_id = ? ORDER BY created_at DESC, upload_id DESC LIMIT ? OFFSET ?')
      .all(namespaceId, bucketId, page.limit, page.offset) as Array<{ body: string }>;
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM uploads WHERE namespace_id = ? AND bucket_id = ?').get(namespaceId, bucketId) as {
      n: number;
    };
    return { results: rows.map((r) => parseJson<Upload | null>(r.body, null)).filter((u): u is Upload => u !== null), total: n };
  }

  /** Filters, search and sort compiled into SQL (sqlite-list-query.ts); needs the functions registerListFunctions adds. */
  async query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<Upload>> {
    const { rows, total } = runListQuery(
      this.db,
      UPLOAD_TABLE,
      { where: 'u.namespace_id = @scope_ns AND u.bucket_id = @scope_parent', params: { scope_ns: namespaceId, scope_parent: bucketId } },
      request,
    );
    return { results: rows.map((r) => parseJson<Upload | null>(str(r['body']), null)).filter((u): u is Upload => u !== null), total };
  }

  async findCompletedByHash(namespaceId: string, bucketId: string, hash: string): Promise<Upload | null> {
    const row = this.db
      .prepare(
        `SELECT body FROM uploads WHERE namespace_id = ? AND bucket_id = ? AND status = 'COMPLETED' AND received_hash = ?
         ORDER BY created_at LIMIT 1`,
      )
      .get(namespaceId, bucketId, hash) as { body: string } | undefined;
    return row === undefined ? null : parseJson<Upload | null>(row.body, null);
  }
}
