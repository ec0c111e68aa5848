import {
  Batch,
  DocumentRecord,
  NewBatch,
  BatchStatus,
  BatchTier,
  BatchLogEntry,
  BatchLogEvent,
  BatchLogLevel,
  DEFAULT_BATCH_POLICY,
  ErrorCategory,
  batchLog,
  ItemOutcome,
  TierStatus,
  isTerminal,
} from '@strata/domain';
import type {
  BatchRepository,
  BatchState,
  ClaimRequest,
  ClaimedBatch,
  FailedItem,
  RecordOutcomesResult,
  OutboxMessage,
  RetryBatchChange,
  StatusChange,
  SubmitBatchChange,
  TierTotals,
} from '@strata/ports';
import { SqliteDb, json, parseJson, writeWhenFree } from './sqlite-database';
import { insertOutbox } from './sqlite-outbox.repository';
import { str, strOrNull, placeholders } from './sqlite-rows';
import type { Row } from './sqlite-rows';

function toBatch(row: Row): Batch {
  const owner = strOrNull(row['lease_owner']);
  return {
    namespaceId: str(row['namespace_id']),
    bucketId: str(row['bucket_id']),
    batchId: str(row['batch_id']),
    status: str(row['status']) as BatchStatus,
    objectCount: (row['object_count'] as number | undefined) ?? 0,
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
    chunkSize: (row['chunk_size'] as number | null | undefined) ?? null,
    errorSummary: parseJson(str(row['error_summary']), {}),
    startedAt: strOrNull(row['started_at']),
    completedAt: strOrNull(row['completed_at']),
    lastProgressAt: strOrNull(row['last_progress_at']),
    retryRound: (row['retry_round'] as number | undefined) ?? 0,
  };
}

export class SqliteBatchRepository implements BatchRepository {
  private readonly insertItem;
  private readonly selectTier;
  private readonly bumpTier;
  private readonly bumpSecond;
  private readonly insertLog;
  private readonly insertObject;
  private readonly setObjectCount;
  private readonly selectObjects;

