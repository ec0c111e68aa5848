import {
  AlreadyExistsError,
  ApiKey,
  Batch,
  BatchStatus,
  BatchTier,
  Bucket,
  Collection,
  DEFAULT_BATCH_POLICY,
  DocumentRecord,
  ErrorCategory,
  ItemOutcome,
  Namespace,
  StoredObject,
  TierStatus,
  Upload,
  isTerminal,
} from '@strata/domain';
import type {
  ApiKeyRepository,
  BatchState,
  ScheduleRepository,
  OrphanedDocument,
  SourceState,
  TierTotals,
  BatchRepository,
  BucketRepository,
  ClaimRequest,
  ClaimedBatch,
  CollectionPatch,
  CollectionRepository,
  DocumentRepository,
  FailedItem,
  MetadataStore,
  NamespaceRepository,
  ObjectRepository,
  Page,
  PageQuery,
  RecordOutcomesResult,
  RetryBatchChange,
  SubmitBatchChange,
  WebhookDeliveryRepository,
  WebhookRepository,
  UploadRepository,
} from '@strata/ports';
import { METADATA_MIGRATIONS } from './metadata-schema';
import { SqliteWebhookDeliveries, SqliteWebhooks } from './sqlite-webhook.repository';
import { SqliteSchedules } from './sqlite-schedule.repository';
import { SqliteDb, isUniqueViolation, json, migrate, openSqlite, parseJson } from './sqlite-database';

type Row = Record<string, unknown>;
const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));

/** SQLite limits bound parameters per statement; query id lists in slices of this size. */
const IN_SLICE = 500;

