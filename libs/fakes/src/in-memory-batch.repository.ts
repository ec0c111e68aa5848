import {
  Batch,
  BatchLogEntry,
  DocumentRecord,
  NewBatch,
  BatchStatus,
  BatchTier,
  DEFAULT_BATCH_POLICY,
  ErrorCategory,
  ItemOutcome,
  TierStatus,
  batchLog,
  isTerminal,
  pendingTier,
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
import { copy } from './copy';
import {
  constraint,
  Tables,
  RecordedItem,
  tierKey,
  itemKey,
} from './in-memory-tables';
import { InMemoryOutboxRepository } from './in-memory-outbox.repository';

export class InMemoryBatchRepository implements BatchRepository {
  constructor(
    private readonly t: Tables,
    private readonly outbox: InMemoryOutboxRepository = new InMemoryOutboxRepository(),
    private readonly writeDocuments: (documents: readonly DocumentRecord[]) => Promise<void> = async () => {
      throw new Error('this batch repository was built without a document writer');
    },
  ) {}

  private log(entry: BatchLogEntry): void {
    this.t.batchLog.push(copy(entry));
  }

  async listLog(batchId: string, query: { tier: number | null; offset: number; limit: number }): Promise<{ results: BatchLogEntry[]; total: number }> {
    const all = this.t.batchLog.filter((e) => e.batchId === batchId && (query.tier === null || e.tier === query.tier));
    return { results: all.slice(query.offset, query.offset + query.limit).map(copy), total: all.length };
  }

  async create(newBatch: NewBatch): Promise<void> {
    const { objectIds, ...batch } = newBatch;
    if (this.t.batches.has(batch.batchId)) throw constraint(`UNIQUE batches.batch_id ${batch.batchId}`);
    if (batch.taskId !== null && [...this.t.batches.values()].some((b) => b.taskId === batch.taskId)) {
      throw constraint(`UNIQUE batches.task_id ${batch.taskId}`);
    }
    if (!this.t.buckets.has(batch.bucketId)) throw constraint(`FOREIGN KEY batches.bucket_id ${batch.bucketId}`);
    // Like the SQLite insert: the lease and the lifecycle timestamps are not taken from the row
    // given; they are set by submit, claimNext and changeStatus.
    const objects = { ids: [] as string[], held: new Set<string>() };
    this.append(objects, objectIds);
    this.t.batchObjects.set(batch.batchId, objects);
    this.t.batches.set(batch.batchId, { ...copy(batch), objectCount: objects.ids.length, policy: copy(batch.policy ?? DEFAULT_BATCH_POLICY), lease: null, submittedAt: null, startedAt: null, completedAt: null });
    this.t.batchSeq.set(batch.batchId, this.t.batchSeq.size);
    this.log(batchLog.created(newBatch));
  }

  async find(namespaceId: string, batchId: string): Promise<Batch | null> {
    const b = this.t.batches.get(batchId);
    return b === undefined || b.namespaceId !== namespaceId ? null : copy(b);
  }

  async list(
    namespaceId: string,
    bucketId: string,
    query: { status: BatchStatus | null; offset: number; limit: number },
  ): Promise<{ results: Batch[]; total: number }> {
    const all = [...this.t.batches.values()]
      .filter((b) => b.namespaceId === namespaceId && b.bucketId === bucketId && (query.status === null || b.status === query.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.batchId.localeCompare(a.batchId));
    return { results: all.slice(query.offset, query.offset + query.limit).map(copy), total: all.length };
  }

  async findByTaskId(taskId: string): Promise<Batch | null> {
    const b = [...this.t.batches.values()].find((x) => x.taskId === taskId);
    return b === undefined ? null : copy(b);
  }

  async addObjects(namespaceId: string, batchId: string, objectIds: readonly string[], updatedAt: string): Promise<Batch | null> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.namespaceId !== namespaceId || b.status !== 'DRAFT') return null;
    const objects = this.t.batchObjects.get(batchId) ?? { ids: [], held: new Set<string>() };
    this.t.batchObjects.set(batchId, objects);
    this.append(objects, objectIds);
    b.objectCount = objects.ids.length;
    b.updatedAt = updatedAt;
    return copy(b);
  }

  private append(objects: { ids: string[]; held: Set<string> }, objectIds: readonly string[]): void {
    for (const id of objectIds) {
      if (objects.held.has(id)) continue;
      objects.held.add(id);
      objects.ids.push(id);
    }
  }

  async listObjectIds(batchId: string, fromPosition: number, limit: number): Promise<string[]> {
    return (this.t.batchObjects.get(batchId)?.ids ?? []).slice(fromPosition, fromPosition + limit);
  }

  async submit(namespaceId: string, batchId: string, change: SubmitBatchChange): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.namespaceId !== namespaceId || b.status !== change.from || (change.objectCount !== undefined && b.objectCount !== change.objectCount)) return false;
    Object.assign(b, {
      status: change.to,
      taskId: change.taskId,
      manifestKey: change.manifestKey,
      dagTiers: copy(change.dagTiers),
      includeProcessingHistory: change.includeProcessingHistory,
      ...(change.policy === undefined ? {} : { policy: copy(change.policy) }),
      submittedAt: change.submittedAt,
      updatedAt: change.submittedAt,
    });
    for (const t of change.tiers) {
      // Like the SQLite insert: only the plan is taken; counters and progress start at zero.
      this.t.tiers.set(tierKey(batchId, t.tier), {
        ...pendingTier({ batchId, tier: t.tier, collectionIds: [...t.collectionIds], totalItems: t.totalItems, totalChunks: t.totalChunks, chunkSize: t.chunkSize }),
        status: t.status,
      });
    }
    this.outbox.insert(change.outbox, Date.now());
    this.log(batchLog.submitted(batchId, change.from, change.to, change.submittedAt, change.tiers.length, change.taskId));
    return true;
  }

  async claimNext(request: ClaimRequest): Promise<ClaimedBatch | null> {
    const claimable = (b: Batch): boolean =>
      (request.namespaceIds === null || request.namespaceIds.includes(b.namespaceId)) &&
      (b.status === request.from || (b.status === 'PROCESSING' && (b.lease === null || b.lease.expiresAt < request.now)));
    // ORDER BY submitted_at (NULLs first, as SQLite sorts them), then insertion order.
    const candidate = [...this.t.batches.values()].filter(claimable).sort((a, b) => {
      const sa = a.submittedAt ?? '';
      const sb = b.submittedAt ?? '';
      if (sa !== sb) return sa < sb ? -1 : 1;
      return (this.t.batchSeq.get(a.batchId) ?? 0) - (this.t.batchSeq.get(b.batchId) ?? 0);
    })[0];
    if (candidate === undefined) return null;
    const takeover = candidate.status !== request.from;
    const previousOwner = takeover ? (candidate.lease?.owner ?? null) : null;
    const nowIso = new Date(request.now).toISOString();
    if (!takeover) {
      candidate.status = request.to;
      candidate.startedAt = candidate.startedAt ?? nowIso;
    }
    candidate.lease = { owner: request.owner, expiresAt: request.now + request.leaseMs };
    candidate.updatedAt = nowIso;
    if (!takeover && request.claimEvents !== undefined) {
      const tiers = [...this.t.tiers.values()].filter((t) => t.batchId === candidate.batchId).sort((a, b) => a.tier - b.tier);
      this.outbox.insert(request.claimEvents(copy(candidate), tiers.map(copy)), Date.now());
    }
    this.log(
      takeover
        ? batchLog.takenOver(candidate.batchId, nowIso, request.owner, previousOwner)
        : batchLog.claimed(candidate.batchId, request.from, request.to, nowIso, request.owner),
    );
    return { batch: copy(candidate), takeover, previousOwner };
  }

  async renewLease(batchId: string, owner: string, expiresAt: number): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.status !== 'PROCESSING' || b.lease?.owner !== owner) return false;
    b.lease = { owner, expiresAt };
    return true;
  }

  async releaseLease(batchId: string, owner: string): Promise<void> {
    const b = this.t.batches.get(batchId);
    // Like SQLite: the owner stays recorded, the lease is expired at once.
    if (b !== undefined && b.lease?.owner === owner) b.lease = { owner, expiresAt: 0 };
  }

  async getState(batchId: string): Promise<BatchState | null> {
    const b = this.t.batches.get(batchId);
    return b === undefined ? null : { status: b.status, includeProcessingHistory: b.includeProcessingHistory, policy: copy(b.policy) };
  }

  async getTiers(batchId: string): Promise<BatchTier[]> {
    return [...this.t.tiers.values()].filter((t) => t.batchId === batchId).sort((a, b) => a.tier - b.tier).map(copy);
  }

  async startTier(batchId: string, tier: number, owner: string, now: string, totals?: TierTotals): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.status !== 'PROCESSING' || b.lease?.owner !== owner) return false;
    b.currentTier = tier;
    b.updatedAt = now;
    const t = this.t.tiers.get(tierKey(batchId, tier));
    if (t !== undefined && t.status === 'PENDING') {
      t.status = 'PROCESSING';
      t.startedAt = t.startedAt ?? now;
      if (totals !== undefined) {
        t.totalItems = totals.totalItems;
        t.totalChunks = totals.totalChunks;
        if (totals.chunkSize !== undefined) t.chunkSize = totals.chunkSize;
      }
      this.log(batchLog.tierStarted(batchId, tier, now, t.totalItems));
    }
    return true;
  }

  async recordPublished(batchId: string, tier: number, publishedChunks: number): Promise<void> {
    const t = this.t.tiers.get(tierKey(batchId, tier));
    if (t !== undefined) t.publishedChunks = Math.max(t.publishedChunks, publishedChunks);
  }

  async recordOutcomes(
    batchId: string,
    tier: number,
    outcomes: readonly ItemOutcome[],
    now: string,
    documents?: readonly DocumentRecord[],
    outbox?: readonly OutboxMessage[],
  ): Promise<RecordOutcomesResult> {
    const t = this.t.tiers.get(tierKey(batchId, tier));
    // The SQLite transaction throws here and rolls back the items it inserted: nothing is kept.
    if (t === undefined) throw new Error(`batch ${batchId} has no tier ${tier}`);
    if (documents !== undefined && documents.length > 0) await this.writeDocuments(documents);
    this.outbox.insert(outbox, Date.now());
    let recorded = 0;
    for (const o of outcomes) {
      const key = itemKey(batchId, tier, o.collectionId, o.itemId);
      if (this.t.items.has(key)) continue;
      this.t.items.set(key, { ...copy(o), batchId, tier, completedAt: now });
      recorded += 1;
      if (o.status === 'COMPLETED') t.succeededItems += 1;
      else {
        t.failedItems += 1;
        this.log(batchLog.itemFailed(batchId, tier, o, now));
      }
      if (o.skipped === true) t.skippedItems += 1;
      t.documentsWritten += o.documentsWritten;
      if (o.error !== undefined) {
        const category: ErrorCategory = o.error.category;
        t.errorSummary[category] = (t.errorSummary[category] ?? 0) + 1;
      }
    }
    if (recorded > 0) {
      t.lastProgressAt = now;
      const perSecond = this.t.seconds.get(batchId) ?? new Map<number, number>();
      const second = Math.floor(Date.parse(now) / 1_000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + recorded);
      this.t.seconds.set(batchId, perSecond);
    }
    return { newlyRecorded: recorded, tier: copy(t) };
  }

  async recentCompletions(batchId: string, sinceMs: number): Promise<Array<{ atMs: number; items: number }>> {
    const since = Math.floor(sinceMs / 1_000);
    return [...(this.t.seconds.get(batchId) ?? new Map<number, number>())]
      .filter(([second]) => second >= since)
      .sort(([a], [b]) => a - b)
      .map(([second, items]) => ({ atMs: second * 1_000, items }));
  }

  async documentsByCollection(batchId: string): Promise<Array<{ collectionId: string; tier: number; documents: number }>> {
    const totals = new Map<string, { collectionId: string; tier: number; documents: number }>();
    for (const i of this.t.items.values()) {
      if (i.batchId !== batchId || i.status !== 'COMPLETED') continue;
      const key = `${i.tier}\u001f${i.collectionId}`;
      const entry = totals.get(key) ?? { collectionId: i.collectionId, tier: i.tier, documents: 0 };
      entry.documents += i.documentsWritten;
      totals.set(key, entry);
    }
    return [...totals.values()].sort((a, b) => a.tier - b.tier || a.collectionId.localeCompare(b.collectionId));
  }

  async listFailedItems(
    batchId: string,
    query: { tier: number | null; collectionId: string | null; offset: number; limit: number },
  ): Promise<{ results: FailedItem[]; total: number }> {
    const all = [...this.t.items.values()]
      .filter(
        (i) =>
          i.batchId === batchId &&
          i.status === 'FAILED' &&
          (query.tier === null || i.tier === query.tier) &&
          (query.collectionId === null || i.collectionId === query.collectionId),
      )
      .map((i) => ({
        tier: i.tier,
        collectionId: i.collectionId,
        itemId: i.itemId,
        category: i.error?.category ?? ('runtime' as const),
        message: i.error?.message ?? '',
        stage: i.error?.stage ?? '',
        completedAt: i.completedAt,
      }));
    return { results: all.slice(query.offset, query.offset + query.limit), total: all.length };
  }

  async recordedItemIds(batchId: string, tier: number, collectionId: string, status?: ItemOutcome['status']): Promise<string[]> {
    return [...this.t.items.values()]
      .filter((i) => i.batchId === batchId && i.tier === tier && i.collectionId === collectionId && (status === undefined || i.status === status))
      .map((i) => i.itemId)
      .sort();
  }

  async objectIdsWithoutOutcome(batchId: string, tier: number, collectionId: string, fromPosition: number, limit: number): Promise<string[]> {
    const window = await this.listObjectIds(batchId, fromPosition, limit);
    const recorded = new Set(
      [...this.t.items.values()].filter((i) => i.batchId === batchId && i.tier === tier && i.collectionId === collectionId).map((i) => i.itemId),
    );
    return window.filter((id) => !recorded.has(id));
  }

  async reopenForRetry(namespaceId: string, batchId: string, change: RetryBatchChange): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.namespaceId !== namespaceId || b.status !== change.from) return false;
    b.status = change.to;
    b.error = null;
    b.completedAt = null;
    b.lease = null;
    b.updatedAt = change.now;
    let removed = 0;
    for (const item of change.items) {
      const key = itemKey(batchId, item.tier, item.collectionId, item.itemId);
      const recorded = this.t.items.get(key);
      const t = this.t.tiers.get(tierKey(batchId, item.tier));
      if (recorded === undefined || recorded.status !== 'FAILED' || t === undefined) continue;
      this.t.items.delete(key);
      removed += 1;
      t.failedItems = Math.max(t.failedItems - 1, 0);
      const category: ErrorCategory = recorded.error?.category ?? 'runtime';
      const left = (t.errorSummary[category] ?? 0) - 1;
      if (left > 0) t.errorSummary[category] = left;
      else delete t.errorSummary[category];
    }
    for (const tier of change.reopenTiers) {
      const t = this.t.tiers.get(tierKey(batchId, tier));
      if (t === undefined) continue;
      t.status = 'PENDING';
      t.retryRound += 1;
      t.publishedChunks = 0;
      t.totalChunks = 0;
      t.chunkSize = null;
      t.completedAt = null;
    }
    this.outbox.insert(change.outbox, Date.now());
    this.log(batchLog.retried(batchId, change.from, change.to, change.now, removed, change.reopenTiers));
    return true;
  }

  async updateMetadata(namespaceId: string, batchId: string, metadata: Record<string, unknown>, now: string): Promise<Batch | null> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.namespaceId !== namespaceId) return null;
    b.metadata = copy(metadata);
    b.updatedAt = now;
    return copy(b);
  }

  async delete(namespaceId: string, batchId: string): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.namespaceId !== namespaceId) return false;
    this.t.batches.delete(batchId);
    for (const [k, t] of [...this.t.tiers]) if (t.batchId === batchId) this.t.tiers.delete(k);
    for (const [k, i] of [...this.t.items]) if (i.batchId === batchId) this.t.items.delete(k);
    this.t.seconds.delete(batchId);
    this.t.batchLog = this.t.batchLog.filter((e) => e.batchId !== batchId);
    this.t.batchObjects.delete(batchId);
    return true;
  }

  async completeTier(batchId: string, tier: number, status: TierStatus, now: string, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    const t = this.t.tiers.get(tierKey(batchId, tier));
    if (t === undefined || (t.status !== 'PENDING' && t.status !== 'PROCESSING')) return false;
    const from = t.status;
    t.status = status;
    t.completedAt = now;
    this.outbox.insert(outbox, Date.now());
    this.log(batchLog.tierFinished(batchId, tier, from, status, now));
    return true;
  }

  async changeStatus(batchId: string, change: StatusChange): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.status !== change.from) return false;
    if (change.owner !== null && b.lease?.owner !== change.owner) return false;
    const terminal = isTerminal(change.to);
    b.status = change.to;
    b.updatedAt = change.now;
    if (terminal) {
      b.completedAt = change.now;
      b.lease = null;
    }
    if (change.error !== undefined) b.error = change.error;
    this.outbox.insert(change.outbox, Date.now());
    this.log(batchLog.statusChanged(batchId, change.from, change.to, change.now, change.error ?? null));
    return true;
  }

  /** Test helper (not on the port): the recorded item outcomes of a batch, in recording order. */
  recordedItems(batchId: string, tier?: number): RecordedItem[] {
    return [...this.t.items.values()].filter((i) => i.batchId === batchId && (tier === undefined || i.tier === tier)).map(copy);
  }
}
