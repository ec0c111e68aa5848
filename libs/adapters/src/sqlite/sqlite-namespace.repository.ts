import { AlreadyExistsError, Namespace } from '@strata/domain';
import type { NamespaceRepository, Page, PageQuery } from '@strata/ports';
import type { ListRequest } from '@strata/contracts';
import { SqliteDb, isUniqueViolation } from './sqlite-database';
import { runListQuery } from './sqlite-list-query';
import { NAMESPACE_TABLE } from './sqlite-list-tables';
import { str, strOrNull } from './sqlite-rows';
import type { Row } from './sqlite-rows';

export class SqliteNamespaceRepository implements NamespaceRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(ns: Namespace): Promise<void> {
    try {
      this.db
        .prepare(
          'INSERT INTO namespaces (namespace_id, namespace_name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(ns.namespaceId, ns.namespaceName, ns.description, ns.createdAt, ns.updatedAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`a namespace named '${ns.namespaceName}' already exists`);
      throw error;
    }
  }

  async findByIdOrName(idOrName: string): Promise<Namespace | null> {
    const row = this.db
      .prepare('SELECT * FROM namespaces WHERE namespace_id = ? OR namespace_name = ? LIMIT 1')
      .get(idOrName, idOrName) as Row | undefined;
    return row === undefined ? null : toNamespace(row);
  }

  async update(
    namespaceId: string,
    patch: { namespaceName?: string; description?: string | null },
    updatedAt: string,
  ): Promise<Namespace | null> {
    try {
      const row = this.db
        .prepare(
          `UPDATE namespaces SET namespace_name = COALESCE(?, namespace_name),
             description = CASE WHEN ? THEN ? ELSE description END, updated_at = ?
           WHERE namespace_id = ? RETURNING *`,
        )
        .get(patch.namespaceName ?? null, patch.description !== undefined ? 1 : 0, patch.description ?? null, updatedAt, namespaceId) as
        | Row
        | undefined;
      return row === undefined ? null : toNamespace(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`a namespace named '${patch.namespaceName ?? ''}' already exists`);
      throw error;
    }
  }

  async list(page: PageQuery): Promise<Page<Namespace>> {
    const rows = this.db
      .prepare('SELECT * FROM namespaces ORDER BY created_at, namespace_id LIMIT ? OFFSET ?')
      .all(page.limit, page.offset) as Row[];
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM namespaces').get() as { n: number };
    return { results: rows.map(toNamespace), total: n };
  }

  /** Filters, search and sort compiled into SQL (sqlite-list-query.ts); needs the functions registerListFunctions adds. */
  async query(request: ListRequest): Promise<Page<Namespace>> {
    const { rows, total } = runListQuery(this.db, NAMESPACE_TABLE, { where: '1', params: {} }, request);
    return { results: rows.map(toNamespace), total };
  }

  async delete(namespaceId: string): Promise<void> {
    this.db
      .transaction(() => {
        const batchScoped = ['batch_items', 'batch_progress_seconds', 'batch_tiers', 'batch_log', 'batch_objects'];
        for (const table of batchScoped) {
          this.db.prepare(`DELETE FROM ${table} WHERE batch_id IN (SELECT batch_id FROM batches WHERE namespace_id = ?)`).run(namespaceId);
        }
        // Children before parents (foreign keys).
        const tables = ['schedule_runs', 'schedules', 'documents', 'deleted_objects', 'batches', 'uploads', 'objects'];
        for (const table of [...tables, 'collection_sources', 'collections', 'buckets', 'namespaces']) {
          this.db.prepare(`DELETE FROM ${table} WHERE namespace_id = ?`).run(namespaceId);
        }
      })
      .immediate();
  }
}

function toNamespace(row: Row): Namespace {
  return {
    namespaceId: str(row['namespace_id']),
    namespaceName: str(row['namespace_name']),
    description: strOrNull(row['description']),
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
  };
}
