import { DocumentRecord } from '@strata/domain';
import type { ListRequest } from '@strata/contracts';
import type { DocumentRepository, OrphanedDocument, Page, PageQuery, SourceState } from '@strata/ports';
import { runListQuery } from './sqlite-list-query';
import { DOCUMENT_TABLE } from './sqlite-list-tables';
import { SqliteDb, json, parseJson } from './sqlite-database';
import { str, strOrNull, slices, placeholders } from './sqlite-rows';
import type { Row } from './sqlite-rows';

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

/**
 * What `sourceStates` runs for `n` source ids (exported for the query-plan test). A source is an
 * object (bucket tier: source_id = object_id, found through documents_by_root_object) or a
 * document (derived tiers: the partial index documents_by_derived_source, whose condition the
 * second part repeats word for word so SQLite can use it). Parameters: namespace, the ids,
 * collection, namespace, collection, the ids.
 */
export function sourceStatesSql(n: number): string {
  const marks = placeholders(n);
  return `SELECT source_id, document_id, batch_id, source_hash, extractor_fingerprint FROM documents
     WHERE namespace_id = ? AND object_id IN (${marks}) AND collection_id = ? AND source_id = object_id
     UNION ALL
     SELECT source_id, document_id, batch_id, source_hash, extractor_fingerprint FROM documents
     WHERE namespace_id = ? AND collection_id = ? AND source_id IN (${marks}) AND source_id <> object_id`;
}

/**
 * What `listOrphaned` runs (exported for the query-plan test): the namespace's tombstones (primary
 * key range) whose object does not exist (objects' primary key), each joined to its documents in
 * the collection through documents_by_root_object. CROSS JOIN keeps the tombstones outside: the
 * collection's documents are never scanned. Named parameters: namespaceId, collectionId, limit.
 */
export const LIST_ORPHANED_SQL = `SELECT d.document_id, d.object_id FROM deleted_objects t
  CROSS JOIN documents d INDEXED BY documents_by_root_object
    ON d.namespace_id = t.namespace_id AND d.object_id = t.object_id AND d.collection_id = @collectionId
  WHERE t.namespace_id = @namespaceId
    AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.object_id = t.object_id AND o.namespace_id = t.namespace_id)
  ORDER BY d.document_id LIMIT @limit`;

/**
 * What `pruneTombstones` runs: tombstones older than the cutoff whose object exists again or is
 * the root of no document of any collection (documents_by_root_object, its two leading columns).
 * Named parameters: namespaceId, deletedBefore.
 */
export const PRUNE_TOMBSTONES_SQL = `DELETE FROM deleted_objects
  WHERE namespace_id = @namespaceId AND deleted_at < @deletedBefore
    AND (EXISTS (SELECT 1 FROM objects o WHERE o.object_id = deleted_objects.object_id AND o.namespace_id = deleted_objects.namespace_id)
      OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.namespace_id = deleted_objects.namespace_id AND d.object_id = deleted_objects.object_id))`;

export class SqliteDocumentRepository implements DocumentRepository {
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
    this.upsertManyNow(documents);
  }

  /** upsertMany, synchronously: inside a caller's transaction it is a savepoint of that one. */
  upsertManyNow(documents: readonly DocumentRecord[]): void {
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

  /** Filters, search and sort compiled into SQL (sqlite-list-query.ts); needs the functions registerListFunctions adds. */
  async query(namespaceId: string, collectionId: string, request: ListRequest): Promise<Page<DocumentRecord>> {
    const { rows, total } = runListQuery(
      this.db,
      DOCUMENT_TABLE,
      { where: 'd.namespace_id = @scope_ns AND d.collection_id = @scope_parent', params: { scope_ns: namespaceId, scope_parent: collectionId } },
      request,
    );
    return { results: rows.map(toDocument), total };
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
        .prepare(sourceStatesSql(slice.length))
        .all(namespaceId, ...slice, collectionId, namespaceId, collectionId, ...slice) as Row[];
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
    const rows = this.db.prepare(LIST_ORPHANED_SQL).all({ namespaceId, collectionId, limit }) as Array<{ document_id: string; object_id: string }>;
    return rows.map((r) => ({ documentId: r.document_id, objectId: r.object_id }));
  }

  async pruneTombstones(namespaceId: string, deletedBefore: string): Promise<number> {
    return this.db.prepare(PRUNE_TOMBSTONES_SQL).run({ namespaceId, deletedBefore }).changes;
  }

  async listByObject(
    namespaceId: string,
    objectId: string,
    query: PageQuery & { collectionIds: readonly string[] | null },
  ): Promise<Page<DocumentRecord>> {
    const ids = query.collectionIds;
    if (ids !== null && ids.length === 0) return { results: [], total: 0 };
    const where = `namespace_id = ? AND object_id = ?${ids === null ? '' : ` AND collection_id IN (${placeholders(ids.length)})`}`;
    const params = [namespaceId, objectId, ...(ids ?? [])];
    const rows = this.db
      .prepare(`SELECT * FROM documents WHERE ${where} ORDER BY collection_id, created_at, document_id LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as Row[];
    const total = this.db.prepare(`SELECT COUNT(*) AS n FROM documents WHERE ${where}`).get(...params) as { n: number };
    return { results: rows.map(toDocument), total: total.n };
  }
}
