import type { ListRequest } from '@strata/contracts';
import { runListQuery } from './sqlite-list-query';
import { COLLECTION_TABLE } from './sqlite-list-tables';
import { AlreadyExistsError, Collection, CollectionOutputSchema } from '@strata/domain';
import type {
  CollectionPatch,
  CollectionRepository,
  OutboxMessage,
  Page,
  PageQuery,
} from '@strata/ports';
import { SqliteDb, isUniqueViolation, json, parseJson } from './sqlite-database';
import { str, strOrNull, placeholders } from './sqlite-rows';
import type { Row } from './sqlite-rows';
import { insertOutbox } from './sqlite-outbox.repository';

function toCollection(row: Row): Collection {
  return {
    namespaceId: str(row['namespace_id']),
    collectionId: str(row['collection_id']),
    collectionName: str(row['collection_name']),
    description: strOrNull(row['description']),
    source: parseJson(str(row['source']), { type: 'bucket', bucketIds: [], collectionIds: [] }),
    featureExtractor: parseJson(str(row['feature_extractor']), {
      featureExtractorName: '',
      version: '',
      parameters: {},
      inputMappings: {},
    }),
    ...(row['output_schema'] === null || row['output_schema'] === undefined
      ? {}
      : { outputSchema: parseJson<CollectionOutputSchema>(str(row['output_schema']), { properties: {} }) }),
    vectorIndexes: parseJson(str(row['vector_indexes']), []),
    enabled: row['enabled'] === 1,
    metadata: parseJson(str(row['metadata']), {}),
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
  };
}

export class SqliteCollectionRepository implements CollectionRepository {
  constructor(private readonly db: SqliteDb) {}

