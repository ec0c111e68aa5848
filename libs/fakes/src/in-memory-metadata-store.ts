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
  ProcessingHistoryEntry,
  Schedule,
  ScheduleRun,
  StoredObject,
  TierStatus,
  Upload,
  isTerminal,
  pendingTier,
} from '@strata/domain';
import type {
  ApiKeyRepository,
  BatchState,
  ScheduleRepository,
  OrphanedDocument,
  SourceState,
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
  UploadRepository,
  TierTotals,
} from '@strata/ports';
import { copy } from './copy';
import { InMemoryWebhookDeliveries, InMemoryWebhooks } from './in-memory-webhook-store';

/*
 * An in-memory MetadataStore with the semantics of SqliteMetadataStore, constraint for
 * constraint: unique names (AlreadyExistsError), foreign keys (namespace -> bucket -> object,
 * batch), conditional writes that return false instead of throwing, atomic claims, outcomes
 * recorded once per (batch, tier, collection, item). Every method runs without awaiting in
 * between, so each is atomic like the store's IMMEDIATE transactions. Reads return copies.
 */

function constraint(message: string): Error {
  return new Error(`constraint failed: ${message}`);
}

/** The shared tables; the repositories are views on them (foreign keys cross repositories). */
class Tables {
  readonly namespaces = new Map<string, Namespace>();
  readonly buckets = new Map<string, Bucket>();
  readonly objects = new Map<string, StoredObject>();
  readonly uploads = new Map<string, Upload>();
  readonly collections = new Map<string, Collection>();
  readonly batches = new Map<string, Batch>();
  /** Insertion order of batches: SQLite's tie-break for equal submitted_at. */
  readonly batchSeq = new Map<string, number>();
  readonly tiers = new Map<string, BatchTier>();
  readonly items = new Map<string, RecordedItem>();
  /** batch id -> epoch second -> items completed in that second. */
  readonly seconds = new Map<string, Map<number, number>>();
  readonly documents = new Map<string, DocumentRecord>();
  readonly schedules = new Map<string, Schedule>();
  readonly scheduleRuns = new Map<string, ScheduleRun>();
  closed = false;
}

/** One row of batch_items: the recorded final outcome of a work item. */
export interface RecordedItem extends ItemOutcome {
  batchId: string;
  tier: number;
  completedAt: string;
}

