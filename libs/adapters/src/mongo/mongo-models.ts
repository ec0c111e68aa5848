import { Connection, Model, Schema } from 'mongoose';

/**
 * Mongoose models of the metadata store. Our ids live in named fields (`batchId`, ...) with unique
 * indexes, and `_id` stays MongoDB's ObjectId: CongoDB, the wire server CI runs on, only accepts
 * ObjectId `_id`s (docs/adr/0031). JSON-valued fields are `Mixed`; `minimize: false` keeps empty
 * objects (`{}` is a value, not an absence).
 */
const options = { versionKey: false, minimize: false } as const;
const { Mixed } = Schema.Types;

export interface NamespaceDoc {
  namespaceId: string;
  namespaceName: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface BucketDoc {
  bucketId: string;
  namespaceId: string;
  bucketName: string;
  description: string | null;
  bucketSchema: unknown;
  uniqueKey: unknown;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ObjectDoc {
  objectId: string;
  namespaceId: string;
  bucketId: string;
  keyPrefix: string | null;
  metadata: Record<string, unknown>;
  blobs: unknown[];
  uniqueKeyValue: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CollectionDoc {
  collectionId: string;
  namespaceId: string;
  collectionName: string;
  description: string | null;
  source: unknown;
  /** Denormalised from `source` so "collections fed by X" is an indexed query. */
  sourceBucketIds: string[];
  sourceCollectionIds: string[];
  featureExtractor: unknown;
  /** The public output_schema (docs/adr/0079); absent on collections stored before it was kept, until the backfill. */
  outputSchema?: unknown;
  vectorIndexes: unknown[];
  enabled: boolean;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface BatchDoc {
  batchId: string;
  namespaceId: string;
  bucketId: string;
  status: string;
  /** Ids of batches written before paged batch objects (docs/adr/0100-paged-batch-objects.md); no longer written. */
  objectIds?: string[];
  /** How many batch-objects documents (positions 0..objectCount-1) the batch has. */
  objectCount?: number;
  /** While an add-objects call writes positions (epoch ms it gives up at); null when none does. */
  objectsLockedUntil?: number | null;
  dagTiers: string[][];
  currentTier: number | null;
  taskId: string | null;
  manifestKey: string | null;
  includeProcessingHistory: boolean;
  /** Error policy and force flag (docs/adr/0050-batch-policies.md); absent on batches created before. */
  policy?: unknown;
  metadata: Record<string, unknown>;
  error: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface TierDoc {
  batchId: string;
  tier: number;
  status: string;
  collectionIds: string[];
  totalItems: number;
  succeededItems: number;
  failedItems: number;
  skippedItems?: number;
  documentsWritten: number;
  publishedChunks: number;
  totalChunks: number;
  /** Items per work message (ADR 0105); absent on tiers written before. */
  chunkSize?: number | null;
  errorSummary: Record<string, number>;
  startedAt: string | null;
  completedAt: string | null;
  lastProgressAt: string | null;
  retryRound?: number;
}

/** One object id of a batch at its position (docs/adr/0100-paged-batch-objects.md). */
export interface BatchObjectDoc {
  batchId: string;
  seq: number;
  objectId: string;
}

/** Items completed in one second of a batch (epoch seconds): the window behind items_per_second. */
export interface ProgressDoc {
  batchId: string;
  second: number;
  items: number;
}

/** One line of a batch's log (docs/adr/0077-batch-logs.md). */
export interface BatchLogDoc {
  batchId: string;
  at: string;
  event: string;
  level: string;
  tier: number | null;
  from: string | null;
  to: string | null;
  message: string;
  details: Record<string, unknown>;
}

/** A row of the transactional outbox (docs/adr/0095-transactional-outbox.md). */
export interface OutboxDoc {
  eventId: string;
  event: unknown;
  correlationId: string | null;
  createdAtMs: number;
  attempts: number;
  nextAttemptAtMs: number;
  claimedBy: string | null;
  claimExpiresAtMs: number | null;
  lastError: string | null;
  sentAtMs: number | null;
}

/** The upload record is kept whole in `body`; the other fields are what queries filter and sort on. */
export interface UploadDoc {
  uploadId: string;
  namespaceId: string;
  bucketId: string;
  status: string;
  receivedHash: string | null;
  createdAt: string;
  body: unknown;
}

export interface ApiKeyDoc {
  keyId: string;
  name: string;
  keyHash: string;
  prefix: string;
  namespaceIds: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface WebhookDoc {
  webhookId: string;
  webhookName: string;
  eventTypes: string[];
  channels: unknown[];
  isActive: boolean;
  secrets: unknown[];
  disabledReason: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryDoc {
  deliveryId: string;
  webhookId: string;
  channelIndex: number;
  eventId: string;
  eventType: string;
  namespaceId: string;
  body: string;
  status: string;
  attempts: Array<{ round: number; attempt: number } & Record<string, unknown>>;
  replays: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface ItemDoc {
  batchId: string;
  tier: number;
  collectionId: string;
  itemId: string;
  status: string;
  documentsWritten: number;
  errorCategory: string | null;
  errorMessage: string | null;
  errorStage: string | null;
  completedAt: string;
}

export interface DocumentDoc {
  documentId: string;
  namespaceId: string;
  collectionId: string;
  objectId: string;
  batchId: string;
  featureExtractorId: string;
  payload: Record<string, unknown>;
  lineage: unknown;
  processingHistory: Array<{ batchId: string; tier: number } & Record<string, unknown>>;
  /** The source item (object, or source document in a later tier) and what the document was built from (docs/adr/0050-batch-policies.md). */
  sourceId?: string | null;
  sourceHash?: string | null;
  extractorFingerprint?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The tombstone of a deleted object (docs/adr/0050-batch-policies.md, addendum 2026-12-07). */
export interface DeletedObjectDoc {
  namespaceId: string;
  objectId: string;
  bucketId: string;
  deletedAt: string;
}

/** A schedule kept whole in `body`; the other fields are what queries filter and sort on. */
export interface ScheduleDoc {
  scheduleId: string;
  namespaceId: string;
  bucketId: string;
  createdAt: string;
  body: unknown;
}

export interface ScheduleRunDoc {
  runId: string;
  namespaceId: string;
  scheduleId: string;
  firedAt: string;
  body: unknown;
}

export interface MetadataModels {
  namespaces: Model<NamespaceDoc>;
  buckets: Model<BucketDoc>;
  objects: Model<ObjectDoc>;
  collections: Model<CollectionDoc>;
  batches: Model<BatchDoc>;
  tiers: Model<TierDoc>;
  items: Model<ItemDoc>;
  batchObjects: Model<BatchObjectDoc>;
  documents: Model<DocumentDoc>;
  deletedObjects: Model<DeletedObjectDoc>;
  progress: Model<ProgressDoc>;
  batchLog: Model<BatchLogDoc>;
  uploads: Model<UploadDoc>;
  apiKeys: Model<ApiKeyDoc>;
  webhooks: Model<WebhookDoc>;
  deliveries: Model<DeliveryDoc>;
  schedules: Model<ScheduleDoc>;
  scheduleRuns: Model<ScheduleRunDoc>;
  outbox: Model<OutboxDoc>;
}

const id = { type: String, required: true };
const nullableString = { type: String, default: null };

/** Builds the models on a connection; `prefix` names the MongoDB collections (`<prefix>_batches`). */
export function defineModels(connection: Connection, prefix: string): MetadataModels {
  const namespaces = new Schema<NamespaceDoc>(
    { namespaceId: id, namespaceName: { type: String, required: true }, description: nullableString, createdAt: String, updatedAt: String },
    options,
  );
  namespaces.index({ namespaceId: 1 }, { unique: true });
  namespaces.index({ namespaceName: 1 }, { unique: true });

  const buckets = new Schema<BucketDoc>(
    {
      bucketId: id,
      namespaceId: id,
      bucketName: id,
      description: nullableString,
      bucketSchema: Mixed,
      uniqueKey: { type: Mixed, default: null },
      metadata: Mixed,
      createdAt: String,
      updatedAt: String,
    },
    options,
  );
  buckets.index({ bucketId: 1 }, { unique: true });
  buckets.index({ namespaceId: 1, bucketName: 1 }, { unique: true });

  const objects = new Schema<ObjectDoc>(
    {
      objectId: id,
      namespaceId: id,
      bucketId: id,
      keyPrefix: nullableString,
      metadata: Mixed,
      blobs: [Mixed],
      uniqueKeyValue: nullableString,
      createdAt: String,
      updatedAt: String,
    },
    options,
  );
  objects.index({ objectId: 1 }, { unique: true });
  objects.index({ namespaceId: 1, bucketId: 1, createdAt: 1 });
  // A unique key value is unique per bucket; objects without one are not indexed (partial index).
  objects.index(
    { namespaceId: 1, bucketId: 1, uniqueKeyValue: 1 },
    { unique: true, partialFilterExpression: { uniqueKeyValue: { $type: 'string' } } },
  );
  objects.index({ namespaceId: 1, bucketId: 1, 'blobs.hash': 1 });

  const collections = new Schema<CollectionDoc>(
    {
      collectionId: id,
      namespaceId: id,
      collectionName: id,
      description: nullableString,
      source: Mixed,
      sourceBucketIds: [String],
      sourceCollectionIds: [String],
      featureExtractor: Mixed,
      outputSchema: Mixed,
      vectorIndexes: [Mixed],
      enabled: Boolean,
      metadata: Mixed,
      createdAt: String,
      updatedAt: String,
    },
    options,
  );
  collections.index({ collectionId: 1 }, { unique: true });
  collections.index({ namespaceId: 1, collectionName: 1 }, { unique: true });
  collections.index({ namespaceId: 1, sourceBucketIds: 1 });
  collections.index({ namespaceId: 1, sourceCollectionIds: 1 });

  const batches = new Schema<BatchDoc>(
    {
      batchId: id,
      namespaceId: id,
      bucketId: id,
      status: id,
      objectIds: { type: [String], default: undefined },
      objectCount: { type: Number, default: 0 },
      objectsLockedUntil: { type: Number, default: null },
      dagTiers: Mixed,
      currentTier: { type: Number, default: null },
      taskId: nullableString,
      manifestKey: nullableString,
      includeProcessingHistory: Boolean,
      policy: { type: Mixed, default: null },
      metadata: Mixed,
      error: nullableString,
      leaseOwner: nullableString,
      leaseExpiresAt: { type: Number, default: null },
      createdAt: String,
      updatedAt: String,
      submittedAt: nullableString,
      startedAt: nullableString,
      completedAt: nullableString,
    },
    options,
  );
  batches.index({ batchId: 1 }, { unique: true });
  // Task ids are unique once set; drafts have none (a partial index, so many nulls are fine).
  batches.index({ taskId: 1 }, { unique: true, partialFilterExpression: { taskId: { $type: 'string' } } });
  // What claimNext scans: claimable batches, oldest submit first.
  batches.index({ status: 1, submittedAt: 1 }, { partialFilterExpression: { status: { $in: ['QUEUED', 'PROCESSING'] } } });

  const tiers = new Schema<TierDoc>(
    {
      batchId: id,
      tier: { type: Number, required: true },
      status: id,
      collectionIds: [String],
      totalItems: Number,
      succeededItems: Number,
      failedItems: Number,
      skippedItems: { type: Number, default: 0 },
      documentsWritten: Number,
      publishedChunks: Number,
      totalChunks: Number,
      chunkSize: { type: Number, default: null },
      errorSummary: Mixed,
      startedAt: nullableString,
      completedAt: nullableString,
      lastProgressAt: nullableString,
      retryRound: { type: Number, default: 0 },
    },
    options,
  );
  tiers.index({ batchId: 1, tier: 1 }, { unique: true });

  const items = new Schema<ItemDoc>(
    {
      batchId: id,
      tier: Number,
      collectionId: id,
      itemId: id,
      status: id,
      documentsWritten: Number,
      errorCategory: nullableString,
      errorMessage: nullableString,
      errorStage: nullableString,
      completedAt: String,
    },
    options,
  );
  items.index({ batchId: 1, tier: 1, collectionId: 1, itemId: 1 }, { unique: true });
  items.index({ batchId: 1, status: 1, completedAt: 1 });

  const batchObjects = new Schema<BatchObjectDoc>({ batchId: id, seq: { type: Number, required: true }, objectId: id }, options);
  // A page is a range of positions; an id is held once per batch.
  batchObjects.index({ batchId: 1, seq: 1 }, { unique: true });
  batchObjects.index({ batchId: 1, objectId: 1 }, { unique: true });

  const progress = new Schema<ProgressDoc>({ batchId: id, second: { type: Number, required: true }, items: Number }, options);
  progress.index({ batchId: 1, second: 1 }, { unique: true });

  const batchLog = new Schema<BatchLogDoc>(
    { batchId: id, at: String, event: String, level: String, tier: { type: Number, default: null }, from: nullableString, to: nullableString, message: String, details: Mixed },
    options,
  );
  batchLog.index({ batchId: 1, at: 1 });
  batchLog.index({ batchId: 1, tier: 1, at: 1 });

  const uploads = new Schema<UploadDoc>(
    { uploadId: id, namespaceId: id, bucketId: id, status: id, receivedHash: nullableString, createdAt: String, body: Mixed },
    options,
  );
  uploads.index({ uploadId: 1 }, { unique: true });
  uploads.index({ namespaceId: 1, bucketId: 1, createdAt: -1 });

  const apiKeys = new Schema<ApiKeyDoc>(
    {
      keyId: id,
      name: String,
      keyHash: id,
      prefix: String,
      namespaceIds: { type: Mixed, default: null },
      createdAt: String,
      revokedAt: nullableString,
    },
    options,
  );
  apiKeys.index({ keyId: 1 }, { unique: true });
  apiKeys.index({ keyHash: 1 }, { unique: true });

  const webhooks = new Schema<WebhookDoc>(
    {
      webhookId: id,
      webhookName: String,
      eventTypes: [String],
      channels: [Mixed],
      isActive: Boolean,
      secrets: [Mixed],
      disabledReason: nullableString,
      lastError: nullableString,
      createdAt: String,
      updatedAt: String,
    },
    options,
  );
  webhooks.index({ webhookId: 1 }, { unique: true });
  webhooks.index({ isActive: 1, eventTypes: 1 });

  const deliveries = new Schema<DeliveryDoc>(
    {
      deliveryId: id,
      webhookId: id,
      channelIndex: Number,
      eventId: String,
      eventType: String,
      namespaceId: String,
      body: String,
      status: id,
      attempts: [Mixed],
      replays: Number,
      createdAt: String,
      updatedAt: String,
      completedAt: nullableString,
    },
    options,
  );
  deliveries.index({ deliveryId: 1 }, { unique: true });
  deliveries.index({ webhookId: 1, createdAt: -1 });
  deliveries.index({ webhookId: 1, status: 1, updatedAt: 1 });
  deliveries.index({ status: 1, updatedAt: 1 });

  const documents = new Schema<DocumentDoc>(
    {
      documentId: id,
      namespaceId: id,
      collectionId: id,
      objectId: id,
      batchId: id,
      featureExtractorId: String,
      payload: Mixed,
      lineage: Mixed,
      processingHistory: [Mixed],
      sourceId: nullableString,
      sourceHash: nullableString,
      extractorFingerprint: nullableString,
      createdAt: String,
      updatedAt: String,
    },
    options,
  );
  documents.index({ documentId: 1 }, { unique: true });
  documents.index({ namespaceId: 1, collectionId: 1, sourceId: 1 });

  const schedules = new Schema<ScheduleDoc>({ scheduleId: id, namespaceId: id, bucketId: id, createdAt: String, body: Mixed }, options);
  schedules.index({ scheduleId: 1 }, { unique: true });
  schedules.index({ namespaceId: 1, bucketId: 1, createdAt: 1 });
  const scheduleRuns = new Schema<ScheduleRunDoc>({ runId: id, namespaceId: id, scheduleId: id, firedAt: String, body: Mixed }, options);
  scheduleRuns.index({ runId: 1 }, { unique: true });
  scheduleRuns.index({ namespaceId: 1, scheduleId: 1, firedAt: -1 });
  documents.index({ namespaceId: 1, collectionId: 1, createdAt: 1, documentId: 1 });
  documents.index({ namespaceId: 1, batchId: 1, collectionId: 1, documentId: 1 });
  documents.index({ namespaceId: 1, objectId: 1, collectionId: 1, createdAt: 1 });

  const deletedObjects = new Schema<DeletedObjectDoc>({ namespaceId: id, objectId: id, bucketId: id, deletedAt: { type: String, required: true } }, options);
  deletedObjects.index({ namespaceId: 1, objectId: 1 }, { unique: true });

  const outbox = new Schema<OutboxDoc>(
    {
      eventId: id,
      event: Mixed,
      correlationId: nullableString,
      createdAtMs: { type: Number, required: true },
      attempts: { type: Number, default: 0 },
      nextAttemptAtMs: { type: Number, default: 0 },
      claimedBy: nullableString,
      claimExpiresAtMs: { type: Number, default: null },
      lastError: nullableString,
      sentAtMs: { type: Number, default: null },
    },
    options,
  );
  outbox.index({ eventId: 1 }, { unique: true });
  outbox.index({ sentAtMs: 1, createdAtMs: 1 });

  const name = (n: string) => `${prefix}_${n}`;
  return {
    namespaces: connection.model<NamespaceDoc>(name('namespaces'), namespaces, name('namespaces')),
    buckets: connection.model<BucketDoc>(name('buckets'), buckets, name('buckets')),
    objects: connection.model<ObjectDoc>(name('objects'), objects, name('objects')),
    collections: connection.model<CollectionDoc>(name('collections'), collections, name('collections')),
    batches: connection.model<BatchDoc>(name('batches'), batches, name('batches')),
    tiers: connection.model<TierDoc>(name('batch_tiers'), tiers, name('batch_tiers')),
    items: connection.model<ItemDoc>(name('batch_items'), items, name('batch_items')),
    batchObjects: connection.model<BatchObjectDoc>(name('batch_objects'), batchObjects, name('batch_objects')),
    documents: connection.model<DocumentDoc>(name('documents'), documents, name('documents')),
    deletedObjects: connection.model<DeletedObjectDoc>(name('deleted_objects'), deletedObjects, name('deleted_objects')),
    progress: connection.model<ProgressDoc>(name('batch_progress_seconds'), progress, name('batch_progress_seconds')),
    batchLog: connection.model<BatchLogDoc>(name('batch_log'), batchLog, name('batch_log')),
    uploads: connection.model<UploadDoc>(name('uploads'), uploads, name('uploads')),
    apiKeys: connection.model<ApiKeyDoc>(name('api_keys'), apiKeys, name('api_keys')),
    webhooks: connection.model<WebhookDoc>(name('webhooks'), webhooks, name('webhooks')),
    deliveries: connection.model<DeliveryDoc>(name('webhook_deliveries'), deliveries, name('webhook_deliveries')),
    schedules: connection.model<ScheduleDoc>(name('schedules'), schedules, name('schedules')),
    scheduleRuns: connection.model<ScheduleRunDoc>(name('schedule_runs'), scheduleRuns, name('schedule_runs')),
    outbox: connection.model<OutboxDoc>(name('outbox'), outbox, name('outbox')),
  };
}

/** MongoDB's duplicate-key error (a unique index said no). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