  constructor(
    private readonly db: SqliteDb,
    /** Writes document rows inside recordOutcomes' transaction (SqliteDocumentRepository.upsertManyNow). */
    private readonly writeDocuments: (documents: readonly DocumentRecord[]) => void = () => {
      throw new Error('this batch repository was built without a document writer');
    },
  ) {
    this.insertLog = db.prepare(
      `INSERT INTO batch_log (batch_id, at, event, level, tier, from_status, to_status, message, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
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
    // A duplicate id (same batch) is skipped by the unique index without taking a position.
    this.insertObject = db.prepare('INSERT INTO batch_objects (batch_id, seq, object_id) VALUES (?, ?, ?) ON CONFLICT (batch_id, object_id) DO NOTHING');
    this.setObjectCount = db.prepare('UPDATE batches SET object_count = ? WHERE batch_id = ?');
    this.selectObjects = db.prepare('SELECT object_id FROM batch_objects WHERE batch_id = ? AND seq >= ? ORDER BY seq LIMIT ?').pluck();
    this.bumpSecond = db.prepare(
      `INSERT INTO batch_progress_seconds (batch_id, second, items) VALUES (?, ?, ?)
       ON CONFLICT (batch_id, second) DO UPDATE SET items = items + excluded.items`,
    );
  }

  /** Writes a log line; called inside the transaction of the transition it records. */
  private log(e: BatchLogEntry): void {
    this.insertLog.run(e.batchId, e.at, e.event, e.level, e.tier, e.from, e.to, e.message, json(e.details));
  }

  async listLog(batchId: string, query: { tier: number | null; offset: number; limit: number }): Promise<{ results: BatchLogEntry[]; total: number }> {
    const where = query.tier === null ? 'batch_id = ?' : 'batch_id = ? AND tier = ?';
    const params: unknown[] = query.tier === null ? [batchId] : [batchId, query.tier];
    const rows = this.db
      .prepare(`SELECT * FROM batch_log WHERE ${where} ORDER BY seq LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as Row[];
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM batch_log WHERE ${where}`).get(...params) as { n: number };
    return {
      total: n,
      results: rows.map((r) => ({
        batchId: str(r['batch_id']),
        at: str(r['at']),
        event: str(r['event']) as BatchLogEvent,
        level: str(r['level']) as BatchLogLevel,
        tier: r['tier'] === null ? null : (r['tier'] as number),
        from: strOrNull(r['from_status']),
        to: strOrNull(r['to_status']),
        message: str(r['message']),
        details: parseJson(str(r['details']), {}),
      })),
    };
  }

  async create(b: NewBatch): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO batches (batch_id, namespace_id, bucket_id, status, object_ids, object_count, dag_tiers, current_tier, task_id,
               manifest_key, include_processing_history, policy, metadata, error, created_at, updated_at)
             VALUES (?, ?, ?, ?, '[]', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            b.batchId,
            b.namespaceId,
            b.bucketId,
            b.status,
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
        this.appendObjects(b.batchId, 0, b.objectIds);
        this.log(batchLog.created(b));
      })
      .immediate();
  }

  /**
   * Appends the ids the batch does not hold yet at positions from `next`, keeping them dense;
   * runs inside the caller's write transaction. Returns the new object count.
   */
  private appendObjects(batchId: string, next: number, objectIds: readonly string[]): number {
    let seq = next;
    for (const id of objectIds) {
      if (this.insertObject.run(batchId, seq, id).changes > 0) seq += 1;
    }
    this.setObjectCount.run(seq, batchId);
    return seq;
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
        const objectCount = this.appendObjects(batchId, batch.objectCount, objectIds);
        this.db.prepare('UPDATE batches SET updated_at = ? WHERE batch_id = ?').run(updatedAt, batchId);
        return { ...batch, objectCount, updatedAt };
      })
      .immediate();
  }

  async listObjectIds(batchId: string, fromPosition: number, limit: number): Promise<string[]> {
    return this.selectObjects.all(batchId, fromPosition, limit) as string[];
  }

  async submit(namespaceId: string, batchId: string, change: SubmitBatchChange): Promise<boolean> {
    const insertTier = this.db.prepare(
      `INSERT INTO batch_tiers (batch_id, tier, status, collection_ids, total_items, total_chunks, chunk_size) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.db
      .transaction((): boolean => {
        const result = this.db
          .prepare(
            `UPDATE batches SET status = ?, task_id = ?, manifest_key = ?, dag_tiers = ?, include_processing_history = ?,
               policy = COALESCE(?, policy), submitted_at = ?, updated_at = ?
             WHERE namespace_id = ? AND batch_id = ? AND status = ? AND object_count = COALESCE(?, object_count)`,
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
            change.objectCount ?? null,
          );
        if (result.changes === 0) return false;
        for (const t of change.tiers) {
          insertTier.run(batchId, t.tier, t.status, json(t.collectionIds), t.totalItems, t.totalChunks, t.chunkSize);
        }
        this.log(batchLog.submitted(batchId, change.from, change.to, change.submittedAt, change.tiers.length, change.taskId));
        insertOutbox(this.db, change.outbox, Date.now());
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
            `SELECT batch_id, status, lease_owner FROM batches
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
        const previousOwner = takeover && candidate['lease_owner'] != null ? str(candidate['lease_owner']) : null;
        if (!takeover && request.claimEvents !== undefined) {
          const tiers = (this.db.prepare('SELECT * FROM batch_tiers WHERE batch_id = ? ORDER BY tier').all(batchId) as Row[]).map(toTier);
          insertOutbox(this.db, request.claimEvents(toBatch(row), tiers), Date.now());
        }
        this.log(
          takeover
            ? batchLog.takenOver(batchId, nowIso, request.owner, previousOwner)
            : batchLog.claimed(batchId, request.from, request.to, nowIso, request.owner),
        );
        return { batch: toBatch(row), takeover, previousOwner };
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
        const started = this.db
          .prepare(
            `UPDATE batch_tiers SET status = 'PROCESSING', started_at = COALESCE(started_at, ?),
               total_items = COALESCE(?, total_items), total_chunks = COALESCE(?, total_chunks), chunk_size = COALESCE(?, chunk_size)
             WHERE batch_id = ? AND tier = ? AND status = 'PENDING'`,
          )
          .run(now, totals?.totalItems ?? null, totals?.totalChunks ?? null, totals?.chunkSize ?? null, batchId, tier);
        if (started.changes > 0) {
          const row = this.selectTier.get(batchId, tier) as Row;
          this.log(batchLog.tierStarted(batchId, tier, now, row['total_items'] as number));
        }
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
    documentRecords?: readonly DocumentRecord[],
    outbox?: readonly OutboxMessage[],
  ): Promise<RecordOutcomesResult> {
    // The worker's write per slice: without holding the thread while another process commits (writeWhenFree).
    return writeWhenFree(this.db, () =>
      this.db
        .transaction((): RecordOutcomesResult => {
          if (documentRecords !== undefined && documentRecords.length > 0) this.writeDocuments(documentRecords);
          // The worker's documents.written event commits with the outcomes, also on a repeat
          // (insert-if-absent by event id; docs/adr/0095-transactional-outbox.md).
          insertOutbox(this.db, outbox, Date.now());
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
            else {
              failed += 1;
              this.log(batchLog.itemFailed(batchId, tier, o, now));
            }
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
        .immediate(),
    );
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

  async recordedItemIds(batchId: string, tier: number, collectionId: string, status?: ItemOutcome['status']): Promise<string[]> {
    const rows = (
      status === undefined
        ? this.db.prepare('SELECT item_id FROM batch_items WHERE batch_id = ? AND tier = ? AND collection_id = ? ORDER BY item_id').all(batchId, tier, collectionId)
        : this.db
            .prepare('SELECT item_id FROM batch_items WHERE batch_id = ? AND tier = ? AND collection_id = ? AND status = ? ORDER BY item_id')
            .all(batchId, tier, collectionId, status)
    ) as Array<{ item_id: string }>;
    return rows.map((r) => r.item_id);
  }

  /** One range read on batch_objects' primary key, each id probed on batch_items' primary key. */
  async objectIdsWithoutOutcome(batchId: string, tier: number, collectionId: string, fromPosition: number, limit: number): Promise<string[]> {
    return this.db
      .prepare(
        `SELECT o.object_id FROM batch_objects o
         WHERE o.batch_id = ? AND o.seq >= ? AND o.seq < ?
           AND NOT EXISTS (SELECT 1 FROM batch_items i WHERE i.batch_id = o.batch_id AND i.tier = ? AND i.collection_id = ? AND i.item_id = o.object_id)
         ORDER BY o.seq`,
      )
      .pluck()
      .all(batchId, fromPosition, fromPosition + limit, tier, collectionId) as string[];
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
             chunk_size = NULL, completed_at = NULL WHERE batch_id = ? AND tier = ?`,
        );
        for (const tier of change.reopenTiers) reopen.run(batchId, tier);
        const items = [...removed.values()].reduce((n, e) => n + e.count, 0);
        this.log(batchLog.retried(batchId, change.from, change.to, change.now, items, change.reopenTiers));
        insertOutbox(this.db, change.outbox, Date.now());
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
        for (const table of ['batch_items', 'batch_progress_seconds', 'batch_tiers', 'batch_log', 'batch_objects']) {
          this.db.prepare(`DELETE FROM ${table} WHERE batch_id = ?`).run(batchId);
        }
        this.db.prepare('DELETE FROM batches WHERE batch_id = ?').run(batchId);
        return true;
      })
      .immediate();
  }