/** Oldest first by created_at then id, as the SQLite store orders listings. */
function byCreated<T extends { createdAt: string }>(id: (v: T) => string) {
  return (a: T, b: T): number => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

function pageOf<T>(all: T[], page: PageQuery): Page<T> {
  return { results: all.slice(page.offset, page.offset + page.limit).map((v) => copy(v)), total: all.length };
}

/** Deletes the batches matching `match`, with their tiers, items and progress samples. */
function dropBatches(t: Tables, match: (b: Batch) => boolean): void {
  for (const [batchId, b] of [...t.batches]) {
    if (!match(b)) continue;
    t.batches.delete(batchId);
    for (const [k, tier] of [...t.tiers]) if (tier.batchId === batchId) t.tiers.delete(k);
    for (const [k, i] of [...t.items]) if (i.batchId === batchId) t.items.delete(k);
    t.seconds.delete(batchId);
  }
}

function dropWhere<V>(map: Map<string, V>, match: (v: V) => boolean): void {
  for (const [k, v] of [...map]) if (match(v)) map.delete(k);
}

const tierKey = (batchId: string, tier: number): string => `${batchId}\u001f${tier}`;
const itemKey = (batchId: string, tier: number, collectionId: string, itemId: string): string =>
  [batchId, tier, collectionId, itemId].join('\u001f');

class InMemoryNamespaces implements NamespaceRepository {
  constructor(private readonly t: Tables) {}

  async create(namespace: Namespace): Promise<void> {
    const taken = [...this.t.namespaces.values()].some(
      (n) => n.namespaceId === namespace.namespaceId || n.namespaceName === namespace.namespaceName,
    );
    if (taken) throw new AlreadyExistsError(`a namespace named '${namespace.namespaceName}' already exists`);
    this.t.namespaces.set(namespace.namespaceId, copy(namespace));
  }

  async findByIdOrName(idOrName: string): Promise<Namespace | null> {
    const found = [...this.t.namespaces.values()].find((n) => n.namespaceId === idOrName || n.namespaceName === idOrName);
    return found === undefined ? null : copy(found);
  }

  async update(namespaceId: string, patch: { namespaceName?: string; description?: string | null }, updatedAt: string): Promise<Namespace | null> {
    const ns = this.t.namespaces.get(namespaceId);
    if (ns === undefined) return null;
    if (patch.namespaceName !== undefined && [...this.t.namespaces.values()].some((n) => n.namespaceId !== namespaceId && n.namespaceName === patch.namespaceName)) {
      throw new AlreadyExistsError(`a namespace named '${patch.namespaceName}' already exists`);
    }
    if (patch.namespaceName !== undefined) ns.namespaceName = patch.namespaceName;
    if (patch.description !== undefined) ns.description = patch.description;
    ns.updatedAt = updatedAt;
    return copy(ns);
  }

  async list(page: PageQuery): Promise<Page<Namespace>> {
    return pageOf([...this.t.namespaces.values()].sort(byCreated((n: Namespace) => n.namespaceId)), page);
  }

  async delete(namespaceId: string): Promise<void> {
    const inNs = (v: { namespaceId: string }): boolean => v.namespaceId === namespaceId;
    dropBatches(this.t, inNs);
    dropWhere(this.t.scheduleRuns, inNs);
    dropWhere(this.t.schedules, inNs);
    dropWhere(this.t.documents, inNs);
    dropWhere(this.t.uploads, inNs);
    dropWhere(this.t.objects, inNs);
    dropWhere(this.t.collections, inNs);
    dropWhere(this.t.buckets, inNs);
    this.t.namespaces.delete(namespaceId);
  }
}

class InMemoryBuckets implements BucketRepository {
  constructor(private readonly t: Tables) {}

  async create(bucket: Bucket): Promise<void> {
    const taken = [...this.t.buckets.values()].some(
      (b) => b.bucketId === bucket.bucketId || (b.namespaceId === bucket.namespaceId && b.bucketName === bucket.bucketName),
    );
    if (taken) throw new AlreadyExistsError(`a bucket named '${bucket.bucketName}' already exists in this namespace`);
    if (!this.t.namespaces.has(bucket.namespaceId)) throw constraint(`FOREIGN KEY buckets.namespace_id ${bucket.namespaceId}`);
    this.t.buckets.set(bucket.bucketId, copy(bucket));
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Bucket | null> {
    const found = [...this.t.buckets.values()].find(
      (b) => b.namespaceId === namespaceId && (b.bucketId === idOrName || b.bucketName === idOrName),
    );
    return found === undefined ? null : copy(found);
  }

  async update(
    namespaceId: string,
    bucketId: string,
    patch: { bucketName?: string; description?: string | null; metadata?: Record<string, unknown> },
    updatedAt: string,
  ): Promise<Bucket | null> {
    const b = this.t.buckets.get(bucketId);
    if (b === undefined || b.namespaceId !== namespaceId) return null;
    if (
      patch.bucketName !== undefined &&
      [...this.t.buckets.values()].some((o) => o.namespaceId === namespaceId && o.bucketId !== bucketId && o.bucketName === patch.bucketName)
    ) {
      throw new AlreadyExistsError(`a bucket named '${patch.bucketName}' already exists in this namespace`);
    }
    if (patch.bucketName !== undefined) b.bucketName = patch.bucketName;
    if (patch.description !== undefined) b.description = patch.description;
    if (patch.metadata !== undefined) b.metadata = copy(patch.metadata);
    b.updatedAt = updatedAt;
    return copy(b);
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Bucket>> {
    return pageOf(
      [...this.t.buckets.values()].filter((b) => b.namespaceId === namespaceId).sort(byCreated((b: Bucket) => b.bucketId)),
      page,
    );
  }

  async stats(
    namespaceId: string,
    bucketId: string,
  ): Promise<{ objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }> {
    let objectCount = 0;
    let totalSizeBytes = 0;
    for (const o of this.t.objects.values()) {
      if (o.namespaceId !== namespaceId || o.bucketId !== bucketId) continue;
      objectCount += 1;
      for (const blob of o.blobs) totalSizeBytes += blob.sizeBytes;
    }
    const batchesByStatus: Partial<Record<BatchStatus, number>> = {};
    for (const b of this.t.batches.values()) {
      if (b.namespaceId === namespaceId && b.bucketId === bucketId) batchesByStatus[b.status] = (batchesByStatus[b.status] ?? 0) + 1;
    }
    return { objectCount, totalSizeBytes, batchesByStatus };
  }

  async delete(namespaceId: string, bucketId: string): Promise<boolean> {
    const b = this.t.buckets.get(bucketId);
    if (b === undefined || b.namespaceId !== namespaceId) return false;
    const inBucket = (v: { namespaceId: string; bucketId: string }): boolean => v.namespaceId === namespaceId && v.bucketId === bucketId;
    dropBatches(this.t, inBucket);
    const schedulesOfBucket = new Set([...this.t.schedules.values()].filter(inBucket).map((x) => x.scheduleId));
    dropWhere(this.t.scheduleRuns, (r) => schedulesOfBucket.has(r.scheduleId));
    dropWhere(this.t.schedules, inBucket);
    dropWhere(this.t.uploads, inBucket);
    dropWhere(this.t.objects, inBucket);
    this.t.buckets.delete(bucketId);
    return true;
  }
}

class InMemoryObjects implements ObjectRepository {
  constructor(private readonly t: Tables) {}

  async create(object: StoredObject): Promise<void> {
    if (this.t.objects.has(object.objectId)) throw constraint(`UNIQUE objects.object_id ${object.objectId}`);
    if (!this.t.buckets.has(object.bucketId)) throw constraint(`FOREIGN KEY objects.bucket_id ${object.bucketId}`);
    this.checkUniqueKey(object);
    this.t.objects.set(object.objectId, copy(object));
  }

  private checkUniqueKey(object: StoredObject): void {
    const value = object.uniqueKeyValue ?? null;
    if (value === null) return;
    for (const o of this.t.objects.values()) {
      if (o.objectId !== object.objectId && o.namespaceId === object.namespaceId && o.bucketId === object.bucketId && o.uniqueKeyValue === value) {
        throw new AlreadyExistsError(`an object with unique key ${value} already exists in this bucket`);
      }
    }
  }

  async update(object: StoredObject): Promise<boolean> {
    const o = this.inBucket(object.namespaceId, object.bucketId, object.objectId);
    if (o === undefined) return false;
    this.checkUniqueKey(object);
    this.t.objects.set(object.objectId, { ...copy(object), createdAt: o.createdAt });
    return true;
  }

  async delete(namespaceId: string, bucketId: string, objectId: string): Promise<boolean> {
    if (this.inBucket(namespaceId, bucketId, objectId) === undefined) return false;
    this.t.objects.delete(objectId);
    return true;
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<StoredObject>> {
    const all = [...this.t.objects.values()]
      .filter((o) => o.namespaceId === namespaceId && o.bucketId === bucketId)
      .sort(byCreated((o: StoredObject) => o.objectId));
    return pageOf(all, page);
  }

  async findByUniqueKey(namespaceId: string, bucketId: string, uniqueKeyValue: string): Promise<StoredObject | null> {
    const found = [...this.t.objects.values()].find(
      (o) => o.namespaceId === namespaceId && o.bucketId === bucketId && o.uniqueKeyValue === uniqueKeyValue,
    );
    return found === undefined ? null : copy(found);
  }

  async findByBlobHash(namespaceId: string, bucketId: string, hash: string): Promise<StoredObject | null> {
    const found = [...this.t.objects.values()]
      .filter((o) => o.namespaceId === namespaceId && o.bucketId === bucketId && o.blobs.some((b) => b.hash === hash))
      .sort(byCreated((o: StoredObject) => o.objectId))[0];
    return found === undefined ? null : copy(found);
  }

  private inBucket(namespaceId: string, bucketId: string, objectId: string): StoredObject | undefined {
    const o = this.t.objects.get(objectId);
    return o !== undefined && o.namespaceId === namespaceId && o.bucketId === bucketId ? o : undefined;
  }

  async find(namespaceId: string, bucketId: string, objectId: string): Promise<StoredObject | null> {
    const o = this.inBucket(namespaceId, bucketId, objectId);
    return o === undefined ? null : copy(o);
  }

  async findMany(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    for (const id of new Set(objectIds)) {
      const o = this.inBucket(namespaceId, bucketId, id);
      if (o !== undefined) out.push(copy(o));
    }
    return out;
  }

  async missing(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<string[]> {
    return objectIds.filter((id) => this.inBucket(namespaceId, bucketId, id) === undefined);
  }
}

class InMemoryCollections implements CollectionRepository {
  constructor(private readonly t: Tables) {}

  async create(collection: Collection): Promise<void> {
    const taken = [...this.t.collections.values()].some(
      (c) =>
        c.collectionId === collection.collectionId ||
        (c.namespaceId === collection.namespaceId && c.collectionName === collection.collectionName),
    );
    if (taken) throw new AlreadyExistsError(`a collection named '${collection.collectionName}' already exists in this namespace`);
    if (!this.t.namespaces.has(collection.namespaceId)) {
      throw constraint(`FOREIGN KEY collections.namespace_id ${collection.namespaceId}`);
    }
    this.t.collections.set(collection.collectionId, copy(collection));
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Collection | null> {
    const found = [...this.t.collections.values()].find(
      (c) => c.namespaceId === namespaceId && (c.collectionId === idOrName || c.collectionName === idOrName),
    );
    return found === undefined ? null : copy(found);
  }

  async findMany(namespaceId: string, collectionIds: readonly string[]): Promise<Collection[]> {
    const wanted = new Set(collectionIds);
    return [...this.t.collections.values()].filter((c) => c.namespaceId === namespaceId && wanted.has(c.collectionId)).map(copy);
  }

  async listBySourceBucket(namespaceId: string, bucketId: string): Promise<Collection[]> {
    return this.bySource(namespaceId, (c) => c.source.bucketIds.includes(bucketId));
  }

  async listBySourceCollections(namespaceId: string, collectionIds: readonly string[], options: { includeDisabled?: boolean } = {}): Promise<Collection[]> {
    return this.bySource(namespaceId, (c) => c.source.collectionIds.some((id) => collectionIds.includes(id)), options.includeDisabled === true);
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Collection>> {
    return pageOf(
      [...this.t.collections.values()].filter((c) => c.namespaceId === namespaceId).sort(byCreated((c: Collection) => c.collectionId)),
      page,
    );
  }

  async update(namespaceId: string, collectionId: string, patch: CollectionPatch, updatedAt: string): Promise<Collection | null> {
    const c = this.t.collections.get(collectionId);
    if (c === undefined || c.namespaceId !== namespaceId) return null;
    if (
      patch.collectionName !== undefined &&
      [...this.t.collections.values()].some(
        (o) => o.namespaceId === namespaceId && o.collectionId !== collectionId && o.collectionName === patch.collectionName,
      )
    ) {
      throw new AlreadyExistsError(`a collection named '${patch.collectionName}' already exists in this namespace`);
    }
    if (patch.collectionName !== undefined) c.collectionName = patch.collectionName;
    if (patch.description !== undefined) c.description = patch.description;
    if (patch.enabled !== undefined) c.enabled = patch.enabled;
    if (patch.metadata !== undefined) c.metadata = copy(patch.metadata);
    c.updatedAt = updatedAt;
    return copy(c);
  }

  async delete(namespaceId: string, collectionId: string): Promise<boolean> {
    const c = this.t.collections.get(collectionId);
    if (c === undefined || c.namespaceId !== namespaceId) return false;
    dropWhere(this.t.documents, (d) => d.namespaceId === namespaceId && d.collectionId === collectionId);
    this.t.collections.delete(collectionId);
    return true;
  }

  /** Enabled collections of the namespace matching `source`, by created_at then id. */
  private bySource(namespaceId: string, source: (c: Collection) => boolean, includeDisabled = false): Collection[] {
    return [...this.t.collections.values()]
      .filter((c) => c.namespaceId === namespaceId && (includeDisabled || c.enabled) && source(c))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.collectionId < b.collectionId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
      .map(copy);
  }
}

export class InMemoryBatches implements BatchRepository {
  constructor(private readonly t: Tables) {}

  async create(batch: Batch): Promise<void> {
    if (this.t.batches.has(batch.batchId)) throw constraint(`UNIQUE batches.batch_id ${batch.batchId}`);
    if (batch.taskId !== null && [...this.t.batches.values()].some((b) => b.taskId === batch.taskId)) {
      throw constraint(`UNIQUE batches.task_id ${batch.taskId}`);
    }
    if (!this.t.buckets.has(batch.bucketId)) throw constraint(`FOREIGN KEY batches.bucket_id ${batch.bucketId}`);
    // Like the SQLite insert: the lease and the lifecycle timestamps are not taken from the row
    // given; they are set by submit, claimNext and changeStatus.
    this.t.batches.set(batch.batchId, { ...copy(batch), policy: copy(batch.policy ?? DEFAULT_BATCH_POLICY), lease: null, submittedAt: null, startedAt: null, completedAt: null });
    this.t.batchSeq.set(batch.batchId, this.t.batchSeq.size);
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
    b.objectIds = [...new Set([...b.objectIds, ...objectIds])];
    b.updatedAt = updatedAt;
    return copy(b);
  }

  async submit(namespaceId: string, batchId: string, change: SubmitBatchChange): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.namespaceId !== namespaceId || b.status !== change.from) return false;
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
        ...pendingTier({ batchId, tier: t.tier, collectionIds: [...t.collectionIds], totalItems: t.totalItems, totalChunks: t.totalChunks }),
        status: t.status,
      });
    }
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
    const nowIso = new Date(request.now).toISOString();
    if (!takeover) {
      candidate.status = request.to;
      candidate.startedAt = candidate.startedAt ?? nowIso;
    }
    candidate.lease = { owner: request.owner, expiresAt: request.now + request.leaseMs };
    candidate.updatedAt = nowIso;
    return { batch: copy(candidate), takeover };
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
      }
    }
    return true;
  }

  async recordPublished(batchId: string, tier: number, publishedChunks: number): Promise<void> {
    const t = this.t.tiers.get(tierKey(batchId, tier));
    if (t !== undefined) t.publishedChunks = Math.max(t.publishedChunks, publishedChunks);
  }

  async recordOutcomes(batchId: string, tier: number, outcomes: readonly ItemOutcome[], now: string): Promise<RecordOutcomesResult> {
    const t = this.t.tiers.get(tierKey(batchId, tier));
    // The SQLite transaction throws here and rolls back the items it inserted: nothing is kept.
    if (t === undefined) throw new Error(`batch ${batchId} has no tier ${tier}`);
    let recorded = 0;
    for (const o of outcomes) {
      const key = itemKey(batchId, tier, o.collectionId, o.itemId);
      if (this.t.items.has(key)) continue;
      this.t.items.set(key, { ...copy(o), batchId, tier, completedAt: now });
      recorded += 1;
      if (o.status === 'COMPLETED') t.succeededItems += 1;
      else t.failedItems += 1;
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

  async recordedItemIds(batchId: string, tier: number, collectionId: string): Promise<string[]> {
    return [...this.t.items.values()]
      .filter((i) => i.batchId === batchId && i.tier === tier && i.collectionId === collectionId)
      .map((i) => i.itemId)
      .sort();
  }

  async reopenForRetry(namespaceId: string, batchId: string, change: RetryBatchChange): Promise<boolean> {
    const b = this.t.batches.get(batchId);
    if (b === undefined || b.namespaceId !== namespaceId || b.status !== change.from) return false;
    b.status = change.to;
    b.error = null;
    b.completedAt = null;
    b.lease = null;
    b.updatedAt = change.now;
    for (const item of change.items) {
      const key = itemKey(batchId, item.tier, item.collectionId, item.itemId);
      const recorded = this.t.items.get(key);
      const t = this.t.tiers.get(tierKey(batchId, item.tier));
      if (recorded === undefined || recorded.status !== 'FAILED' || t === undefined) continue;
      this.t.items.delete(key);
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
      t.completedAt = null;
    }
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
    return true;
  }

  async completeTier(batchId: string, tier: number, status: TierStatus, now: string): Promise<boolean> {
    const t = this.t.tiers.get(tierKey(batchId, tier));
    if (t === undefined || (t.status !== 'PENDING' && t.status !== 'PROCESSING')) return false;
    t.status = status;
    t.completedAt = now;
    return true;
  }

  async changeStatus(
    batchId: string,
    change: { from: BatchStatus; to: BatchStatus; owner: string | null; now: string; error?: string | null },
  ): Promise<boolean> {
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
    return true;
  }

  /** Test helper (not on the port): the recorded item outcomes of a batch, in recording order. */
  recordedItems(batchId: string, tier?: number): RecordedItem[] {
    return [...this.t.items.values()].filter((i) => i.batchId === batchId && (tier === undefined || i.tier === tier)).map(copy);
  }
}

function mergeHistory(existing: ProcessingHistoryEntry[], incoming: ProcessingHistoryEntry[]): ProcessingHistoryEntry[] {
  if (incoming.length === 0) return existing;
  const first = incoming[0] as ProcessingHistoryEntry;
  // Entries of other batches (and tiers) stay; this batch and tier's entry is replaced.
  return [...existing.filter((e) => !(e.batchId === first.batchId && e.tier === first.tier)), ...incoming];
}

class InMemoryDocuments implements DocumentRepository {
  constructor(private readonly t: Tables) {}

  async upsertMany(documents: readonly DocumentRecord[]): Promise<void> {
    for (const d of documents) {
      const existing = this.t.documents.get(d.documentId);
      if (existing === undefined) {
        this.t.documents.set(d.documentId, copy(d));
        continue;
      }
      // ON CONFLICT DO UPDATE of batch, payload, lineage, updated_at and history only: the
      // document keeps its created_at (and its namespace, collection, object and extractor).
      this.t.documents.set(d.documentId, {
        ...existing,
        batchId: d.batchId,
        payload: copy(d.payload),
        lineage: copy(d.lineage),
        sourceHash: d.sourceHash ?? null,
        extractorFingerprint: d.extractorFingerprint ?? null,
        updatedAt: d.updatedAt,
        processingHistory: mergeHistory(existing.processingHistory, copy(d.processingHistory)),
      });
    }
  }

  async find(namespaceId: string, collectionId: string, documentId: string): Promise<DocumentRecord | null> {
    const d = this.t.documents.get(documentId);
    return d === undefined || d.namespaceId !== namespaceId || d.collectionId !== collectionId ? null : copy(d);
  }

  private of(namespaceId: string, collectionId: string): DocumentRecord[] {
    return [...this.t.documents.values()].filter((d) => d.namespaceId === namespaceId && d.collectionId === collectionId);
  }

  async list(
    namespaceId: string,
    collectionId: string,
    page: { limit: number; offset: number },
  ): Promise<{ results: DocumentRecord[]; total: number }> {
    const all = this.of(namespaceId, collectionId).sort((a, b) =>
      a.createdAt === b.createdAt ? (a.documentId < b.documentId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
    );
    return { results: all.slice(page.offset, page.offset + page.limit).map(copy), total: all.length };
  }

  async countForBatch(namespaceId: string, collectionId: string, batchId: string, tier: number): Promise<number> {
    const completed = new Set(
      [...this.t.items.values()]
        .filter((i) => i.batchId === batchId && i.tier === tier && i.collectionId === collectionId && i.status === 'COMPLETED')
        .map((i) => i.itemId),
    );
    return [...this.t.documents.values()].filter(
      (d) => d.namespaceId === namespaceId && d.collectionId === collectionId && completed.has(d.objectId),
    ).length;
  }

  async count(namespaceId: string, collectionId: string): Promise<number> {
    return this.of(namespaceId, collectionId).length;
  }

  async delete(namespaceId: string, collectionId: string, documentId: string): Promise<boolean> {
    const d = this.t.documents.get(documentId);
    if (d === undefined || d.namespaceId !== namespaceId || d.collectionId !== collectionId) return false;
    this.t.documents.delete(documentId);
    return true;
  }

  async findMany(namespaceId: string, documentIds: readonly string[]): Promise<DocumentRecord[]> {
    return documentIds
      .map((id) => this.t.documents.get(id))
      .filter((d): d is DocumentRecord => d !== undefined && d.namespaceId === namespaceId)
      .map(copy);
  }

  async listIdsWrittenByBatch(namespaceId: string, batchId: string, collectionIds: readonly string[]): Promise<string[]> {
    const wanted = new Set(collectionIds);
    return [...this.t.documents.values()]
      .filter((d) => d.namespaceId === namespaceId && d.batchId === batchId && wanted.has(d.collectionId))
      .map((d) => d.documentId)
      .sort();
  }

  async sourceStates(
    namespaceId: string,
    collectionId: string,
    sourceIds: readonly string[],
  ): Promise<SourceState[]> {
    const wanted = new Set(sourceIds);
    return this.of(namespaceId, collectionId)
      .map((d) => ({ d, sourceId: d.lineage.sourceDocumentId ?? d.lineage.sourceObjectId ?? d.objectId }))
      .filter(({ sourceId }) => wanted.has(sourceId))
      .map(({ d, sourceId }) => ({
        sourceId,
        documentId: d.documentId,
        batchId: d.batchId,
        sourceHash: d.sourceHash ?? null,
        extractorFingerprint: d.extractorFingerprint ?? null,
      }));
  }

  async listOrphaned(namespaceId: string, collectionId: string, limit: number): Promise<OrphanedDocument[]> {
    return this.of(namespaceId, collectionId)
      .filter((d) => this.t.objects.get(d.objectId)?.namespaceId !== namespaceId)
      .map((d) => ({ documentId: d.documentId, objectId: d.objectId }))
      .sort((x, y) => (x.documentId < y.documentId ? -1 : 1))
      .slice(0, limit);
  }
}

class InMemorySchedules implements ScheduleRepository {
  constructor(private readonly t: Tables) {}

  async create(schedule: Schedule): Promise<void> {
    if (this.t.schedules.has(schedule.scheduleId)) throw constraint(`UNIQUE schedules.schedule_id ${schedule.scheduleId}`);
    this.t.schedules.set(schedule.scheduleId, copy(schedule));
  }

  async find(namespaceId: string, scheduleId: string): Promise<Schedule | null> {
    const s = this.t.schedules.get(scheduleId);
    return s === undefined || s.namespaceId !== namespaceId ? null : copy(s);
  }

  async list(namespaceId: string, query: PageQuery & { bucketId: string | null }): Promise<Page<Schedule>> {
    const all = [...this.t.schedules.values()]
      .filter((s) => s.namespaceId === namespaceId && (query.bucketId === null || s.bucketId === query.bucketId))
      .sort(byCreated((s) => s.scheduleId));
    return pageOf(all, query);
  }

  async listAll(): Promise<Schedule[]> {
    return [...this.t.schedules.values()].sort(byCreated((s) => s.scheduleId)).map(copy);
  }

  async update(schedule: Schedule): Promise<boolean> {
    const s = this.t.schedules.get(schedule.scheduleId);
    if (s === undefined || s.namespaceId !== schedule.namespaceId) return false;
    this.t.schedules.set(schedule.scheduleId, copy(schedule));
    return true;
  }

  async delete(namespaceId: string, scheduleId: string): Promise<boolean> {
    const s = this.t.schedules.get(scheduleId);
    if (s === undefined || s.namespaceId !== namespaceId) return false;
    dropWhere(this.t.scheduleRuns, (r) => r.scheduleId === scheduleId);
    this.t.schedules.delete(scheduleId);
    return true;
  }

  async recordRun(run: ScheduleRun): Promise<boolean> {
    if (this.t.scheduleRuns.has(run.runId)) return false;
    this.t.scheduleRuns.set(run.runId, copy(run));
    return true;
  }

  async updateRun(run: ScheduleRun): Promise<boolean> {
    const r = this.t.scheduleRuns.get(run.runId);
    if (r === undefined || r.namespaceId !== run.namespaceId) return false;
    this.t.scheduleRuns.set(run.runId, copy(run));
    return true;
  }

  async listRuns(namespaceId: string, scheduleId: string, page: PageQuery): Promise<Page<ScheduleRun>> {
    const all = [...this.t.scheduleRuns.values()]
      .filter((r) => r.namespaceId === namespaceId && r.scheduleId === scheduleId)
      .sort((a, b) => (a.firedAt === b.firedAt ? (a.runId < b.runId ? 1 : -1) : a.firedAt < b.firedAt ? 1 : -1));
    return pageOf(all, page);
  }
}

class InMemoryUploads implements UploadRepository {
  constructor(private readonly t: Tables) {}

  private inBucket(namespaceId: string, bucketId: string, uploadId: string): Upload | undefined {
    const u = this.t.uploads.get(uploadId);
    return u !== undefined && u.namespaceId === namespaceId && u.bucketId === bucketId ? u : undefined;
  }

  async create(upload: Upload): Promise<void> {
    if (this.t.uploads.has(upload.uploadId)) throw constraint(`UNIQUE uploads.upload_id ${upload.uploadId}`);
    this.t.uploads.set(upload.uploadId, copy(upload));
  }

  async find(namespaceId: string, bucketId: string, uploadId: string): Promise<Upload | null> {
    const u = this.inBucket(namespaceId, bucketId, uploadId);
    return u === undefined ? null : copy(u);
  }

  async update(upload: Upload, expectedStatus: Upload['status']): Promise<boolean> {
    const u = this.inBucket(upload.namespaceId, upload.bucketId, upload.uploadId);
    if (u === undefined || u.status !== expectedStatus) return false;
    this.t.uploads.set(upload.uploadId, copy(upload));
    return true;
  }

  async delete(namespaceId: string, bucketId: string, uploadId: string): Promise<boolean> {
    if (this.inBucket(namespaceId, bucketId, uploadId) === undefined) return false;
    this.t.uploads.delete(uploadId);
    return true;
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<Upload>> {
    const all = [...this.t.uploads.values()]
      .filter((u) => u.namespaceId === namespaceId && u.bucketId === bucketId)
      .sort(byCreated((u: Upload) => u.uploadId))
      .reverse();
    return pageOf(all, page);
  }

  async findCompletedByHash(namespaceId: string, bucketId: string, hash: string): Promise<Upload | null> {
    const found = [...this.t.uploads.values()]
      .filter((u) => u.namespaceId === namespaceId && u.bucketId === bucketId && u.status === 'COMPLETED' && u.receivedHash === hash)
      .sort(byCreated((u: Upload) => u.uploadId))[0];
    return found === undefined ? null : copy(found);
  }
}

/** MetadataStore in memory; see the file comment for what it keeps faithful to the SQLite store. */
class InMemoryApiKeys implements ApiKeyRepository {
  private readonly keys = new Map<string, ApiKey>();

  async create(k: ApiKey): Promise<void> {
    if ([...this.keys.values()].some((x) => x.keyHash === k.keyHash)) throw new AlreadyExistsError('this API key already exists');
    this.keys.set(k.keyId, copy(k));
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const found = [...this.keys.values()].find((k) => k.keyHash === keyHash);
    return found === undefined ? null : copy(found);
  }

  async list(): Promise<ApiKey[]> {
    return [...this.keys.values()].map(copy);
  }

  async revoke(keyId: string, now: string): Promise<boolean> {
    const k = this.keys.get(keyId);
    if (k === undefined) return false;
    k.revokedAt = k.revokedAt ?? now;
    return true;
  }
}

export class InMemoryMetadataStore implements MetadataStore {
  private readonly tables = new Tables();
  readonly namespaces = new InMemoryNamespaces(this.tables);
  readonly buckets = new InMemoryBuckets(this.tables);
  readonly objects = new InMemoryObjects(this.tables);
  readonly uploads = new InMemoryUploads(this.tables);
  readonly collections = new InMemoryCollections(this.tables);
  readonly batches = new InMemoryBatches(this.tables);
  readonly documents = new InMemoryDocuments(this.tables);
  readonly apiKeys = new InMemoryApiKeys();
  readonly schedules = new InMemorySchedules(this.tables);
  readonly webhooks = new InMemoryWebhooks();
  readonly webhookDeliveries = new InMemoryWebhookDeliveries();

  async ping(): Promise<void> {
    if (this.tables.closed) throw new Error('metadata store is closed');
  }

  async close(): Promise<void> {
    this.tables.closed = true;
  }
}