function slices<T>(items: readonly T[], size = IN_SLICE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function placeholders(n: number): string {
  return new Array(n).fill('?').join(',');
}

class SqliteNamespaces implements NamespaceRepository {
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

  async delete(namespaceId: string): Promise<void> {
    this.db
      .transaction(() => {
        const batchScoped = ['batch_items', 'batch_progress_seconds', 'batch_tiers'];
        for (const table of batchScoped) {
          this.db.prepare(`DELETE FROM ${table} WHERE batch_id IN (SELECT batch_id FROM batches WHERE namespace_id = ?)`).run(namespaceId);
        }
        // Children before parents (foreign keys).
        for (const table of ['schedule_runs', 'schedules', 'documents', 'batches', 'uploads', 'objects', 'collection_sources', 'collections', 'buckets', 'namespaces']) {
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

class SqliteBuckets implements BucketRepository {
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

  async delete(namespaceId: string, bucketId: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const batchIds = `SELECT batch_id FROM batches WHERE namespace_id = ? AND bucket_id = ?`;
        for (const table of ['batch_items', 'batch_progress_seconds', 'batch_tiers']) {
          this.db.prepare(`DELETE FROM ${table} WHERE batch_id IN (${batchIds})`).run(namespaceId, bucketId);
        }
        this.db
          .prepare('DELETE FROM schedule_runs WHERE schedule_id IN (SELECT schedule_id FROM schedules WHERE namespace_id = ? AND bucket_id = ?)')
          .run(namespaceId, bucketId);
        for (const table of ['batches', 'uploads', 'objects', 'schedules']) {
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

class SqliteObjects implements ObjectRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(o: StoredObject): Promise<void> {
    try {
      this.db
        .prepare(
          `INSERT INTO objects (object_id, namespace_id, bucket_id, key_prefix, metadata, blobs, unique_key_value, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(o.objectId, o.namespaceId, o.bucketId, o.keyPrefix, json(o.metadata), json(o.blobs), o.uniqueKeyValue ?? null, o.createdAt, o.updatedAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`an object with unique key ${o.uniqueKeyValue ?? ''} already exists in this bucket`);
      throw error;
    }
  }

  async update(o: StoredObject): Promise<boolean> {
    try {
      return (
        this.db
          .prepare(
            `UPDATE objects SET key_prefix = ?, metadata = ?, blobs = ?, unique_key_value = ?, updated_at = ?
             WHERE namespace_id = ? AND bucket_id = ? AND object_id = ?`,
          )
          .run(o.keyPrefix, json(o.metadata), json(o.blobs), o.uniqueKeyValue ?? null, o.updatedAt, o.namespaceId, o.bucketId, o.objectId)
          .changes > 0
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError(`an object with unique key ${o.uniqueKeyValue ?? ''} already exists in this bucket`);
      throw error;
    }
  }

  async delete(namespaceId: string, bucketId: string, objectId: string): Promise<boolean> {
    return (
      this.db.prepare('DELETE FROM objects WHERE namespace_id = ? AND bucket_id = ? AND object_id = ?').run(namespaceId, bucketId, objectId)
        .changes > 0
    );
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
    vectorIndexes: parseJson(str(row['vector_indexes']), []),
    enabled: row['enabled'] === 1,
    metadata: parseJson(str(row['metadata']), {}),
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
  };
}

class SqliteCollections implements CollectionRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(c: Collection): Promise<void> {
    const insertSource = this.db.prepare(
      'INSERT INTO collection_sources (namespace_id, source_type, source_id, collection_id) VALUES (?, ?, ?, ?)',
    );
    try {
      this.db
        .transaction(() => {
          this.db
            .prepare(
              `INSERT INTO collections (collection_id, namespace_id, collection_name, description, source, feature_extractor,
                 vector_indexes, enabled, metadata, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              c.collectionId,
              c.namespaceId,
              c.collectionName,
              c.description,
              json(c.source),
              json(c.featureExtractor),
              json(c.vectorIndexes),
              c.enabled ? 1 : 0,
              json(c.metadata),
              c.createdAt,
              c.updatedAt,
            );
          for (const id of c.source.bucketIds) insertSource.run(c.namespaceId, 'bucket', id, c.collectionId);
          for (const id of c.source.collectionIds) insertSource.run(c.namespaceId, 'collection', id, c.collectionId);
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

  async update(namespaceId: string, collectionId: string, patch: CollectionPatch, updatedAt: string): Promise<Collection | null> {
    try {
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
      return row === undefined ? null : toCollection(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AlreadyExistsError(`a collection named '${patch.collectionName ?? ''}' already exists in this namespace`);
      }
      throw error;
    }
  }

  async delete(namespaceId: string, collectionId: string): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const owned = this.db.prepare('SELECT 1 FROM collections WHERE namespace_id = ? AND collection_id = ?').get(namespaceId, collectionId);
        if (owned === undefined) return false;
        this.db.prepare('DELETE FROM documents WHERE namespace_id = ? AND collection_id = ?').run(namespaceId, collectionId);
        this.db.prepare('DELETE FROM collection_sources WHERE namespace_id = ? AND collection_id = ?').run(namespaceId, collectionId);
        this.db.prepare('DELETE FROM collections WHERE namespace_id = ? AND collection_id = ?').run(namespaceId, collectionId);
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

function toBatch(row: Row): Batch {
  const owner = strOrNull(row['lease_owner']);
  return {
    namespaceId: str(row['namespace_id']),
    bucketId: str(row['bucket_id']),
    batchId: str(row['batch_id']),
    status: str(row['status']) as BatchStatus,
    objectIds: parseJson(str(row['object_ids']), []),
    dagTiers: parseJson(str(row['dag_tiers']), []),
    currentTier: row['current_tier'] === null ? null : (row['current_tier'] as number),
    taskId: strOrNull(row['task_id']),
    manifestKey: strOrNull(row['manifest_key']),
    includeProcessingHistory: row['include_processing_history'] === 1,
    policy: parseJson(strOrNull(row['policy']), DEFAULT_BATCH_POLICY),
    metadata: parseJson(str(row['metadata']), {}),
    error: strOrNull(row['error']),
    lease: owner === null ? null : { owner, expiresAt: row['lease_expires_at'] as number },
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
    submittedAt: strOrNull(row['submitted_at']),
    startedAt: strOrNull(row['started_at']),
    completedAt: strOrNull(row['completed_at']),
  };
}

function toTier(row: Row): BatchTier {
  return {
    batchId: str(row['batch_id']),
    tier: row['tier'] as number,
    status: str(row['status']) as TierStatus,
    collectionIds: parseJson(str(row['collection_ids']), []),
    totalItems: row['total_items'] as number,
    succeededItems: row['succeeded_items'] as number,
    failedItems: row['failed_items'] as number,
    skippedItems: (row['skipped_items'] as number | undefined) ?? 0,
    documentsWritten: row['documents_written'] as number,
    publishedChunks: row['published_chunks'] as number,
    totalChunks: row['total_chunks'] as number,
    errorSummary: parseJson(str(row['error_summary']), {}),
    startedAt: strOrNull(row['started_at']),
    completedAt: strOrNull(row['completed_at']),
    lastProgressAt: strOrNull(row['last_progress_at']),
    retryRound: (row['retry_round'] as number | undefined) ?? 0,
  };
}

class SqliteBatches implements BatchRepository {
  private readonly insertItem;
  private readonly selectTier;
  private readonly bumpTier;
  private readonly bumpSecond;

  constructor(private readonly db: SqliteDb) {
    this.insertItem = db.prepare(
      `INSERT INTO batch_items (batch_id, tier, collection_id, item_id, status, documents_written, error_category,
         error_message, error_stage, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.selectTier = db.prepare('SELECT * FROM batch_tiers WHERE batch_id = ? AND tier = ?');
    this.bumpTier = db.prepare(
      `UPDATE batch_tiers SET succeeded_items = succeeded_items + ?, failed_items = failed_items + ?, skipped_items = skipped_items + ?,
         documents_written = documents_written + ?, error_summary = ?, last_progress_at = ? WHERE batch_id = ? AND tier = ?`,
    );
    this.bumpSecond = db.prepare(
      `INSERT INTO batch_progress_seconds (batch_id, second, items) VALUES (?, ?, ?)
       ON CONFLICT (batch_id, second) DO UPDATE SET items = items + excluded.items`,
    );
  }

  async create(b: Batch): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO batches (batch_id, namespace_id, bucket_id, status, object_ids, dag_tiers, current_tier, task_id,
           manifest_key, include_processing_history, policy, metadata, error, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        b.batchId,
        b.namespaceId,
        b.bucketId,
        b.status,
        json(b.objectIds),
        json(b.dagTiers),
        b.currentTier,
        b.taskId,
        b.manifestKey,
        b.includeProcessingHistory ? 1 : 0,
        json(b.policy),
        json(b.metadata),
        b.error,
        b.createdAt,
        b.updatedAt,
      );
  }

  async find(namespaceId: string, batchId: string): Promise<Batch | null> {
    const row = this.db.prepare('SELECT * FROM batches WHERE namespace_id = ? AND batch_id = ?').get(namespaceId, batchId) as
      | Row
      | undefined;
    return row === undefined ? null : toBatch(row);
  }

  async list(
    namespaceId: string,
    bucketId: string,
    query: { status: BatchStatus | null; offset: number; limit: number },
  ): Promise<{ results: Batch[]; total: number }> {
    const where = `namespace_id = ? AND bucket_id = ?${query.status === null ? '' : ' AND status = ?'}`;
    const params: unknown[] = query.status === null ? [namespaceId, bucketId] : [namespaceId, bucketId, query.status];
    const rows = this.db
      .prepare(`SELECT * FROM batches WHERE ${where} ORDER BY created_at DESC, batch_id DESC LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as Row[];
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM batches WHERE ${where}`).get(...params) as { n: number };
    return { results: rows.map(toBatch), total: n };
  }

  async findByTaskId(taskId: string): Promise<Batch | null> {
    const row = this.db.prepare('SELECT * FROM batches WHERE task_id = ?').get(taskId) as Row | undefined;
    return row === undefined ? null : toBatch(row);
  }

  async addObjects(namespaceId: string, batchId: string, objectIds: readonly string[], updatedAt: string): Promise<Batch | null> {
    return this.db
      .transaction((): Batch | null => {
        const row = this.db
          .prepare("SELECT * FROM batches WHERE namespace_id = ? AND batch_id = ? AND status = 'DRAFT'")
          .get(namespaceId, batchId) as Row | undefined;
        if (row === undefined) return null;
        const batch = toBatch(row);
        const merged = [...new Set([...batch.objectIds, ...objectIds])];
        this.db
          .prepare("UPDATE batches SET object_ids = ?, updated_at = ? WHERE batch_id = ? AND status = 'DRAFT'")
          .run(json(merged), updatedAt, batchId);
        return { ...batch, objectIds: merged, updatedAt };
      })
      .immediate();
  }

  async submit(namespaceId: string, batchId: string, change: SubmitBatchChange): Promise<boolean> {
    const insertTier = this.db.prepare(
      `INSERT INTO batch_tiers (batch_id, tier, status, collection_ids, total_items, total_chunks) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    return this.db
      .transaction((): boolean => {
        const result = this.db
          .prepare(
            `UPDATE batches SET status = ?, task_id = ?, manifest_key = ?, dag_tiers = ?, include_processing_history = ?,
               policy = COALESCE(?, policy), submitted_at = ?, updated_at = ? WHERE namespace_id = ? AND batch_id = ? AND status = ?`,
          )
          .run(
            change.to,
            change.taskId,
            change.manifestKey,
            json(change.dagTiers),
            change.includeProcessingHistory ? 1 : 0,
            change.policy === undefined ? null : json(change.policy),
            change.submittedAt,
            change.submittedAt,
            namespaceId,
            batchId,
            change.from,
          );
        if (result.changes === 0) return false;
        for (const t of change.tiers) {
          insertTier.run(batchId, t.tier, t.status, json(t.collectionIds), t.totalItems, t.totalChunks);
        }
        return true;
      })
      .immediate();
  }

  async claimNext(request: ClaimRequest): Promise<ClaimedBatch | null> {
    const nsFilter =
      request.namespaceIds === null ? '' : `AND namespace_id IN (${placeholders(Math.max(request.namespaceIds.length, 1))})`;
    const nsParams = request.namespaceIds === null ? [] : request.namespaceIds.length > 0 ? request.namespaceIds : [''];
    const expires = request.now + request.leaseMs;
    const nowIso = new Date(request.now).toISOString();
    return this.db
      .transaction((): ClaimedBatch | null => {
        const candidate = this.db
          .prepare(
            `SELECT batch_id, status FROM batches
             WHERE (status = ? OR (status = 'PROCESSING' AND (lease_expires_at IS NULL OR lease_expires_at < ?))) ${nsFilter}
             ORDER BY submitted_at LIMIT 1`,
          )
          .get(request.from, request.now, ...nsParams) as Row | undefined;
        if (candidate === undefined) return null;
        const batchId = str(candidate['batch_id']);
        const takeover = candidate['status'] !== request.from;
        const result = takeover
          ? this.db
              .prepare(
                `UPDATE batches SET lease_owner = ?, lease_expires_at = ?, updated_at = ?
                 WHERE batch_id = ? AND status = 'PROCESSING' AND (lease_expires_at IS NULL OR lease_expires_at < ?)`,
              )
              .run(request.owner, expires, nowIso, batchId, request.now)
          : this.db
              .prepare(
                `UPDATE batches SET status = ?, lease_owner = ?, lease_expires_at = ?, started_at = COALESCE(started_at, ?),
                   updated_at = ? WHERE batch_id = ? AND status = ?`,
              )
              .run(request.to, request.owner, expires, nowIso, nowIso, batchId, request.from);
        if (result.changes === 0) return null;
        const row = this.db.prepare('SELECT * FROM batches WHERE batch_id = ?').get(batchId) as Row;
        return { batch: toBatch(row), takeover };
      })
      .immediate();
  }

  async renewLease(batchId: string, owner: string, expiresAt: number): Promise<boolean> {
    const result = this.db
      .prepare("UPDATE batches SET lease_expires_at = ? WHERE batch_id = ? AND lease_owner = ? AND status = 'PROCESSING'")
      .run(expiresAt, batchId, owner);
    return result.changes > 0;
  }

  async releaseLease(batchId: string, owner: string): Promise<void> {
    this.db.prepare('UPDATE batches SET lease_expires_at = 0 WHERE batch_id = ? AND lease_owner = ?').run(batchId, owner);
  }

  async getState(batchId: string): Promise<BatchState | null> {
    const row = this.db
      .prepare('SELECT status, include_processing_history, policy FROM batches WHERE batch_id = ?')
      .get(batchId) as Row | undefined;
    if (row === undefined) return null;
    return {
      status: str(row['status']) as BatchStatus,
      includeProcessingHistory: row['include_processing_history'] === 1,
      policy: parseJson(strOrNull(row['policy']), DEFAULT_BATCH_POLICY),
    };
  }

  async getTiers(batchId: string): Promise<BatchTier[]> {
    const rows = this.db.prepare('SELECT * FROM batch_tiers WHERE batch_id = ? ORDER BY tier').all(batchId) as Row[];
    return rows.map(toTier);
  }

  async startTier(batchId: string, tier: number, owner: string, now: string, totals?: TierTotals): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const held = this.db
          .prepare("UPDATE batches SET current_tier = ?, updated_at = ? WHERE batch_id = ? AND lease_owner = ? AND status = 'PROCESSING'")
          .run(tier, now, batchId, owner);
        if (held.changes === 0) return false;
        this.db
          .prepare(
            `UPDATE batch_tiers SET status = 'PROCESSING', started_at = COALESCE(started_at, ?),
               total_items = COALESCE(?, total_items), total_chunks = COALESCE(?, total_chunks)
             WHERE batch_id = ? AND tier = ? AND status = 'PENDING'`,
          )
          .run(now, totals?.totalItems ?? null, totals?.totalChunks ?? null, batchId, tier);
        return true;
      })
      .immediate();
  }

  async recordPublished(batchId: string, tier: number, publishedChunks: number): Promise<void> {
    this.db
      .prepare('UPDATE batch_tiers SET published_chunks = MAX(published_chunks, ?) WHERE batch_id = ? AND tier = ?')
      .run(publishedChunks, batchId, tier);
  }

  async recordOutcomes(
    batchId: string,
    tier: number,
    outcomes: readonly ItemOutcome[],
    now: string,
  ): Promise<RecordOutcomesResult> {
    return this.db
      .transaction((): RecordOutcomesResult => {
        let succeeded = 0;
        let failed = 0;
        let skipped = 0;
        let documents = 0;
        const summary: Partial<Record<ErrorCategory, number>> = {};
        for (const o of outcomes) {
          const result = this.insertItem.run(
            batchId,
            tier,
            o.collectionId,
            o.itemId,
            o.status,
            o.documentsWritten,
            o.error?.category ?? null,
            o.error?.message ?? null,
            o.error?.stage ?? null,
            now,
          );
          if (result.changes === 0) continue;
          if (o.status === 'COMPLETED') succeeded += 1;
          else failed += 1;
          if (o.skipped === true) skipped += 1;
          documents += o.documentsWritten;
          if (o.error !== undefined) summary[o.error.category] = (summary[o.error.category] ?? 0) + 1;
        }
        const row = this.selectTier.get(batchId, tier) as Row | undefined;
        if (row === undefined) throw new Error(`batch ${batchId} has no tier ${tier}`);
        const current = toTier(row);
        if (succeeded + failed === 0) return { newlyRecorded: 0, tier: current };
        const merged = { ...current.errorSummary };
        for (const [k, v] of Object.entries(summary) as [ErrorCategory, number][]) merged[k] = (merged[k] ?? 0) + v;
        this.bumpTier.run(succeeded, failed, skipped, documents, json(merged), now, batchId, tier);
        this.bumpSecond.run(batchId, Math.floor(Date.parse(now) / 1_000), succeeded + failed);
        return {
          newlyRecorded: succeeded + failed,
          tier: {
            ...current,
            succeededItems: current.succeededItems + succeeded,
            failedItems: current.failedItems + failed,
            skippedItems: current.skippedItems + skipped,
            documentsWritten: current.documentsWritten + documents,
            errorSummary: merged,
            lastProgressAt: now,
          },
        };
      })
      .immediate();
  }

  async recentCompletions(batchId: string, sinceMs: number): Promise<Array<{ atMs: number; items: number }>> {
    const rows = this.db
      .prepare('SELECT second, items FROM batch_progress_seconds WHERE batch_id = ? AND second >= ? ORDER BY second')
      .all(batchId, Math.floor(sinceMs / 1_000)) as Array<{ second: number; items: number }>;
    return rows.map((r) => ({ atMs: r.second * 1_000, items: r.items }));
  }

  async documentsByCollection(batchId: string): Promise<Array<{ collectionId: string; tier: number; documents: number }>> {
    const rows = this.db
      .prepare(
        `SELECT collection_id, tier, SUM(documents_written) AS documents FROM batch_items
         WHERE batch_id = ? AND status = 'COMPLETED' GROUP BY collection_id, tier ORDER BY tier, collection_id`,
      )
      .all(batchId) as Array<{ collection_id: string; tier: number; documents: number }>;
    return rows.map((r) => ({ collectionId: r.collection_id, tier: r.tier, documents: r.documents }));
  }

  async listFailedItems(
    batchId: string,
    query: { tier: number | null; collectionId: string | null; offset: number; limit: number },
  ): Promise<{ results: FailedItem[]; total: number }> {
    const clauses = ["batch_id = ?", "status = 'FAILED'"];
    const params: unknown[] = [batchId];
    if (query.tier !== null) {
      clauses.push('tier = ?');
      params.push(query.tier);
    }
    if (query.collectionId !== null) {
      clauses.push('collection_id = ?');
      params.push(query.collectionId);
    }
    const where = clauses.join(' AND ');
    const rows = this.db
      .prepare(`SELECT * FROM batch_items WHERE ${where} ORDER BY completed_at, tier, collection_id, item_id LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as Row[];
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM batch_items WHERE ${where}`).get(...params) as { n: number };
    return {
      total: n,
      results: rows.map((r) => ({
        tier: r['tier'] as number,
        collectionId: str(r['collection_id']),
        itemId: str(r['item_id']),
        category: (strOrNull(r['error_category']) ?? 'runtime') as ErrorCategory,
        message: strOrNull(r['error_message']) ?? '',
        stage: strOrNull(r['error_stage']) ?? '',
        completedAt: str(r['completed_at']),
      })),
    };
  }

  async recordedItemIds(batchId: string, tier: number, collectionId: string): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT item_id FROM batch_items WHERE batch_id = ? AND tier = ? AND collection_id = ? ORDER BY item_id')
      .all(batchId, tier, collectionId) as Array<{ item_id: string }>;
    return rows.map((r) => r.item_id);
  }

  async reopenForRetry(namespaceId: string, batchId: string, change: RetryBatchChange): Promise<boolean> {
    const selectItem = this.db.prepare(
      "SELECT error_category FROM batch_items WHERE batch_id = ? AND tier = ? AND collection_id = ? AND item_id = ? AND status = 'FAILED'",
    );
    const deleteItem = this.db.prepare('DELETE FROM batch_items WHERE batch_id = ? AND tier = ? AND collection_id = ? AND item_id = ?');
    return this.db
      .transaction((): boolean => {
        const moved = this.db
          .prepare(
            `UPDATE batches SET status = ?, error = NULL, completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
               updated_at = ? WHERE namespace_id = ? AND batch_id = ? AND status = ?`,
          )
          .run(change.to, change.now, namespaceId, batchId, change.from);
        if (moved.changes === 0) return false;
        const removed = new Map<number, { count: number; categories: Partial<Record<ErrorCategory, number>> }>();
        for (const item of change.items) {
          const row = selectItem.get(batchId, item.tier, item.collectionId, item.itemId) as { error_category: string | null } | undefined;
          if (row === undefined) continue;
          deleteItem.run(batchId, item.tier, item.collectionId, item.itemId);
          const entry = removed.get(item.tier) ?? { count: 0, categories: {} };
          entry.count += 1;
          const category = (row.error_category ?? 'runtime') as ErrorCategory;
          entry.categories[category] = (entry.categories[category] ?? 0) + 1;
          removed.set(item.tier, entry);
        }
        for (const [tier, entry] of removed) {
          const current = toTier(this.selectTier.get(batchId, tier) as Row);
          const summary = { ...current.errorSummary };
          for (const [k, n] of Object.entries(entry.categories) as Array<[ErrorCategory, number]>) {
            const left = (summary[k] ?? 0) - n;
            if (left > 0) summary[k] = left;
            else delete summary[k];
          }
          this.db
            .prepare('UPDATE batch_tiers SET failed_items = MAX(failed_items - ?, 0), error_summary = ? WHERE batch_id = ? AND tier = ?')
            .run(entry.count, json(summary), batchId, tier);
        }
        const reopen = this.db.prepare(
          `UPDATE batch_tiers SET status = 'PENDING', retry_round = retry_round + 1, published_chunks = 0, total_chunks = 0,
             completed_at = NULL WHERE batch_id = ? AND tier = ?`,
        );
        for (const tier of change.reopenTiers) reopen.run(batchId, tier);
        return true;
      })
      .immediate();
  }

  async updateMetadata(namespaceId: string, batchId: string, metadata: Record<string, unknown>, now: string): Promise<Batch | null> {
    const result = this.db
      .prepare('UPDATE batches SET metadata = ?, updated_at = ? WHERE namespace_id = ? AND batch_id = ?')
      .run(json(metadata), now, namespaceId, batchId);
    return result.changes === 0 ? null : this.find(namespaceId, batchId);
  }

  async delete(namespaceId: string, batchId: string): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const owned = this.db.prepare('SELECT 1 FROM batches WHERE namespace_id = ? AND batch_id = ?').get(namespaceId, batchId);
        if (owned === undefined) return false;
        for (const table of ['batch_items', 'batch_progress_seconds', 'batch_tiers']) {
          this.db.prepare(`DELETE FROM ${table} WHERE batch_id = ?`).run(batchId);
        }
        this.db.prepare('DELETE FROM batches WHERE batch_id = ?').run(batchId);
        return true;
      })
      .immediate();
  }

  async completeTier(batchId: string, tier: number, status: TierStatus, now: string): Promise<boolean> {
    const result = this.db
      .prepare(
        "UPDATE batch_tiers SET status = ?, completed_at = ? WHERE batch_id = ? AND tier = ? AND status IN ('PENDING', 'PROCESSING')",
      )
      .run(status, now, batchId, tier);
    return result.changes > 0;
  }

  async changeStatus(
    batchId: string,
    change: { from: BatchStatus; to: BatchStatus; owner: string | null; now: string; error?: string | null },
  ): Promise<boolean> {
    const terminal = isTerminal(change.to);
    const ownerClause = change.owner === null ? '' : 'AND lease_owner = ?';
    const params: unknown[] = [
      change.to,
      change.now,
      terminal ? change.now : null,
      change.error === undefined ? null : 1,
      change.error ?? null,
      batchId,
      change.from,
    ];
    if (change.owner !== null) params.push(change.owner);
    const result = this.db
      .prepare(
        `UPDATE batches SET status = ?, updated_at = ?, completed_at = COALESCE(?, completed_at),
           error = CASE WHEN ? IS NULL THEN error ELSE ? END,
           lease_owner = CASE WHEN ${terminal ? 1 : 0} THEN NULL ELSE lease_owner END,
           lease_expires_at = CASE WHEN ${terminal ? 1 : 0} THEN NULL ELSE lease_expires_at END
         WHERE batch_id = ? AND status = ? ${ownerClause}`,
      )
      .run(...params);
    return result.changes > 0;
  }
}

/** The source item a document was extracted from: the source document (tier > 0) or the object. */
export function documentSourceId(d: DocumentRecord): string {
  return d.lineage.sourceDocumentId ?? d.lineage.sourceObjectId ?? d.objectId;
}

function toDocument(row: Row): DocumentRecord {
  return {
    namespaceId: str(row['namespace_id']),
    collectionId: str(row['collection_id']),
    documentId: str(row['document_id']),
    objectId: str(row['object_id']),
    batchId: str(row['batch_id']),
    featureExtractorId: str(row['feature_extractor_id']),
    payload: parseJson(str(row['payload']), {}),
    lineage: parseJson(str(row['lineage']), {} as DocumentRecord['lineage']),
    processingHistory: parseJson(str(row['processing_history']), []),
    sourceHash: strOrNull(row['source_hash'] ?? null),
    extractorFingerprint: strOrNull(row['extractor_fingerprint'] ?? null),
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
  };
}

class SqliteDocuments implements DocumentRepository {
  private readonly upsert;

  constructor(private readonly db: SqliteDb) {
    // On conflict the history is merged, not replaced: entries of other batches stay, the entry
    // of this batch and tier is overwritten (a redelivery does not add a second entry).
    this.upsert = db.prepare(
      `INSERT INTO documents (document_id, namespace_id, collection_id, object_id, batch_id, feature_extractor_id, payload,
         lineage, processing_history, source_id, source_hash, extractor_fingerprint, created_at, updated_at)
       VALUES (@documentId, @namespaceId, @collectionId, @objectId, @batchId, @featureExtractorId, @payload, @lineage,
         @history, @sourceId, @sourceHash, @fingerprint, @createdAt, @updatedAt)
       ON CONFLICT (document_id) DO UPDATE SET
         batch_id = excluded.batch_id, payload = excluded.payload, lineage = excluded.lineage,
         source_id = excluded.source_id, source_hash = excluded.source_hash, extractor_fingerprint = excluded.extractor_fingerprint,
         updated_at = excluded.updated_at,
         processing_history = CASE WHEN excluded.processing_history = '[]' THEN documents.processing_history ELSE (
           SELECT json_group_array(json(value)) FROM (
             SELECT value FROM json_each(documents.processing_history)
               WHERE NOT (json_extract(value, '$.batchId') = @batchId AND json_extract(value, '$.tier') = @tier)
             UNION ALL SELECT value FROM json_each(excluded.processing_history)))
         END`,
    );
  }

  async upsertMany(documents: readonly DocumentRecord[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const d of documents) {
          this.upsert.run({
            documentId: d.documentId,
            namespaceId: d.namespaceId,
            collectionId: d.collectionId,
            objectId: d.objectId,
            batchId: d.batchId,
            featureExtractorId: d.featureExtractorId,
            payload: json(d.payload),
            lineage: json(d.lineage),
            history: json(d.processingHistory),
            tier: d.processingHistory[0]?.tier ?? -1,
            sourceId: documentSourceId(d),
            sourceHash: d.sourceHash ?? null,
            fingerprint: d.extractorFingerprint ?? null,
            createdAt: d.createdAt,
            updatedAt: d.updatedAt,
          });
        }
      })
      .immediate();
  }

  async find(namespaceId: string, collectionId: string, documentId: string): Promise<DocumentRecord | null> {
    const row = this.db
      .prepare('SELECT * FROM documents WHERE namespace_id = ? AND collection_id = ? AND document_id = ?')
      .get(namespaceId, collectionId, documentId) as Row | undefined;
    return row === undefined ? null : toDocument(row);
  }

  async list(
    namespaceId: string,
    collectionId: string,
    page: { limit: number; offset: number },
  ): Promise<{ results: DocumentRecord[]; total: number }> {
    const rows = this.db
      .prepare(
        'SELECT * FROM documents WHERE namespace_id = ? AND collection_id = ? ORDER BY created_at, document_id LIMIT ? OFFSET ?',
      )
      .all(namespaceId, collectionId, page.limit, page.offset) as Row[];
    return { results: rows.map(toDocument), total: await this.count(namespaceId, collectionId) };
  }

  async countForBatch(namespaceId: string, collectionId: string, batchId: string, tier: number): Promise<number> {
    // Documents of the collection whose source item completed in this batch and tier; a later
    // batch re-writing the same documents does not make them count as missing here.
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM documents d
         WHERE d.namespace_id = ? AND d.collection_id = ? AND d.object_id IN (
           SELECT item_id FROM batch_items WHERE batch_id = ? AND tier = ? AND collection_id = ? AND status = 'COMPLETED')`,
      )
      .get(namespaceId, collectionId, batchId, tier, collectionId) as { n: number };
    return row.n;
  }

  async count(namespaceId: string, collectionId: string): Promise<number> {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM documents WHERE namespace_id = ? AND collection_id = ?')
      .get(namespaceId, collectionId) as { n: number };
    return row.n;
  }

  async delete(namespaceId: string, collectionId: string, documentId: string): Promise<boolean> {
    const result = this.db
      .prepare('DELETE FROM documents WHERE namespace_id = ? AND collection_id = ? AND document_id = ?')
      .run(namespaceId, collectionId, documentId);
    return result.changes > 0;
  }

  async findMany(namespaceId: string, documentIds: readonly string[]): Promise<DocumentRecord[]> {
    if (documentIds.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT * FROM documents WHERE namespace_id = ? AND document_id IN (${placeholders(documentIds.length)})`)
      .all(namespaceId, ...documentIds) as Row[];
    return rows.map(toDocument);
  }

  async listIdsWrittenByBatch(namespaceId: string, batchId: string, collectionIds: readonly string[]): Promise<string[]> {
    if (collectionIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT document_id FROM documents WHERE namespace_id = ? AND batch_id = ?
           AND collection_id IN (${placeholders(collectionIds.length)}) ORDER BY document_id`,
      )
      .all(namespaceId, batchId, ...collectionIds) as Array<{ document_id: string }>;
    return rows.map((r) => r.document_id);
  }

  async sourceStates(
    namespaceId: string,
    collectionId: string,
    sourceIds: readonly string[],
  ): Promise<SourceState[]> {
    const out: SourceState[] = [];
    for (const slice of slices(sourceIds)) {
      const rows = this.db
        .prepare(
          `SELECT source_id, document_id, batch_id, source_hash, extractor_fingerprint FROM documents
           WHERE namespace_id = ? AND collection_id = ? AND source_id IN (${placeholders(slice.length)})`,
        )
        .all(namespaceId, collectionId, ...slice) as Row[];
      for (const r of rows) {
        out.push({
          sourceId: str(r['source_id']),
          documentId: str(r['document_id']),
          batchId: str(r['batch_id']),
          sourceHash: strOrNull(r['source_hash']),
          extractorFingerprint: strOrNull(r['extractor_fingerprint']),
        });
      }
    }
    return out;
  }

  async listOrphaned(namespaceId: string, collectionId: string, limit: number): Promise<OrphanedDocument[]> {
    const rows = this.db
      .prepare(
        `SELECT d.document_id, d.object_id FROM documents d
         WHERE d.namespace_id = ? AND d.collection_id = ?
           AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.object_id = d.object_id AND o.namespace_id = d.namespace_id)
         ORDER BY d.document_id LIMIT ?`,
      )
      .all(namespaceId, collectionId, limit) as Array<{ document_id: string; object_id: string }>;
    return rows.map((r) => ({ documentId: r.document_id, objectId: r.object_id }));
  }
}

function toApiKey(row: Row): ApiKey {
  const ns = strOrNull(row['namespace_ids']);
  return {
    keyId: str(row['key_id']),
    name: str(row['name']),
    keyHash: str(row['key_hash']),
    prefix: str(row['prefix']),
    namespaceIds: ns === null ? null : parseJson<string[]>(ns, []),
    createdAt: str(row['created_at']),
    revokedAt: strOrNull(row['revoked_at']),
  };
}

class SqliteApiKeys implements ApiKeyRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(k: ApiKey): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO api_keys (key_id, name, key_hash, prefix, namespace_ids, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(k.keyId, k.name, k.keyHash, k.prefix, k.namespaceIds === null ? null : json(k.namespaceIds), k.createdAt, k.revokedAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError('this API key already exists');
      throw error;
    }
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ?').get(keyHash) as Row | undefined;
    return row === undefined ? null : toApiKey(row);
  }

  async list(): Promise<ApiKey[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, key_id').all() as Row[]).map(toApiKey);
  }

  async revoke(keyId: string, now: string): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE key_id = ?').run(now, keyId).changes > 0;
  }
}

class SqliteUploads implements UploadRepository {
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

/**
 * The embedded metadata store: one SQLite file in WAL mode, shared by the four processes of a
 * single-machine installation. Every write that reads first runs in an IMMEDIATE transaction, so
 * concurrent processes queue on the write lock instead of failing with SQLITE_BUSY mid-way.
 */
export class SqliteMetadataStore implements MetadataStore {
  readonly namespaces: NamespaceRepository;
  readonly buckets: BucketRepository;
  readonly objects: ObjectRepository;
  readonly uploads: UploadRepository;
  readonly collections: CollectionRepository;
  readonly batches: BatchRepository;
  readonly documents: DocumentRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly schedules: ScheduleRepository;
  readonly webhooks: WebhookRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  private readonly db: SqliteDb;

  constructor(file: string) {
    this.db = openSqlite(file);
    migrate(this.db, 'metadata_migrations', METADATA_MIGRATIONS);
    this.namespaces = new SqliteNamespaces(this.db);
    this.buckets = new SqliteBuckets(this.db);
    this.objects = new SqliteObjects(this.db);
    this.uploads = new SqliteUploads(this.db);
    this.collections = new SqliteCollections(this.db);
    this.batches = new SqliteBatches(this.db);
    this.documents = new SqliteDocuments(this.db);
    this.apiKeys = new SqliteApiKeys(this.db);
    this.schedules = new SqliteSchedules(this.db);
    this.webhooks = new SqliteWebhooks(this.db);
    this.webhookDeliveries = new SqliteWebhookDeliveries(this.db);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
