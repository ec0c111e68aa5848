import {
  Batch,
  BatchLogEntry,
  BatchPolicy,
  BatchStatus,
  BatchTier,
  ConflictError,
  DocumentRecord,
  NewBatch,
  DEFAULT_BATCH_POLICY,
  ErrorCategory,
  ItemOutcome,
  TierStatus,
  batchLog,
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
import type { AnyBulkWriteOperation, ClientSession, Model } from 'mongoose';
import type { BatchDoc, BatchLogDoc, BatchObjectDoc, ItemDoc, MetadataModels, OutboxDoc, ProgressDoc, TierDoc } from './mongo-models';
import { inSession, insertOutbox } from './mongo-outbox.repository';
import { MongoTransactions } from './mongo-transactions';
import { readBatchLog, toBatch, toTier } from './mongo-batch-rows';

/** A claim that loses a race to another poller looks for the next candidate, a bounded number of times. */
const CLAIM_ATTEMPTS = 5;

/** How long an add-objects call may hold a batch's positions, and how long another waits for them. */
const OBJECTS_LOCK_MS = 30_000;
const OBJECTS_WAIT_MS = 10_000;
/** Ids per $in lookup and per insertMany. */
const OBJECTS_PER_WRITE = 1_000;

const itemKey = (batchId: string, tier: number, collectionId: string, itemId: string) =>
  `${batchId}:${tier}:${collectionId}:${itemId}`;

/** A lease is free when nobody holds one or it expired before `now`. */
const leaseFree = (now: number) => ({ $or: [{ leaseExpiresAt: null }, { leaseExpiresAt: { $lt: now } }] });

/**
 * Batches, their tiers and item outcomes. Every state change is one conditional single-document
 * write (`findOneAndUpdate` / `updateOne` with the expected state in the filter), which MongoDB
 * applies atomically: two pollers never both win a claim, a stale lease holder never finishes a
 * batch. The multi-document writes (recordOutcomes, reopenForRetry, a state change with its
 * outbox rows) run in one transaction when the server supports them, else as ordered writes
 * whose order makes a repeat safe (docs/adr/0030, docs/adr/0095-transactional-outbox.md).
 */
export class MongoBatchRepository implements BatchRepository {
  private readonly batches: Model<BatchDoc>;
  private readonly tiers: Model<TierDoc>;
  private readonly items: Model<ItemDoc>;
  private readonly progress: Model<ProgressDoc>;
  private readonly logLines: Model<BatchLogDoc>;
  private readonly outbox: Model<OutboxDoc>;
  private readonly batchObjects: Model<BatchObjectDoc>;

  constructor(
    models: Pick<MetadataModels, 'batches' | 'tiers' | 'items' | 'progress' | 'batchLog' | 'outbox' | 'batchObjects'>,
    private readonly tx: MongoTransactions = MongoTransactions.none(),
    /** recordOutcomes' documents, written before the outcomes (MongoDocumentRepository.upsertMany). */
    private readonly writeDocuments: (documents: readonly DocumentRecord[]) => Promise<void> = async () => {
      throw new Error('this batch repository was built without a document writer');
    },
  ) {
    this.batchObjects = models.batchObjects;
    this.batches = models.batches;
    this.tiers = models.tiers;
    this.items = models.items;
    this.progress = models.progress;
    this.logLines = models.batchLog;
    this.outbox = models.outbox;
  }

  /**
   * Writes log lines right after the conditional write they record succeeded (no multi-document
   * transactions here): a process that stops in between loses the line, never the state.
   */
  private async log(...entries: BatchLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.logLines.insertMany(entries.map((e) => ({ ...e })));
  }

  async listLog(batchId: string, query: { tier: number | null; offset: number; limit: number }): Promise<{ results: BatchLogEntry[]; total: number }> {
    return readBatchLog(this.logLines, batchId, query);
  }

  /** Outbox rows of a state change that applied: in its transaction, or the next ordered write. */
  private async writeOutbox(messages: readonly OutboxMessage[] | undefined, session: ClientSession | null): Promise<void> {
    await insertOutbox(this.outbox, messages, Date.now(), session);
  }

  async create(b: NewBatch): Promise<void> {
    // The positions first: a batch record never points past the objects it has.
    const ids = [...new Set(b.objectIds)];
    await this.insertObjects(b.batchId, 0, ids);
    await this.batches.create({
      batchId: b.batchId,
      namespaceId: b.namespaceId,
      bucketId: b.bucketId,
      status: b.status,
      objectCount: ids.length,
      objectsLockedUntil: null,
      dagTiers: b.dagTiers,
      currentTier: b.currentTier,
      taskId: b.taskId,
      manifestKey: b.manifestKey,
      includeProcessingHistory: b.includeProcessingHistory,
      policy: b.policy,
      metadata: b.metadata,
      error: b.error,
      leaseOwner: b.lease?.owner ?? null,
      leaseExpiresAt: b.lease?.expiresAt ?? null,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
      submittedAt: b.submittedAt,
      startedAt: b.startedAt,
      completedAt: b.completedAt,
    });
    await this.log(batchLog.created(b));
  }

  async find(namespaceId: string, batchId: string): Promise<Batch | null> {
    const doc = await this.batches.findOne({ batchId, namespaceId }).lean<BatchDoc>().exec();
    return doc === null ? null : toBatch(doc);
  }

  async list(
    namespaceId: string,
    bucketId: string,
    query: { status: BatchStatus | null; offset: number; limit: number },
  ): Promise<{ results: Batch[]; total: number }> {
    const filter: Record<string, unknown> = { namespaceId, bucketId };
    if (query.status !== null) filter['status'] = query.status;
    const [docs, total] = await Promise.all([
      this.batches.find(filter).sort({ createdAt: -1, batchId: -1 }).skip(query.offset).limit(query.limit).lean<BatchDoc[]>().exec(),
      this.batches.countDocuments(filter).exec(),
    ]);
    return { results: docs.map(toBatch), total };
  }

  async findByTaskId(taskId: string): Promise<Batch | null> {
    const doc = await this.batches.findOne({ taskId }).lean<BatchDoc>().exec();
    return doc === null ? null : toBatch(doc);
  }

  /**
   * One add-objects call at a time per batch (a lock field on the batch document, given up after
   * OBJECTS_LOCK_MS if its holder died) keeps positions dense: the holder drops positions a dead
   * holder left past objectCount, skips ids the batch has, writes the rest from objectCount on,
   * then moves objectCount, conditional on the batch still being DRAFT. A submit in between
   * (its filter carries objectCount) wins and the positions written stay past the count, unread.
   */
  async addObjects(namespaceId: string, batchId: string, objectIds: readonly string[], updatedAt: string): Promise<Batch | null> {
    const deadline = Date.now() + OBJECTS_WAIT_MS;
    let locked: BatchDoc | null = null;
    for (let attempt = 0; locked === null; attempt += 1) {
      const now = Date.now();
      locked = await this.batches
        .findOneAndUpdate(
          { batchId, namespaceId, status: 'DRAFT', $or: [{ objectsLockedUntil: null }, { objectsLockedUntil: { $lt: now } }] },
          { $set: { objectsLockedUntil: now + OBJECTS_LOCK_MS } },
          { returnDocument: 'after' },
        )
        .lean<BatchDoc>()
        .exec();
      if (locked !== null) break;
      const exists = await this.batches.exists({ batchId, namespaceId, status: 'DRAFT' }).exec();
      if (exists === null) return null;
      if (Date.now() > deadline) throw new ConflictError(`batch ${batchId} is busy adding other objects; try again`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** attempt, 200)));
    }
    const count = locked.objectCount ?? 0;
    await this.batchObjects.deleteMany({ batchId, seq: { $gte: count } }).exec();
    const wanted = [...new Set(objectIds)];
    const held = new Set<string>();
    for (let i = 0; i < wanted.length; i += OBJECTS_PER_WRITE) {
      const slice = wanted.slice(i, i + OBJECTS_PER_WRITE);
      const docs = await this.batchObjects.find({ batchId, objectId: { $in: slice } }, { objectId: 1 }).lean<Array<{ objectId: string }>>().exec();
      for (const d of docs) held.add(d.objectId);
    }
    const fresh = wanted.filter((id) => !held.has(id));
    await this.insertObjects(batchId, count, fresh);
    const doc = await this.batches
      .findOneAndUpdate(
        { batchId, namespaceId, status: 'DRAFT' },
        { $set: { objectCount: count + fresh.length, objectsLockedUntil: null, updatedAt } },
        { returnDocument: 'after' },
      )
      .lean<BatchDoc>()
      .exec();
    return doc === null ? null : toBatch(doc);
  }

  private async insertObjects(batchId: string, from: number, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += OBJECTS_PER_WRITE) {
      const docs = ids.slice(i, i + OBJECTS_PER_WRITE).map((objectId, k) => ({ batchId, seq: from + i + k, objectId }));
      await this.batchObjects.insertMany(docs, { ordered: true });
    }
  }

  async listObjectIds(batchId: string, fromPosition: number, limit: number): Promise<string[]> {
    const docs = await this.batchObjects
      .find({ batchId, seq: { $gte: fromPosition, $lt: fromPosition + limit } }, { objectId: 1, seq: 1 })
      .sort({ seq: 1 })
      .lean<Array<{ objectId: string }>>()
      .exec();
    return docs.map((d) => d.objectId);
  }

  async submit(namespaceId: string, batchId: string, change: SubmitBatchChange): Promise<boolean> {
    const submitted = await this.tx.run((session) => this.submitIn(session, namespaceId, batchId, change));
    // The log line after the transaction (a retried transaction would write it twice).
    if (submitted) await this.log(batchLog.submitted(batchId, change.from, change.to, change.submittedAt, change.tiers.length, change.taskId));
    return submitted;
  }

  private async submitIn(session: ClientSession | null, namespaceId: string, batchId: string, change: SubmitBatchChange): Promise<boolean> {
    // Tiers first, insert-only: if the status change below loses a race, the winner computed the
    // same tiers from the same batch; if this process dies in between, a retried submit finds them.
    if (change.tiers.length > 0) {
      await this.tiers.bulkWrite(
        change.tiers.map((t) => ({
          updateOne: {
            filter: { batchId, tier: t.tier },
            update: {
              $setOnInsert: {
                status: t.status,
                collectionIds: t.collectionIds,
                totalItems: t.totalItems,
                succeededItems: 0,
                failedItems: 0,
                skippedItems: 0,
                documentsWritten: 0,
                publishedChunks: 0,
                totalChunks: t.totalChunks,
                chunkSize: t.chunkSize,
                errorSummary: {},
                startedAt: null,
                completedAt: null,
                lastProgressAt: null,
                retryRound: 0,
              },
            },
            upsert: true,
          },
        })),
        { ordered: true, ...inSession(session) },
      );
    }
    const result = await this.batches
      .updateOne(
        { batchId, namespaceId, status: change.from, ...(change.objectCount === undefined ? {} : { objectCount: change.objectCount }) },
        {
          $set: {
            status: change.to,
            taskId: change.taskId,
            manifestKey: change.manifestKey,
            dagTiers: change.dagTiers,
            includeProcessingHistory: change.includeProcessingHistory,
            ...(change.policy === undefined ? {} : { policy: change.policy }),
            submittedAt: change.submittedAt,
            updatedAt: change.submittedAt,
          },
        },
        inSession(session),
      )
      .exec();
    if (result.modifiedCount === 0) return false;
    await this.writeOutbox(change.outbox, session);
    return true;
  }

  async claimNext(request: ClaimRequest): Promise<ClaimedBatch | null> {
    const expires = request.now + request.leaseMs;
    const nowIso = new Date(request.now).toISOString();
    const ns = request.namespaceIds === null ? {} : { namespaceId: { $in: [...request.namespaceIds] } };
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      const candidate = await this.batches
        .findOne(
          { ...ns, $or: [{ status: request.from }, { status: 'PROCESSING', ...leaseFree(request.now) }] },
          { batchId: 1, status: 1, leaseOwner: 1 },
        )
        .sort({ submittedAt: 1, batchId: 1 })
        .lean<{ batchId: string; status: string; leaseOwner?: string | null }>()
        .exec();
      if (candidate === null) return null;
      const takeover = candidate.status !== request.from;
      const doc = takeover
        ? await this.batches
            .findOneAndUpdate(
              { batchId: candidate.batchId, status: 'PROCESSING', ...leaseFree(request.now) },
              { $set: { leaseOwner: request.owner, leaseExpiresAt: expires, updatedAt: nowIso } },
              { returnDocument: 'after' },
            )
            .lean<BatchDoc>()
            .exec()
        : await this.claimFresh(candidate.batchId, request, expires, nowIso);
      if (doc !== null) {
        const previousOwner = takeover ? (candidate.leaseOwner ?? null) : null;
        await this.log(
          takeover
            ? batchLog.takenOver(doc.batchId, nowIso, request.owner, previousOwner)
            : batchLog.claimed(doc.batchId, request.from, request.to, nowIso, request.owner),
        );
        return { batch: toBatch(doc), takeover, previousOwner };
      }
      // Another poller won this one; look again.
    }
    return null;
  }

  private async claimFresh(batchId: string, request: ClaimRequest, expires: number, nowIso: string): Promise<BatchDoc | null> {
    return this.tx.run(async (session) => {
      const claimed = await this.batches
        .findOneAndUpdate(
          { batchId, status: request.from },
          { $set: { status: request.to, leaseOwner: request.owner, leaseExpiresAt: expires, updatedAt: nowIso } },
          { returnDocument: 'after', ...inSession(session) },
        )
        .lean<BatchDoc>()
        .exec();
      if (claimed === null) return null;
      let doc = claimed;
      if (doc.startedAt == null) {
        // started_at is set once (the first claim); a takeover keeps it.
        await this.batches.updateOne({ batchId, startedAt: null }, { $set: { startedAt: nowIso } }, inSession(session)).exec();
        doc = { ...doc, startedAt: nowIso };
      }
      if (request.claimEvents !== undefined) {
        const tiers = await this.tiers.find({ batchId }, null, inSession(session)).sort({ tier: 1 }).lean<TierDoc[]>().exec();
        await this.writeOutbox(request.claimEvents(toBatch(doc), tiers.map(toTier)), session);
      }
      return doc;
    });
  }

  async renewLease(batchId: string, owner: string, expiresAt: number): Promise<boolean> {
    const result = await this.batches
      .updateOne({ batchId, leaseOwner: owner, status: 'PROCESSING' }, { $set: { leaseExpiresAt: expiresAt } })
      .exec();
    return result.matchedCount > 0;
  }

  async releaseLease(batchId: string, owner: string): Promise<void> {
    await this.batches.updateOne({ batchId, leaseOwner: owner }, { $set: { leaseExpiresAt: 0 } }).exec();
  }

  async getState(batchId: string): Promise<BatchState | null> {
    const doc = await this.batches
      .findOne({ batchId }, { status: 1, includeProcessingHistory: 1, policy: 1 })
      .lean<Pick<BatchDoc, 'status' | 'includeProcessingHistory' | 'policy'>>()
      .exec();
    if (doc === null) return null;
    return {
      status: doc.status as BatchStatus,
      includeProcessingHistory: doc.includeProcessingHistory === true,
      policy: (doc.policy as BatchPolicy | null | undefined) ?? DEFAULT_BATCH_POLICY,
    };
  }

  async getTiers(batchId: string): Promise<BatchTier[]> {
    const docs = await this.tiers.find({ batchId }).sort({ tier: 1 }).lean<TierDoc[]>().exec();
    return docs.map(toTier);
  }

  async startTier(batchId: string, tier: number, owner: string, now: string, totals?: TierTotals): Promise<boolean> {
    const held = await this.batches
      .updateOne({ batchId, leaseOwner: owner, status: 'PROCESSING' }, { $set: { currentTier: tier, updatedAt: now } })
      .exec();
    if (held.matchedCount === 0) return false;
    // Conditional on PENDING: totals are set once, when the tier starts; a repeat changes nothing.
    const set: Record<string, unknown> = { status: 'PROCESSING', startedAt: now };
    if (totals !== undefined) {
      set['totalItems'] = totals.totalItems;
      set['totalChunks'] = totals.totalChunks;
      if (totals.chunkSize !== undefined) set['chunkSize'] = totals.chunkSize;
    }
    const started = await this.tiers
      .findOneAndUpdate({ batchId, tier: tier, status: 'PENDING' }, { $set: set }, { returnDocument: 'after' })
      .lean<TierDoc>()
      .exec();
    if (started !== null) await this.log(batchLog.tierStarted(batchId, tier, now, started.totalItems));
    return true;
  }

  async recordPublished(batchId: string, tier: number, publishedChunks: number): Promise<void> {
    await this.tiers.updateOne({ batchId, tier: tier }, { $max: { publishedChunks } }).exec();
  }

  async recordOutcomes(
    batchId: string,
    tier: number,
    outcomes: readonly ItemOutcome[],
    now: string,
    documentRecords?: readonly DocumentRecord[],
    outbox?: readonly OutboxMessage[],
  ): Promise<RecordOutcomesResult> {
    // The documents first, outside the transaction (another collection, idempotent if repeated).
    if (documentRecords !== undefined && documentRecords.length > 0) await this.writeDocuments(documentRecords);
    return this.tx.run(async (session) => {
      // The worker's documents.written event, first: in the transaction when the server has them;
      // else ordered before the item rows, so a crash in between leaves an event for documents
      // already written (true) and the outcomes to the redelivery, never counted outcomes whose
      // event is lost (docs/adr/0095-transactional-outbox.md). Insert-if-absent: a repeat is ignored.
      await this.writeOutbox(outbox, session);
      return this.recordOutcomesIn(session, batchId, tier, outcomes, now);
    });
  }

  /**
   * In a transaction when the server has them: item rows and counters commit together. Else
   * ordered: item rows first, then the counters, so a crash between them loses the count of
   * this call's items (the redelivery finds them recorded); docs/reliability.md says so.
   */
  private async recordOutcomesIn(
    session: ClientSession | null,
    batchId: string,
    tier: number,
    outcomes: readonly ItemOutcome[],
    now: string,
  ): Promise<RecordOutcomesResult> {
    // Insert-only upserts keyed by (batch, tier, collection, item): the server tells which ones
    // were new, and only those are added to the counters, so a redelivered chunk counts once.
    const unique = new Map<string, ItemOutcome>();
    for (const o of outcomes) unique.set(itemKey(batchId, tier, o.collectionId, o.itemId), o);
    const keys = [...unique.keys()];
    let succeeded = 0;
    let failed = 0;
    let skipped = 0;
    let documents = 0;
    const summary: Record<string, number> = {};
    const failures: BatchLogEntry[] = [];
    if (keys.length > 0) {
      const ops: AnyBulkWriteOperation<ItemDoc>[] = keys.map((key) => {
        const o = unique.get(key) as ItemOutcome;
        return {
          updateOne: {
            filter: { batchId, tier, collectionId: o.collectionId, itemId: o.itemId },
            update: {
              $setOnInsert: {
                status: o.status,
                documentsWritten: o.documentsWritten,
                errorCategory: o.error?.category ?? null,
                errorMessage: o.error?.message ?? null,
                errorStage: o.error?.stage ?? null,
                completedAt: now,
              },
            },
            upsert: true,
          },
        };
      });
      const result = await this.items.bulkWrite(ops, { ordered: false, ...inSession(session) });
      const upserted = result.upsertedIds as Record<string, unknown>;
      for (const index of Object.keys(upserted)) {
        const o = unique.get(keys[Number(index)] as string) as ItemOutcome;
        if (o.status === 'COMPLETED') succeeded += 1;
        else {
          failed += 1;
          failures.push(batchLog.itemFailed(batchId, tier, o, now));
        }
        if (o.skipped === true) skipped += 1;
        documents += o.documentsWritten;
        if (o.error !== undefined) summary[o.error.category] = (summary[o.error.category] ?? 0) + 1;
      }
    }
    const inc: Record<string, number> = {};
    if (succeeded > 0) inc['succeededItems'] = succeeded;
    if (failed > 0) inc['failedItems'] = failed;
    if (skipped > 0) inc['skippedItems'] = skipped;
    if (documents > 0) inc['documentsWritten'] = documents;
    for (const [category, n] of Object.entries(summary)) inc[`errorSummary.${category}`] = n;
    const newlyRecorded = succeeded + failed;
    const doc =
      newlyRecorded === 0
        ? await this.tiers.findOne({ batchId, tier: tier }, null, inSession(session)).lean<TierDoc>().exec()
        : await this.tiers
            .findOneAndUpdate({ batchId, tier: tier }, { $inc: inc, $set: { lastProgressAt: now } }, { returnDocument: 'after', ...inSession(session) })
            .lean<TierDoc>()
            .exec();
    if (doc === null) throw new Error(`batch ${batchId} has no tier ${tier}`);
    await this.log(...failures);
    if (newlyRecorded > 0) {
      // One small document per (batch, second), bumped with $inc: the sliding window behind
      // items_per_second, the same for every API replica.
      const second = Math.floor(Date.parse(now) / 1_000);
      await this.progress.updateOne({ batchId, second }, { $inc: { items: newlyRecorded } }, { upsert: true, ...inSession(session) }).exec();
    }
    return { newlyRecorded, tier: toTier(doc) };
  }

  async recentCompletions(batchId: string, sinceMs: number): Promise<Array<{ atMs: number; items: number }>> {
    const docs = await this.progress
      .find({ batchId, second: { $gte: Math.floor(sinceMs / 1_000) } }, { second: 1, items: 1 })
      .sort({ second: 1 })
      .lean<Array<{ second: number; items: number }>>()
      .exec();
    return docs.map((d) => ({ atMs: d.second * 1_000, items: d.items }));
  }

  async documentsByCollection(batchId: string): Promise<Array<{ collectionId: string; tier: number; documents: number }>> {
    // Summed here from projected rows rather than with $group: CongoDB serves plain finds only.
    const docs = await this.items
      .find({ batchId, status: 'COMPLETED' }, { collectionId: 1, tier: 1, documentsWritten: 1 })
      .lean<Array<{ collectionId: string; tier: number; documentsWritten: number }>>()
      .exec();
    const sums = new Map<string, { collectionId: string; tier: number; documents: number }>();
    for (const d of docs) {
      const key = `${d.tier}\u0000${d.collectionId}`;
      const entry = sums.get(key) ?? { collectionId: d.collectionId, tier: d.tier, documents: 0 };
      entry.documents += d.documentsWritten ?? 0;
      sums.set(key, entry);
    }
    return [...sums.values()].sort((a, b) => a.tier - b.tier || (a.collectionId < b.collectionId ? -1 : a.collectionId > b.collectionId ? 1 : 0));
  }

  async listFailedItems(
    batchId: string,
    query: { tier: number | null; collectionId: string | null; offset: number; limit: number },
  ): Promise<{ results: FailedItem[]; total: number }> {
    const filter: Record<string, unknown> = { batchId, status: 'FAILED' };
    if (query.tier !== null) filter['tier'] = query.tier;
    if (query.collectionId !== null) filter['collectionId'] = query.collectionId;
    const [docs, total] = await Promise.all([
      this.items
        .find(filter)
        .sort({ completedAt: 1, tier: 1, collectionId: 1, itemId: 1 })
        .skip(query.offset)
        .limit(query.limit)
        .lean<ItemDoc[]>()
        .exec(),
      this.items.countDocuments(filter).exec(),
    ]);
    return {
      total,
      results: docs.map((d) => ({
        tier: d.tier,
        collectionId: d.collectionId,
        itemId: d.itemId,
        category: (d.errorCategory ?? 'runtime') as ErrorCategory,
        message: d.errorMessage ?? '',
        stage: d.errorStage ?? '',
        completedAt: d.completedAt,
      })),
    };
  }

  async recordedItemIds(batchId: string, tier: number, collectionId: string, status?: ItemOutcome['status']): Promise<string[]> {
    const docs = await this.items
      .find({ batchId, tier, collectionId, ...(status === undefined ? {} : { status }) }, { itemId: 1 })
      .sort({ itemId: 1 })
      .lean<Array<{ itemId: string }>>()
      .exec();
    return docs.map((d) => d.itemId);
  }

  /** The window's positions, then one `$in` lookup of their outcomes (≤ limit ids, sliced like add-objects). */
  async objectIdsWithoutOutcome(batchId: string, tier: number, collectionId: string, fromPosition: number, limit: number): Promise<string[]> {
    const ids = await this.listObjectIds(batchId, fromPosition, limit);
    const recorded = new Set<string>();
    for (let i = 0; i < ids.length; i += OBJECTS_PER_WRITE) {
      const docs = await this.items
        .find({ batchId, tier, collectionId, itemId: { $in: ids.slice(i, i + OBJECTS_PER_WRITE) } }, { itemId: 1 })
        .lean<Array<{ itemId: string }>>()
        .exec();
      for (const d of docs) recorded.add(d.itemId);
    }
    return ids.filter((id) => !recorded.has(id));
  }

  /**
   * Without multi-document transactions the order makes it safe: the batch is checked first,
   * failures removed and tiers reopened while it is still terminal (no poller drives it), and
   * the conditional status change comes last, so no poller sees a QUEUED batch with stale tiers.
   * A concurrent second retry finds no failures left to remove.
   */
  async reopenForRetry(namespaceId: string, batchId: string, change: RetryBatchChange): Promise<boolean> {
    const removedItems = await this.tx.run((session) => this.reopenIn(session, namespaceId, batchId, change));
    if (removedItems === null) return false;
    await this.log(batchLog.retried(batchId, change.from, change.to, change.now, removedItems, change.reopenTiers));
    return true;
  }

  /** The number of failed items removed, or null when the batch was not in `change.from`. */
  private async reopenIn(session: ClientSession | null, namespaceId: string, batchId: string, change: RetryBatchChange): Promise<number | null> {
    const opt = inSession(session);
    const owned = await this.batches.exists({ namespaceId, batchId, status: change.from }).session(session).exec();
    if (owned === null) return null;
    const removed = new Map<number, Record<string, number>>();
    let removedItems = 0;
    for (const item of change.items) {
      const doc = await this.items
        .findOneAndDelete({ batchId, tier: item.tier, collectionId: item.collectionId, itemId: item.itemId, status: 'FAILED' }, opt)
        .lean<ItemDoc>()
        .exec();
      if (doc === null) continue;
      removedItems += 1;
      const counts = removed.get(item.tier) ?? {};
      const category = doc.errorCategory ?? 'runtime';
      counts[category] = (counts[category] ?? 0) + 1;
      removed.set(item.tier, counts);
    }
    for (const [tier, counts] of removed) {
      const current = await this.tiers.findOne({ batchId, tier }, null, opt).lean<TierDoc>().exec();
      if (current === null) continue;
      const summary: Record<string, number> = { ...(current.errorSummary ?? {}) };
      let n = 0;
      for (const [category, k] of Object.entries(counts)) {
        n += k;
        const left = (summary[category] ?? 0) - k;
        if (left > 0) summary[category] = left;
        else delete summary[category];
      }
      await this.tiers
        .updateOne({ batchId, tier }, { $set: { failedItems: Math.max(current.failedItems - n, 0), errorSummary: summary } }, opt)
        .exec();
    }
    if (change.reopenTiers.length > 0) {
      await this.tiers
        .updateMany(
          { batchId, tier: { $in: [...change.reopenTiers] } },
          { $set: { status: 'PENDING', publishedChunks: 0, totalChunks: 0, chunkSize: null, completedAt: null }, $inc: { retryRound: 1 } },
          opt,
        )
        .exec();
    }
    const result = await this.batches
      .updateOne(
        { namespaceId, batchId, status: change.from },
        { $set: { status: change.to, error: null, completedAt: null, leaseOwner: null, leaseExpiresAt: null, updatedAt: change.now } },
        opt,
      )
      .exec();
    if (result.modifiedCount === 0) return null;
    await this.writeOutbox(change.outbox, session);
    return removedItems;
  }

  async updateMetadata(namespaceId: string, batchId: string, metadata: Record<string, unknown>, now: string): Promise<Batch | null> {
    const doc = await this.batches
      .findOneAndUpdate({ namespaceId, batchId }, { $set: { metadata, updatedAt: now } }, { returnDocument: 'after' })
      .lean<BatchDoc>()
      .exec();
    return doc === null ? null : toBatch(doc);
  }

  async delete(namespaceId: string, batchId: string): Promise<boolean> {
    // The namespace check first (a wrong namespace deletes nothing); children before the batch
    // record, so a delete cut short can be repeated.
    const owned = await this.batches.exists({ namespaceId, batchId }).exec();
    if (owned === null) return false;
    await Promise.all([
      this.items.deleteMany({ batchId }).exec(),
      this.batchObjects.deleteMany({ batchId }).exec(),
      this.progress.deleteMany({ batchId }).exec(),
      this.tiers.deleteMany({ batchId }).exec(),
      this.logLines.deleteMany({ batchId }).exec(),
    ]);
    const result = await this.batches.deleteOne({ namespaceId, batchId }).exec();
    return result.deletedCount > 0;
  }

  async completeTier(batchId: string, tier: number, status: TierStatus, now: string, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    const apply = async (session: ClientSession | null): Promise<TierDoc | null> => {
      const before = await this.tiers
        .findOneAndUpdate({ batchId, tier: tier, status: { $in: ['PENDING', 'PROCESSING'] } }, { $set: { status, completedAt: now } }, { ...inSession(session), returnDocument: 'before' })
        .lean<TierDoc>()
        .exec();
      if (before === null) return null;
      await this.writeOutbox(outbox, session);
      return before;
    };
    const before = outbox === undefined || outbox.length === 0 ? await apply(null) : await this.tx.run(apply);
    if (before === null) return false;
    await this.log(batchLog.tierFinished(batchId, tier, before.status as TierStatus, status, now));
    return true;
  }

  async changeStatus(batchId: string, change: StatusChange): Promise<boolean> {
    const set: Record<string, unknown> = { status: change.to, updatedAt: change.now };
    if (isTerminal(change.to)) {
      set['completedAt'] = change.now;
      set['leaseOwner'] = null;
      set['leaseExpiresAt'] = null;
    }
    if (change.error !== undefined) set['error'] = change.error;
    const filter: Record<string, unknown> = { batchId, status: change.from };
    if (change.owner !== null) filter['leaseOwner'] = change.owner;
    const apply = async (session: ClientSession | null): Promise<boolean> => {
      const result = await this.batches.updateOne(filter, { $set: set }, inSession(session)).exec();
      if (result.modifiedCount === 0) return false;
      await this.writeOutbox(change.outbox, session);
      return true;
    };
    const changed = change.outbox === undefined || change.outbox.length === 0 ? await apply(null) : await this.tx.run(apply);
    if (changed) await this.log(batchLog.statusChanged(batchId, change.from, change.to, change.now, change.error ?? null));
    return changed;
  }
}
