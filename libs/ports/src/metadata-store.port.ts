import type {
  ApiKey,
  Batch,
  BatchLogEntry,
  BatchPolicy,
  BatchStatus,
  BatchTier,
  Bucket,
  Collection,
  CollectionOutputSchema,
  DocumentRecord,
  ErrorCategory,
  ItemOutcome,
  Namespace,
  NewBatch,
  Schedule,
  ScheduleRun,
  StoredObject,
  TierStatus,
  Upload,
} from '@strata/domain';
import type { ListRequest } from '@strata/contracts';
import type { OutboxMessage, OutboxRepository } from './outbox.port';
import type { WebhookDeliveryRepository, WebhookRepository } from './webhook-store.port';

/** A page of a listing in a stable order, with the total of the whole listing. */
export interface Page<T> {
  results: T[];
  total: number;
}

export interface PageQuery {
  offset: number;
  limit: number;
}

/**
 * Every method that touches tenant data takes the namespace id and filters by it, so a wrong
 * namespace finds nothing instead of another tenant's data.
 */
export interface NamespaceRepository {
  /** @throws AlreadyExistsError when the name is taken. */
  create(namespace: Namespace): Promise<void>;
  findByIdOrName(idOrName: string): Promise<Namespace | null>;
  /** Changes the given fields. Null when it does not exist. @throws AlreadyExistsError on a taken name. */
  update(namespaceId: string, patch: { namespaceName?: string; description?: string | null }, updatedAt: string): Promise<Namespace | null>;
  /** Namespaces oldest first (created_at, then id). */
  list(page: PageQuery): Promise<Page<Namespace>>;
  /** A filtered, searched and sorted page of the namespaces (namespaceRecord; ties in list order; docs/adr/0079). Null when this store cannot run the request: the caller scans. */
  query(request: ListRequest): Promise<Page<Namespace> | null>;
  /**
   * Deletes the namespace and every row of it in every repository (buckets, objects, uploads,
   * collections, batches with their tiers/items/progress, documents, tombstones of deleted
   * objects), atomically where the store allows. Deleting a missing namespace is not an error.
   */
  delete(namespaceId: string): Promise<void>;
}

export interface BucketRepository {
  /** @throws AlreadyExistsError when the name is taken in the namespace. */
  create(bucket: Bucket): Promise<void>;
  findByIdOrName(namespaceId: string, idOrName: string): Promise<Bucket | null>;
  /** Changes the given fields. Null when it does not exist. @throws AlreadyExistsError on a taken name. */
  update(
    namespaceId: string,
    bucketId: string,
    patch: { bucketName?: string; description?: string | null; metadata?: Record<string, unknown> },
    updatedAt: string,
  ): Promise<Bucket | null>;
  /** Buckets of a namespace oldest first (created_at, then id). */
  list(namespaceId: string, page: PageQuery): Promise<Page<Bucket>>;
  /** A filtered, searched and sorted page of a namespace's buckets (bucketRecord; ties in list order; docs/adr/0079). Null when this store cannot run the request: the caller scans. */
  query(namespaceId: string, request: ListRequest): Promise<Page<Bucket> | null>;
  /** Object count, summed blob sizes, and batch counts per status of a bucket. */
  stats(namespaceId: string, bucketId: string): Promise<{ objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }>;
  /**
   * The stats of several buckets in one read (a list page), by bucket id; every requested id is
   * in the map, zeros for a bucket with nothing in it.
   */
  statsMany(
    namespaceId: string,
    bucketIds: readonly string[],
  ): Promise<Map<string, { objectCount: number; totalSizeBytes: number; batchesByStatus: Partial<Record<BatchStatus, number>> }>>;
  /**
   * Deletes the bucket with its objects, uploads and batches (tiers, items, progress) atomically.
   * Collections and documents stay: no tombstone is written for its objects, and the tombstones of
   * objects deleted from it before go too, so no batch ever sweeps documents of the bucket
   * (docs/adr/0050-batch-policies.md, addendum 2026-12-07). False when it did not exist.
   */
  delete(namespaceId: string, bucketId: string): Promise<boolean>;
}