  async completeTier(batchId: string, tier: number, status: TierStatus, now: string, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        const before = this.selectTier.get(batchId, tier) as Row | undefined;
        const result = this.db
          .prepare(
            "UPDATE batch_tiers SET status = ?, completed_at = ? WHERE batch_id = ? AND tier = ? AND status IN ('PENDING', 'PROCESSING')",
          )
          .run(status, now, batchId, tier);
        if (result.changes === 0 || before === undefined) return false;
        this.log(batchLog.tierFinished(batchId, tier, str(before['status']) as TierStatus, status, now));
        insertOutbox(this.db, outbox, Date.now());
        return true;
      })
      .immediate();
  }

  async changeStatus(batchId: string, change: StatusChange): Promise<boolean> {
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
    const update = this.db.prepare(
      `UPDATE batches SET status = ?, updated_at = ?, completed_at = COALESCE(?, completed_at),
         error = CASE WHEN ? IS NULL THEN error ELSE ? END,
         lease_owner = CASE WHEN ${terminal ? 1 : 0} THEN NULL ELSE lease_owner END,
         lease_expires_at = CASE WHEN ${terminal ? 1 : 0} THEN NULL ELSE lease_expires_at END
       WHERE batch_id = ? AND status = ? ${ownerClause}`,
    );
    // The event and the log line commit with the change or not at all (docs/adr/0095-transactional-outbox.md).
    return this.db
      .transaction((): boolean => {
        if (update.run(...params).changes === 0) return false;
        this.log(batchLog.statusChanged(batchId, change.from, change.to, change.now, change.error ?? null));
        insertOutbox(this.db, change.outbox, Date.now());
        return true;
      })
      .immediate();
  }
}
