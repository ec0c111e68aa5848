import type { BatchStatus, TierStatus } from './status';
import type { ErrorCategory } from './errors';
import type { BatchPolicy } from './policies';

/** Field types of a bucket schema (Mixpeek's BucketSchemaFieldType). */
export const BUCKET_FIELD_TYPES = [
  'string',
  'number',
  'integer',
  'float',
  'boolean',
  'object',
  'array',
  'date',
  'datetime',
  'text',
  'image',
  'audio',
  'video',
  'pdf',
  'excel',
  'json',
] as const;
export type BucketFieldType = (typeof BUCKET_FIELD_TYPES)[number];

/** Field types whose values are blobs kept in object storage. */
export const BLOB_FIELD_TYPES: ReadonlySet<BucketFieldType> = new Set(['text', 'image', 'audio', 'video', 'pdf', 'excel', 'json']);

export interface BucketSchemaField {
  type: BucketFieldType;
  description?: string;
  required?: boolean;
}

export interface BucketSchema {
  properties: Record<string, BucketSchemaField>;
}

export interface Namespace {
  namespaceId: string;
  namespaceName: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Bucket {
  namespaceId: string;
  bucketId: string;
  bucketName: string;
  description: string | null;
  bucketSchema: BucketSchema;
  /** Fields whose values identify an object for ?policy= writes; immutable. Absent = none. */
  uniqueKey?: UniqueKeyConfig | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export const WRITE_POLICIES = ['insert', 'update', 'upsert'] as const;
export type WritePolicy = (typeof WRITE_POLICIES)[number];

/** Mixpeek's UniqueKeyConfig: metadata fields whose values identify an object in its bucket. */
export interface UniqueKeyConfig {
  fields: string[];
  defaultPolicy: WritePolicy | null;
}

/** A blob of an object: its bytes live in object storage under `storageKey`. */
export interface Blob {
  blobId: string;
  property: string;
  type: BucketFieldType;
  storageKey: string;
  filename: string | null;
  mimeType: string;
  sizeBytes: number;
  /** `sha256:<hex>` of the bytes. */
  hash: string;
}

export interface StoredObject {
  namespaceId: string;
  bucketId: string;
  objectId: string;
  keyPrefix: string | null;
  metadata: Record<string, unknown>;
  blobs: Blob[];
  /** Canonical JSON of the bucket's unique_key field values; unique per bucket. Absent = none. */
  uniqueKeyValue?: string | null;
  createdAt: string;
  updatedAt: string;
}

export const UPLOAD_STATUSES = ['PENDING', 'COMPLETED', 'FAILED', 'CANCELED'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** An upload (Mixpeek's presigned flow): a record, then bytes PUT to `storageKey`, then a confirm. */
export interface Upload {
  namespaceId: string;
  bucketId: string;
  uploadId: string;
  filename: string;
  contentType: string;
  /** Announced size; checked against the received bytes on confirm when given. */
  fileSizeBytes: number | null;
  /** Announced `sha256` hex; checked on confirm when given. */
  fileHash: string | null;
  storageKey: string;
  status: UploadStatus;
  /** Bytes received so far (set once the PUT finished). */
  receivedBytes: number | null;
  receivedHash: string | null;
  metadata: Record<string, unknown>;
  objectMetadata: Record<string, unknown>;
  blobProperty: string | null;
  blobType: BucketFieldType | null;
  createObjectOnConfirm: boolean;
  skipDuplicates: boolean;
  objectId: string | null;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface FeatureExtractorConfig {
  featureExtractorName: string;
  version: string;
  parameters: Record<string, unknown>;
  /** extractor input name -> source field (blob property or metadata path; payload path of a source document). */
  inputMappings: Record<string, string>;
  /** Source fields copied onto every document (absent on collections created before field passthrough existed). */
  fieldPassthrough?: FieldPassthrough[];
  /** Copy every source field (object metadata, or a source document's payload) onto the documents. */
  includeAllSourceFields?: boolean;
}

/** One source field copied onto documents: `sourcePath` (dotted) lands at `targetPath` (top level). */
export interface FieldPassthrough {
  sourcePath: string;
  targetPath: string;
}

export interface CollectionSource {
  type: 'bucket' | 'collection';
  bucketIds: string[];
  collectionIds: string[];
}

export interface VectorIndex {
  name: string;
  dimensions: number;
  distance: 'cosine' | 'dot' | 'euclidean';
}

/**
 * What a collection's documents carry, as the API shows it (`output_schema`: its extractor's JSON
 * Schema output as a bucket schema, a type per property). Stored with the collection so list
 * filters and search on it run in the store (docs/adr/0079).
 */
export interface CollectionOutputSchema {
  properties: Record<string, { type: string; description?: string }>;
}

export interface Collection {
  namespaceId: string;
  collectionId: string;
  collectionName: string;
  description: string | null;
  source: CollectionSource;
  featureExtractor: FeatureExtractorConfig;
  /**
   * Written at create (the extractor and its parameters never change afterwards). Absent on
   * collections stored before it was kept, until batch-api's start backfills them from the
   * extractor registry; readers then compute it from the registry.
   */
  outputSchema?: CollectionOutputSchema;
  vectorIndexes: VectorIndex[];
  enabled: boolean;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A lease on a batch held by one poller. */
export interface Lease {
  owner: string;
  expiresAt: number;
}

export interface Batch {
  namespaceId: string;
  bucketId: string;
  batchId: string;
  status: BatchStatus;
  /**
   * How many objects the batch holds. The ids themselves live in the paged batch-objects store
   * (positions 0..objectCount-1, in the order they were added), never in the batch record:
   * docs/adr/0100-paged-batch-objects.md.
   */
  objectCount: number;
  /** Collections per tier, resolved at submit. Empty while DRAFT. */
  dagTiers: string[][];
  currentTier: number | null;
  taskId: string | null;
  manifestKey: string | null;
  includeProcessingHistory: boolean;
  /** Error policy and force flag (docs/adr/0050-batch-policies.md); set at create, may be replaced at submit. */
  policy: BatchPolicy;
  metadata: Record<string, unknown>;
  error: string | null;
  lease: Lease | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

/** A batch as its creator builds it: the record plus its first object ids (deduplicated, in order). */
export interface NewBatch extends Batch {
  objectIds: readonly string[];
}

/** Progress and outcome of one tier of a batch; counters are persisted, never in memory. */
export interface BatchTier {
  batchId: string;
  tier: number;
  status: TierStatus;
  collectionIds: string[];
  /** Work items (source item x collection) in the tier. */
  totalItems: number;
  succeededItems: number;
  failedItems: number;
  /** Of succeededItems, those skipped because their source and extractor were unchanged (docs/adr/0050-batch-policies.md). */
  skippedItems: number;
  documentsWritten: number;
  /** Work messages published so far, and in all; lets a new lease holder resume publishing. */
  publishedChunks: number;
  totalChunks: number;
  /**
   * Items per work message, fixed when the tier's chunks are counted (tier 0 at submit, a later
   * tier or a retry round when it starts), so every poller cuts the same chunks whatever its own
   * WORK_CHUNK_SIZE. null on tiers recorded before it was stored: the poller's setting applies.
   */
  chunkSize: number | null;
  errorSummary: Partial<Record<ErrorCategory, number>>;
  startedAt: string | null;
  completedAt: string | null;
  /** When the tier's last item outcome was recorded (stall detection). */
  lastProgressAt: string | null;
  /**
   * 0 until the batch is retried; each retry that reopens the tier adds one. A tier with a round
   * above 0 fans out only its items without an outcome (see BatchCoordinator), and its work
   * messages carry the round so the bus does not drop them as duplicates of the first run.
   */
  retryRound: number;
}

/** The recorded outcome of one work item (a source item run through one collection). */
export interface ItemOutcome {
  itemId: string;
  collectionId: string;
  status: 'COMPLETED' | 'FAILED';
  documentsWritten: number;
  /** COMPLETED without running: the documents of this source and extractor fingerprint exist already. */
  skipped?: boolean;
  error?: { category: ErrorCategory; message: string; stage: string };
}

/** An entry of a document's processing history (internal_metadata.processing_history). */
export interface ProcessingHistoryEntry {
  operation: 'extract';
  extractor: string;
  batchId: string;
  tier: number;
  startedAt: string;
  completedAt: string;
  durationMs: number;
  attempt: number;
}

export interface DocumentLineage {
  rootObjectId: string;
  rootBucketId: string;
  sourceType: 'bucket' | 'collection';
  /** The object this document was extracted from (tier 0), else null. */
  sourceObjectId: string | null;
  /** The document this document was extracted from (tier N > 0), else null. */
  sourceDocumentId: string | null;
  /** The collection of the source document (tier N > 0). Absent on documents written before tiers. */
  sourceCollectionId?: string | null;
  /** Root bucket, then each collection from tier 0 down to this document's: `bkt/col_a/col_b`. */
  path: string;
  /** Documents from the root's tier-0 document down to the source document (empty in tier 0). */
  chain?: string[];
}

/** A document's metadata (the vector lives in the vector store under the same id). */
export interface DocumentRecord {
  namespaceId: string;
  collectionId: string;
  documentId: string;
  objectId: string;
  batchId: string;
  featureExtractorId: string;
  /** Extractor outputs and passthrough fields, shown at the root of the document. */
  payload: Record<string, unknown>;
  lineage: DocumentLineage;
  processingHistory: ProcessingHistoryEntry[];
  /** Content hash of the source (see sourceContentHash); absent on documents written before incremental re-processing existed. */
  sourceHash?: string | null;
  /** Fingerprint of the extractor that wrote it (see extractorFingerprint). */
  extractorFingerprint?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A task as kept in the task store (Mixpeek's TaskResponse, camelCased). */
export interface Task {
  taskId: string;
  taskType: 'api_buckets_batches_submit' | 'api_namespaces_delete' | 'api_buckets_delete' | 'api_buckets_uploads_batch_confirm';
  status: import('./status').TaskStatus;
  inputs: string[];
  outputs: unknown[] | null;
  additionalData: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An API key as stored: only its hash, never the key itself. */
export interface ApiKey {
  keyId: string;
  name: string;
  /** `sha256:<hex>` of the full key. */
  keyHash: string;
  /** The first characters of the key, to recognise it in listings (`sk_ab12...`). */
  prefix: string;
  /** Namespace ids the key may use; null = every namespace (and namespace administration). */
  namespaceIds: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}