export interface ObjectRepository {
  /**
   * `outbox` events (object.created) commit with the row, in the same transaction
   * (docs/adr/0095-transactional-outbox.md); so for update and delete, written only if they applied.
   */
  create(object: StoredObject, outbox?: readonly OutboxMessage[]): Promise<void>;
  /**
   * Inserts new objects (the bulk route's chunk, ~1,000) and their `outbox` events as one write,
   * all or nothing: SQLite one transaction; MongoDB one ordered insertMany, in a transaction when
   * the server has them, else a failed insert removes what it inserted before it throws.
   * @throws AlreadyExistsError when a unique key value clashes with a stored object or another of `objects`.
   */
  createMany(objects: readonly StoredObject[], outbox?: readonly OutboxMessage[]): Promise<void>;
  find(namespaceId: string, bucketId: string, objectId: string): Promise<StoredObject | null>;
  /** The objects among `objectIds` that exist in the bucket, in no particular order. */
  findMany(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<StoredObject[]>;
  /** The ids among `objectIds` that do not exist in the bucket. */
  missing(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<string[]>;
  /** Replaces key_prefix, metadata, blobs, unique key value and updated_at. False when missing. @throws AlreadyExistsError on a unique key clash. */
  update(object: StoredObject, outbox?: readonly OutboxMessage[]): Promise<boolean>;
  /**
   * Deletes the object and records its tombstone (namespace, object, bucket, `deletedAt`, default
   * now; a tombstone already there is overwritten), which `documents.listOrphaned` reads and
   * `documents.pruneTombstones` removes (docs/adr/0050-batch-policies.md, addendum 2026-12-07).
   * SQLite: one transaction; MongoDB: the tombstone first, then the object (a tombstone whose
   * object still exists is ignored). False when it did not exist (no tombstone then).
   */
  delete(namespaceId: string, bucketId: string, objectId: string, outbox?: readonly OutboxMessage[], deletedAt?: string): Promise<boolean>;
  /** Objects of a bucket oldest first (created_at, then id). */
  list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<StoredObject>>;
  /**
   * A filtered, searched and sorted page of a bucket's objects with the total of matches, run by
   * the store (filters on the public record, objectRecord in libs/contracts; ties in list order;
   * docs/adr/0079). Null when this store cannot run the request: the caller scans instead.
   */
  query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<StoredObject> | null>;
  /** The object holding `uniqueKeyValue` in the bucket. */
  findByUniqueKey(namespaceId: string, bucketId: string, uniqueKeyValue: string): Promise<StoredObject | null>;
  /** The oldest object of the bucket with a blob whose hash is `hash` (`sha256:<hex>`). */
  findByBlobHash(namespaceId: string, bucketId: string, hash: string): Promise<StoredObject | null>;
}

export interface UploadRepository {
  create(upload: Upload): Promise<void>;
  find(namespaceId: string, bucketId: string, uploadId: string): Promise<Upload | null>;
  /**
   * Writes the upload if its stored status is still `expectedStatus` (compare-and-set), so two
   * confirms cannot both create an object. False otherwise.
   */
  update(upload: Upload, expectedStatus: Upload['status']): Promise<boolean>;
  delete(namespaceId: string, bucketId: string, uploadId: string): Promise<boolean>;
  /** Uploads of a bucket, newest first. */
  list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<Upload>>;
  /** A filtered, searched and sorted page of a bucket's uploads (uploadRecord without a presigned URL; ties in list order, newest first; docs/adr/0079). Null when this store cannot run the request: the caller scans. */
  query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<Upload> | null>;
  /** A COMPLETED upload of the bucket whose received hash is `hash` (`sha256:<hex>`). */
  findCompletedByHash(namespaceId: string, bucketId: string, hash: string): Promise<Upload | null>;
}

export interface CollectionRepository {
  /** @throws AlreadyExistsError when the name is taken in the namespace. */
  /**
   * `outbox` events (collection.created/updated/deleted) commit with the change, in the same
   * transaction (docs/adr/0095-transactional-outbox.md); for update and delete only if they applied.
   */
  create(collection: Collection, outbox?: readonly OutboxMessage[]): Promise<void>;
  findByIdOrName(namespaceId: string, idOrName: string): Promise<Collection | null>;
  findMany(namespaceId: string, collectionIds: readonly string[]): Promise<Collection[]>;
  /** Enabled collections whose source is the bucket (tier 0 of its batches). */
  listBySourceBucket(namespaceId: string, bucketId: string): Promise<Collection[]>;
  /**
   * Enabled collections whose source is one of the given collections; disabled ones too with
   * `includeDisabled` (cleaning up documents derived from deleted ones must reach every collection).
   */
  listBySourceCollections(namespaceId: string, collectionIds: readonly string[], options?: { includeDisabled?: boolean }): Promise<Collection[]>;
  /** Collections of a namespace oldest first (created_at, then id), enabled or not. */
  list(namespaceId: string, page: PageQuery): Promise<Page<Collection>>;
  /**
   * A filtered and sorted page of a namespace's collections (collectionRecord; ties in list order;
   * docs/adr/0079). `output_schema` is the stored one: a collection without it (stored before it
   * was kept, not backfilled yet) has none here, so the caller sends a request that reads it or
   * searches only when `hasMissingOutputSchema` says none is left. Null when this store cannot run
   * the request: the caller scans.
   */
  query(namespaceId: string, request: ListRequest): Promise<Page<Collection> | null>;
  /** Whether some collection of the namespace has no stored `outputSchema` yet. */
  hasMissingOutputSchema(namespaceId: string): Promise<boolean>;
  /**
   * Collections of every namespace without a stored `outputSchema`, ordered by collection id,
   * those after `afterCollectionId` (a cursor; null from the start), at most `limit` (the backfill).
   */
  listMissingOutputSchema(afterCollectionId: string | null, limit: number): Promise<Collection[]>;
  /**
   * Stores the `outputSchema` of a collection that has none yet (idempotent, leaves one already
   * stored as it is, and `updated_at` as it is: nothing a client changed). False when it is
   * missing or already had one.
   */
  setOutputSchema(namespaceId: string, collectionId: string, outputSchema: CollectionOutputSchema): Promise<boolean>;
  /** Changes the given mutable fields. Null when it does not exist. @throws AlreadyExistsError on a taken name. */
  update(namespaceId: string, collectionId: string, patch: CollectionPatch, updatedAt: string, outbox?: readonly OutboxMessage[]): Promise<Collection | null>;
  /**
   * Deletes the collection and the metadata of its documents in one transaction where the store
   * allows (vectors live in the VectorStore and are deleted by the caller). False when missing.
   */
  delete(namespaceId: string, collectionId: string, outbox?: readonly OutboxMessage[]): Promise<boolean>;
}

/** The fields of a collection that may change after creation (Mixpeek: name, description, enabled, metadata). */
export interface CollectionPatch {
  collectionName?: string;
  description?: string | null;
  enabled?: boolean;
  metadata?: Record<string, unknown>;
}

/** What a submit writes, applied only if the batch is still in `from`. */
export interface SubmitBatchChange {
  from: BatchStatus;
  to: BatchStatus;
  taskId: string;
  manifestKey: string;
  dagTiers: string[][];
  tiers: BatchTier[];
  includeProcessingHistory: boolean;
  /** Replaces the policy given at create; absent keeps it. */
  policy?: BatchPolicy;
  submittedAt: string;
  /** Events written into the outbox in the same transaction (docs/adr/0095-transactional-outbox.md). */
  outbox?: readonly OutboxMessage[];
  /** The objectCount the tiers' totals were computed from; when given, the submit fails if objects were added since. */
  objectCount?: number;
}

export interface ClaimRequest {
  owner: string;
  leaseMs: number;
  now: number;
  /** Only claim batches of these namespaces; null = all. */
  namespaceIds: readonly string[] | null;
  /** The status change of a fresh claim, from the state machine (QUEUED -> PROCESSING). */
  from: BatchStatus;
  to: BatchStatus;
  /**
   * Events of a fresh claim (not a takeover), written into the outbox in the claim's
   * transaction; called with the claimed batch and its tiers.
   */
  claimEvents?: (batch: Batch, tiers: readonly BatchTier[]) => readonly OutboxMessage[];
}

/** A claimed batch; `takeover` is true when its previous holder's lease had expired. */
export interface ClaimedBatch {
  batch: Batch;
  takeover: boolean;
  /** On a takeover, the poller whose lease had expired (null when the batch had none); null otherwise. */
  previousOwner: string | null;
}

/** What a worker reads of a batch for every work message. */
export interface BatchState {
  status: BatchStatus;
  includeProcessingHistory: boolean;
  policy: BatchPolicy;
}

/** A recorded item failure (a row of the batch's outcomes). */
export interface FailedItem {
  tier: number;
  collectionId: string;
  itemId: string;
  category: ErrorCategory;
  message: string;
  stage: string;
  completedAt: string;
}

export interface RecordOutcomesResult {
  /** Outcomes not seen before (a redelivered item is counted once). */
  newlyRecorded: number;
  tier: BatchTier;
}

/** Counts of a tier known once its inputs are resolved. */
export interface TierTotals {
  totalItems: number;
  totalChunks: number;
  /** Items per work message the chunks were counted with (kept as it is when left out). */
  chunkSize?: number;
}

/** An item whose recorded failure a retry removes, so that it runs again. */
export interface RetryItem {
  tier: number;
  collectionId: string;
  itemId: string;
}

/**
 * What a retry writes, applied only if the batch is still in `from`: the batch goes to `to`
 * (QUEUED) with its error, end time and lease cleared; the failures of `items` are deleted and
 * taken off their tier's failed count and error summary; each tier of `reopenTiers` goes back to
 * PENDING with its retryRound increased and its chunk counters zeroed.
 */
export interface RetryBatchChange {
  from: BatchStatus;
  to: BatchStatus;
  items: readonly RetryItem[];
  reopenTiers: readonly number[];
  now: string;
  /** Events written into the outbox in the same transaction. */
  outbox?: readonly OutboxMessage[];
}

/** A conditional status change (see BatchRepository.changeStatus). */
export interface StatusChange {
  from: BatchStatus;
  to: BatchStatus;
  owner: string | null;
  now: string;
  error?: string | null;
  /** Events written into the outbox in the same transaction. */
  outbox?: readonly OutboxMessage[];
}

export interface BatchRepository {
  /**
   * Writes the batch record and its first object ids (positions 0..n-1); the record's objectCount
   * is the number of distinct ids written.
   */
  create(batch: NewBatch): Promise<void>;
  find(namespaceId: string, batchId: string): Promise<Batch | null>;
  /** Batches of a bucket, newest first, optionally of one status. */
  list(
    namespaceId: string,
    bucketId: string,
    query: { status: BatchStatus | null; offset: number; limit: number },
  ): Promise<{ results: Batch[]; total: number }>;
  /** Finds a batch by its task id; tasks are not namespace scoped. */
  findByTaskId(taskId: string): Promise<Batch | null>;
  /**
   * Appends the ids the batch does not hold yet (deduplicated, request order) at the next
   * positions while the batch is DRAFT, and counts them in objectCount. Positions stay dense
   * (0..objectCount-1). Returns null when the batch is not DRAFT any more.
   */
  addObjects(namespaceId: string, batchId: string, objectIds: readonly string[], updatedAt: string): Promise<Batch | null>;
  /**
   * The batch's object ids at positions `fromPosition` .. `fromPosition + limit - 1`, in position
   * order: one indexed range read (a cursor by position, not an offset scan), so any page of a
   * huge batch costs the same (docs/adr/0100-paged-batch-objects.md).
   */
  listObjectIds(batchId: string, fromPosition: number, limit: number): Promise<string[]>;
  /** Conditional submit; false when the batch was not in `change.from` (or its objectCount changed). */
  submit(namespaceId: string, batchId: string, change: SubmitBatchChange): Promise<boolean>;
  /**
   * Claims one batch: a QUEUED one (status change `from` -> `to`), or a PROCESSING one whose lease
   * expired (takeover, status unchanged). Atomic: two pollers never claim the same batch.
   */
  claimNext(request: ClaimRequest): Promise<ClaimedBatch | null>;
  /** Extends a lease; false when `owner` no longer holds it. */
  renewLease(batchId: string, owner: string, expiresAt: number): Promise<boolean>;
  /** Gives a lease up (on shutdown) so another poller can take over at once. */
  releaseLease(batchId: string, owner: string): Promise<void>;
  /** The little a worker needs per message, without the batch's object id list. */
  getState(batchId: string): Promise<BatchState | null>;
  getTiers(batchId: string): Promise<BatchTier[]>;
  /**
   * Marks a tier PROCESSING and the batch's current tier; conditional on the lease owner.
   * `totals` sets the tier's item and chunk counts when it leaves PENDING: a tier sourcing
   * collections learns them only when it starts (they are the documents the tier before wrote).
   */
  startTier(batchId: string, tier: number, owner: string, now: string, totals?: TierTotals): Promise<boolean>;
  /** Persists how many work messages of a tier are on the bus. Only grows. */
  recordPublished(batchId: string, tier: number, publishedChunks: number): Promise<void>;
  /**
   * Records final item outcomes once each and adds them to the tier's counters in one
   * transaction. Outcomes already recorded are ignored. `documents`, when given, are upserted
   * first (as DocumentRepository.upsertMany): in the same transaction where the store has one
   * across both (SQLite: one write transaction per work message, docs/benchmarks.md), otherwise
   * just before the outcomes, which is safe to repeat (document ids are deterministic).
   * `outbox` events (the worker's collection.documents.written) are written in the same
   * transaction, also when every outcome was recorded before (a redelivery; insert-if-absent by
   * event id). Without transactions (MongoDB standalone) they are written first
   * (docs/adr/0095-transactional-outbox.md).
   */
  recordOutcomes(
    batchId: string,
    tier: number,
    outcomes: readonly ItemOutcome[],
    now: string,
    documents?: readonly DocumentRecord[],
    outbox?: readonly OutboxMessage[],
  ): Promise<RecordOutcomesResult>;
  /**
   * Completions per second recorded since `sinceMs` (epoch ms), oldest first: the persisted
   * sliding window behind items_per_second, identical for every API replica.
   */
  recentCompletions(batchId: string, sinceMs: number): Promise<Array<{ atMs: number; items: number }>>;
  /** Documents the workers reported written, per collection and tier of the batch. */
  documentsByCollection(batchId: string): Promise<Array<{ collectionId: string; tier: number; documents: number }>>;
  /** Recorded failures of a batch, oldest first, optionally of one tier and collection. */
  listFailedItems(
    batchId: string,
    query: { tier: number | null; collectionId: string | null; offset: number; limit: number },
  ): Promise<{ results: FailedItem[]; total: number }>;
  /** Ids of the items of one tier and collection that have an outcome (succeeded or failed; or of one `status` only), sorted. */
  recordedItemIds(batchId: string, tier: number, collectionId: string, status?: ItemOutcome['status']): Promise<string[]>;
  /**
   * The batch's object ids at positions `fromPosition`..`fromPosition + limit - 1` that have no
   * recorded outcome in (`tier`, `collectionId`), in position order: a paged anti-join, so a retry
   * round of tier 0 finds the objects to rerun one window at a time and never holds all of a
   * batch's ids or outcomes (docs/adr/0100-paged-batch-objects.md). An empty answer says nothing
   * about later windows: the caller pages up to `objectCount`.
   */
  objectIdsWithoutOutcome(batchId: string, tier: number, collectionId: string, fromPosition: number, limit: number): Promise<string[]>;
  /** Applies a retry atomically (see RetryBatchChange); false when the batch was not in `change.from`. */
  reopenForRetry(namespaceId: string, batchId: string, change: RetryBatchChange): Promise<boolean>;
  /**
   * The batch's log, in the order it was written, optionally of one tier (docs/adr/0077-batch-logs.md).
   * Every transition method of this repository writes its line (batchLog in @strata/domain): on a
   * store with transactions in the same one; otherwise right after its conditional write succeeds.
   */
  listLog(batchId: string, query: { tier: number | null; offset: number; limit: number }): Promise<{ results: BatchLogEntry[]; total: number }>;
  /** Replaces the user metadata of a batch. Returns null when it does not exist. */

  updateMetadata(namespaceId: string, batchId: string, metadata: Record<string, unknown>, now: string): Promise<Batch | null>;
  /** Deletes a batch with its tiers, outcomes and progress samples (documents stay). */
  delete(namespaceId: string, batchId: string): Promise<boolean>;
  /** Sets a tier's final status; conditional on it being PROCESSING. `outbox` events are written only if it applied, in the same transaction. */
  completeTier(batchId: string, tier: number, status: TierStatus, now: string, outbox?: readonly OutboxMessage[]): Promise<boolean>;
  /**
   * Conditional status change of a batch held by `owner` (or any holder when owner is null).
   * False when the batch is not in `from` or the lease is someone else's. `outbox` events are
   * written only if the change applied, in the same transaction.
   */
  changeStatus(batchId: string, change: StatusChange): Promise<boolean>;
}

export interface DocumentRepository {
  /** Inserts or overwrites by document id (created_at of an existing document is kept). */
  upsertMany(documents: readonly DocumentRecord[]): Promise<void>;
  find(namespaceId: string, collectionId: string, documentId: string): Promise<DocumentRecord | null>;
  list(
    namespaceId: string,
    collectionId: string,
    page: { limit: number; offset: number },
  ): Promise<{ results: DocumentRecord[]; total: number }>;
  /**
   * A filtered, searched and sorted page of a collection's documents with the total of matches,
   * run by the store (filters on the public record, documentRecord in libs/contracts; ties in list
   * order, created_at then id; docs/adr/0079). Null when this store cannot run the request: the
   * caller scans instead.
   */
  query(namespaceId: string, collectionId: string, request: ListRequest): Promise<Page<DocumentRecord> | null>;
  count(namespaceId: string, collectionId: string): Promise<number>;
  /** Deletes one document's metadata; false when it is not in the collection. */
  delete(namespaceId: string, collectionId: string, documentId: string): Promise<boolean>;
  /** Documents of a collection whose source items completed in the given batch and tier. */
  countForBatch(namespaceId: string, collectionId: string, batchId: string, tier: number): Promise<number>;
  /** The documents among `documentIds` (any collection of the namespace), in no particular order. */
  findMany(namespaceId: string, documentIds: readonly string[]): Promise<DocumentRecord[]>;
  /**
   * Ids of the documents of the given collections last written by `batchId`, sorted by id (a
   * stable order, so the fan-out of the next tier is the same when another poller repeats it).
   */
  listIdsWrittenByBatch(namespaceId: string, batchId: string, collectionIds: readonly string[]): Promise<string[]>;
  /**
   * What the documents of a collection extracted from the given source items (`objectId` for tier
   * 0, or the source document id) were built from, and the batch that last wrote each: one row per
   * document. Incremental re-processing skips a source whose rows all carry its current content
   * hash and the extractor's fingerprint and were written by an earlier batch.
   */
  sourceStates(
    namespaceId: string,
    collectionId: string,
    sourceIds: readonly string[],
  ): Promise<SourceState[]>;
  /**
   * Documents of a collection whose root object was deleted from its bucket, at most `limit`,
   * sorted by document id. A finishing batch deletes them (docs/adr/0050-batch-policies.md). Read
   * from the namespace's tombstones (ObjectRepository.delete) whose object does not exist, then
   * their documents in the collection by root object (an index lookup each): O(tombstones of the
   * namespace + documents found), never the collection's size. Documents of an object that was
   * never deleted (no tombstone), or of a bucket deleted whole, are not listed.
   */
  listOrphaned(namespaceId: string, collectionId: string, limit: number): Promise<OrphanedDocument[]>;
  /**
   * Removes the namespace's tombstones written before `deletedBefore` (ISO time) that nothing
   * needs any more: no document of any collection has their object as root, or their object
   * exists again. Returns how many went. The finisher calls it after its sweep; `deletedBefore`
   * leaves a grace period for a worker still writing documents of an object deleted meanwhile,
   * and for MongoDB's tombstone-then-delete order. O(tombstones of the namespace), one index
   * lookup each.
   */
  pruneTombstones(namespaceId: string, deletedBefore: string): Promise<number>;
  /**
   * Documents whose root object is `objectId`, in every collection of the namespace or in
   * `collectionIds` only, ordered by collection id, created_at, then document id (what an object
   * produced, Mixpeek's `GET /v1/objects/{object_id}/documents`).
   */
  listByObject(namespaceId: string, objectId: string, query: PageQuery & { collectionIds: readonly string[] | null }): Promise<Page<DocumentRecord>>;
}

/** A document whose root object is gone. */
export interface OrphanedDocument {
  documentId: string;
  objectId: string;
}

/** What one document was built from (incremental re-processing). */
export interface SourceState {
  sourceId: string;
  documentId: string;
  batchId: string;
  sourceHash: string | null;
  extractorFingerprint: string | null;
}

/** Schedules of recurring batches and the record of their runs (docs/adr/0050-batch-policies.md). */
export interface ScheduleRepository {
  create(schedule: Schedule): Promise<void>;
  find(namespaceId: string, scheduleId: string): Promise<Schedule | null>;
  /** Schedules of a namespace (optionally of one bucket), oldest first (created_at, then id). */
  list(namespaceId: string, query: PageQuery & { bucketId: string | null }): Promise<Page<Schedule>>;
  /** Every schedule of every namespace: what the job schedulers are reconciled with at start-up. */
  listAll(): Promise<Schedule[]>;
  /** Replaces the schedule's fields; false when it does not exist. */
  update(schedule: Schedule): Promise<boolean>;
  /** Deletes the schedule and its runs; false when it did not exist. */
  delete(namespaceId: string, scheduleId: string): Promise<boolean>;
  /** Records a run once: false when a run with this id exists (the same tick handled twice). */
  recordRun(run: ScheduleRun): Promise<boolean>;
  /** Changes a recorded run (status, batch id, reason); false when missing. */
  updateRun(run: ScheduleRun): Promise<boolean>;
  /** Runs of a schedule, newest first (fired_at, then id). */
  listRuns(namespaceId: string, scheduleId: string, page: PageQuery): Promise<Page<ScheduleRun>>;
}

export interface ApiKeyRepository {
  create(key: ApiKey): Promise<void>;
  /** The key with this hash, revoked or not. */
  findByHash(keyHash: string): Promise<ApiKey | null>;
  list(): Promise<ApiKey[]>;
  /** Marks a key revoked; false when there is no such key. */
  revoke(keyId: string, now: string): Promise<boolean>;
}

/** The metadata store: namespaces, buckets, objects, collections, batches and document metadata. */
export interface MetadataStore {
  readonly namespaces: NamespaceRepository;
  readonly buckets: BucketRepository;
  readonly objects: ObjectRepository;
  readonly uploads: UploadRepository;
  readonly collections: CollectionRepository;
  readonly batches: BatchRepository;
  readonly documents: DocumentRepository;
  readonly apiKeys: ApiKeyRepository;
  /** Schedules and their runs (docs/adr/0050-batch-policies.md). */
  readonly schedules: ScheduleRepository;
  /** Webhook subscriptions and their delivery log (docs/adr/0020-webhook-delivery-pipeline.md; see webhook-store.port.ts). */
  readonly webhooks: WebhookRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  /** Domain events waiting for their publish (docs/adr/0095-transactional-outbox.md). */
  readonly outbox: OutboxRepository;
  /** Throws when the store cannot serve requests (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * A value that differs whenever anything in the store may have changed since it was read (a
   * commit by this process or any other); absent when the store cannot tell cheaply. A process
   * reuses what it computed from the store while the value stays the same (GET batch under load,
   * DescribeBatch).
   */
  changeToken?(): string;
}