  /** The row, its sources and its `outbox` events commit in one transaction (docs/adr/0095-transactional-outbox.md). */
  async create(c: Collection, outbox?: readonly OutboxMessage[]): Promise<void> {
    const insertSource = this.db.prepare(
      'INSERT INTO collection_sources (namespace_id, source_type, source_id, collection_id) VALUES (?, ?, ?, ?)',
    );
    try {
      this.db
        .transaction(() => {
          this.db
            .prepare(
              `INSERT INTO collections (collection_id, namespace_id, collection_name, description, source, feature_extractor,
                 output_schema, vector_indexes, enabled, metadata, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              c.collectionId,
              c.namespaceId,
              c.collectionName,
              c.description,
              json(c.source),
              json(c.featureExtractor),
              c.outputSchema === undefined ? null : json(c.outputSchema),
              json(c.vectorIndexes),
              c.enabled ? 1 : 0,
              json(c.metadata),
              c.createdAt,
              c.updatedAt,
            );
          for (const id of c.source.bucketIds) insertSource.run(c.namespaceId, 'bucket', id, c.collectionId);
          for (const id of c.source.collectionIds) insertSource.run(c.namespaceId, 'collection', id, c.collectionId);
          insertOutbox(this.db, outbox, Date.now());
        })
        .immediate();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AlreadyExistsError(`a collection named '${c.collectionName}' already exists in this namespace`);
      }
      throw error;
    }
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Collection | null> {
    const row = this.db
      .prepare('SELECT * FROM collections WHERE namespace_id = ? AND (collection_id = ? OR collection_name = ?) LIMIT 1')
      .get(namespaceId, idOrName, idOrName) as Row | undefined;
    return row === undefined ? null : toCollection(row);
  }

  async findMany(namespaceId: string, collectionIds: readonly string[]): Promise<Collection[]> {
    if (collectionIds.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT * FROM collections WHERE namespace_id = ? AND collection_id IN (${placeholders(collectionIds.length)})`)
      .all(namespaceId, ...collectionIds) as Row[];
    return rows.map(toCollection);
  }

  async listBySourceBucket(namespaceId: string, bucketId: string): Promise<Collection[]> {
    return this.bySource(namespaceId, 'bucket', [bucketId]);
  }

  async listBySourceCollections(namespaceId: string, collectionIds: readonly string[], options: { includeDisabled?: boolean } = {}): Promise<Collection[]> {
    return this.bySource(namespaceId, 'collection', collectionIds, options.includeDisabled === true);
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Collection>> {
    const rows = this.db
      .prepare('SELECT * FROM collections WHERE namespace_id = ? ORDER BY created_at, collection_id LIMIT ? OFFSET ?')
      .all(namespaceId, page.limit, page.offset) as Row[];
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM collections WHERE namespace_id = ?').get(namespaceId) as { n: number };
    return { results: rows.map(toCollection), total: n };
  }

  /** Filters and sort compiled into SQL (sqlite-list-query.ts); needs the functions registerListFunctions adds. */
  async query(namespaceId: string, request: ListRequest): Promise<Page<Collection>> {
    const { rows, total } = runListQuery(this.db, COLLECTION_TABLE, { where: 'c.namespace_id = @scope_ns', params: { scope_ns: namespaceId } }, request);
    return { results: rows.map(toCollection), total };
  }

  async hasMissingOutputSchema(namespaceId: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM collections WHERE namespace_id = ? AND output_schema IS NULL LIMIT 1').get(namespaceId) !== undefined;
  }

  async listMissingOutputSchema(afterCollectionId: string | null, limit: number): Promise<Collection[]> {
    const rows = this.db
      .prepare('SELECT * FROM collections WHERE output_schema IS NULL AND collection_id > ? ORDER BY collection_id LIMIT ?')
      .all(afterCollectionId ?? '', limit) as Row[];
    return rows.map(toCollection);
  }

  async setOutputSchema(namespaceId: string, collectionId: string, outputSchema: CollectionOutputSchema): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE collections SET output_schema = ? WHERE namespace_id = ? AND collection_id = ? AND output_schema IS NULL')
      .run(json(outputSchema), namespaceId, collectionId);
    return result.changes > 0;
  }

  async update(
    namespaceId: string,
    collectionId: string,
    patch: CollectionPatch,
    updatedAt: string,
    outbox?: readonly OutboxMessage[],
  ): Promise<Collection | null> {
    try {
      return this.db
        .transaction((): Collection | null => {
          const row = this.db
            .prepare(
              `UPDATE collections SET collection_name = COALESCE(?, collection_name),
                 description = CASE WHEN ? THEN ? ELSE description END,
                 enabled = COALESCE(?, enabled), metadata = COALESCE(?, metadata), updated_at = ?
               WHERE namespace_id = ? AND collection_id = ? RETURNING *`,
            )
            .get(
              patch.collectionName ?? null,
              patch.description !== undefined ? 1 : 0,
              patch.description ?? null,
              patch.enabled === undefined ? null : patch.enabled ? 1 : 0,
              patch.metadata === undefined ? null : json(patch.metadata),
              updatedAt,
              namespaceId,
              collectionId,
            ) as Row | undefined;
          if (row === undefined) return null;
          insertOutbox(this.db, outbox, Date.now());
          return toCollection(row);
        })
        .immediate();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AlreadyExistsError(`a collection named '${patch.collectionName ?? ''}' already exists in this namespace`);
      }
      throw error;
    }
  }

  async delete(namespaceId: string, collectionId: string, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const owned = this.db.prepare('SELECT 1 FROM collections WHERE namespace_id = ? AND collection_id = ?').get(namespaceId, collectionId);
        if (owned === undefined) return false;
        this.db.prepare('DELETE FROM documents WHERE namespace_id = ? AND collection_id = ?').run(namespaceId, collectionId);
        this.db.prepare('DELETE FROM collection_sources WHERE namespace_id = ? AND collection_id = ?').run(namespaceId, collectionId);
        this.db.prepare('DELETE FROM collections WHERE namespace_id = ? AND collection_id = ?').run(namespaceId, collectionId);
        insertOutbox(this.db, outbox, Date.now());
        return true;
      })
      .immediate();
  }

  private bySource(namespaceId: string, type: string, sourceIds: readonly string[], includeDisabled = false): Collection[] {
    if (sourceIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT DISTINCT c.* FROM collection_sources s JOIN collections c ON c.collection_id = s.collection_id
         WHERE s.namespace_id = ? AND s.source_type = ? AND s.source_id IN (${placeholders(sourceIds.length)})${includeDisabled ? '' : ' AND c.enabled = 1'}
         ORDER BY c.created_at, c.collection_id`,
      )
      .all(namespaceId, type, ...sourceIds) as Row[];
    return rows.map(toCollection);
  }
}
