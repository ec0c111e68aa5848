import { type Expr, type FieldSource, type MongoRecord } from './mongo-list-expr';

/*
 * Where the public fields of documents, objects, namespaces, buckets, uploads and collections
 * (documentRecord, objectRecord, namespaceRecord, bucketRecord, uploadRecord, collectionRecord in
 * libs/contracts/src/public-records.ts, read through the repositories' toX mappers) live in the
 * MongoDB documents (mongo-models.ts), for the list expression compiler (mongo-list-expr.ts).
 * Fields stored as they are shown are read in place; renamed ones are rebuilt as aggregation
 * expressions in their public shape, keys in the record's order (objects compare in key order, as
 * the reference compares their JSON). Defaults the mappers apply (`?? null`, `?? {}`) are applied
 * here too. The conformance suite (libs/testing/src/conformance/list-query.suite.ts) checks these
 * against the records.
 */

const lit = (value: unknown): Expr => ({ $literal: value });

/** A stored field and the path below it. */
function stored(field: string, rest: readonly string[]): FieldSource {
  return { root: `$${field}`, rest };
}

/** A value rebuilt by an expression, and the path below it. */
function computed(expr: Expr, rest: readonly string[]): FieldSource {
  return { root: { expr }, rest };
}

/** A stored field the mapper defaults when null or missing (`?? fallback`). */
function defaulted(field: string, fallback: unknown, rest: readonly string[]): FieldSource {
  return computed({ $ifNull: [`$${field}`, lit(fallback)] }, rest);
}

/** The value of a source with no path below it, as an expression. */
function valueOf(source: FieldSource): Expr {
  return typeof source.root === 'string' ? source.root : source.root.expr;
}

/** A record with these top-level fields (anything else is missing), and all of them as one expression (what search reads). */
function recordOf(fields: Record<string, (rest: readonly string[]) => FieldSource>): MongoRecord {
  return {
    field(path) {
      const [top, ...rest] = path as [string, ...string[]];
      const source = Object.prototype.hasOwnProperty.call(fields, top) ? fields[top] : undefined;
      return source === undefined ? null : source(rest);
    },
    whole: Object.fromEntries(Object.entries(fields).map(([name, source]) => [name, valueOf(source([]))])),
  };
}

const at = (field: string) => (rest: readonly string[]) => stored(field, rest);
const value = (expr: Expr) => (rest: readonly string[]) => computed(expr, rest);

// Documents: the payload at the root, overlaid by the ids, `_internal` and `internal_metadata` (documentRecord).

/** A document written through the API belongs to no batch: stored as '', shown as null. */
const BATCH_ID: Expr = { $cond: [{ $eq: ['$batchId', ''] }, null, '$batchId'] };

const LINEAGE: Expr = {
  root_object_id: '$lineage.rootObjectId',
  root_bucket_id: '$lineage.rootBucketId',
  source_type: '$lineage.sourceType',
  source_object_id: '$lineage.sourceObjectId',
  source_document_id: '$lineage.sourceDocumentId',
  source_collection_id: { $ifNull: ['$lineage.sourceCollectionId', null] },
  path: '$lineage.path',
  chain: { $ifNull: ['$lineage.chain', lit([])] },
};

const INTERNAL_METADATA: Expr = { feature_extractor_id: '$featureExtractorId', batch_id: BATCH_ID, ingestion_status: lit('COMPLETED') };

const INTERNAL: Expr = {
  namespace_id: '$namespaceId',
  document_id: '$documentId',
  collection_id: '$collectionId',
  created_at: '$createdAt',
  updated_at: '$updatedAt',
  lineage: LINEAGE,
  metadata: INTERNAL_METADATA,
};

const PROCESSING_HISTORY: Expr = {
  $map: {
    input: { $ifNull: ['$processingHistory', lit([])] },
    as: 'h',
    in: {
      operation: '$$h.operation',
      extractor: '$$h.extractor',
      batch_id: '$$h.batchId',
      tier: '$$h.tier',
      started_at: '$$h.startedAt',
      completed_at: '$$h.completedAt',
      duration_ms: '$$h.durationMs',
      attempt: '$$h.attempt',
    },
  },
};

const INTERNAL_METADATA_RECORD: Expr = { processing_history: PROCESSING_HISTORY };

/** System fields of `_internal` stored in their own fields (read in place, no rebuilt object). */
const INTERNAL_STORED: Record<string, string> = {
  namespace_id: 'namespaceId',
  document_id: 'documentId',
  collection_id: 'collectionId',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
};

export const MONGO_DOCUMENT_RECORD: MongoRecord = {
  field(path) {
    const [top, ...rest] = path as [string, ...string[]];
    if (top === 'document_id') return stored('documentId', rest);
    if (top === 'collection_id') return stored('collectionId', rest);
    if (top === '_internal') {
      const [second, ...below] = rest;
      if (second !== undefined && Object.prototype.hasOwnProperty.call(INTERNAL_STORED, second)) return stored(INTERNAL_STORED[second] as string, below);
      if (second === 'lineage') return computed(LINEAGE, below);
      if (second === 'metadata' && below[0] === 'batch_id') return computed(BATCH_ID, below.slice(1));
      if (second === 'metadata' && below[0] === 'feature_extractor_id') return stored('featureExtractorId', below.slice(1));
      return computed(INTERNAL, rest);
    }
    if (top === 'internal_metadata') return computed(INTERNAL_METADATA_RECORD, rest);
    // `payload ?? {}`: a null payload has no fields, as the guard on `$payload` answers.
    return stored('payload', path);
  },
  // `{...payload, document_id, collection_id, _internal, internal_metadata}`: the system fields win.
  whole: {
    $mergeObjects: [
      { $cond: [{ $eq: [{ $type: '$payload' }, 'object'] }, '$payload', lit({})] },
      { document_id: '$documentId', collection_id: '$collectionId', _internal: INTERNAL, internal_metadata: INTERNAL_METADATA_RECORD },
    ],
  },
};

// Objects (objectRecord).

const KEY_PREFIX: Expr = { $ifNull: ['$keyPrefix', null] };
const BLOBS_STORED: Expr = { $ifNull: ['$blobs', lit([])] };

const BLOBS: Expr = {
  $map: {
    input: BLOBS_STORED,
    as: 'b',
    in: {
      blob_id: '$$b.blobId',
      property: '$$b.property',
      type: '$$b.type',
      key_prefix: KEY_PREFIX,
      properties: lit({}),
      details: { filename: '$$b.filename', size_bytes: '$$b.sizeBytes', mime_type: '$$b.mimeType', hash: '$$b.hash' },
    },
  },
};

/** `o.blobs[0]?.hash ?? null`. */
const CONTENT_HASH: Expr = { $let: { vars: { first: { $arrayElemAt: [BLOBS_STORED, 0] } }, in: { $ifNull: ['$$first.hash', null] } } };

export const MONGO_OBJECT_RECORD: MongoRecord = recordOf({
  object_id: at('objectId'),
  bucket_id: at('bucketId'),
  key_prefix: value(KEY_PREFIX),
  metadata: (rest) => defaulted('metadata', {}, rest),
  status: value(lit('DRAFT')),
  blobs: value(BLOBS),
  source_details: value([{ type: lit('bucket'), source_id: '$bucketId' }]),
  error: value(null),
  content_hash: value(CONTENT_HASH),
  created_at: at('createdAt'),
  updated_at: at('updatedAt'),
});

// Namespaces (namespaceRecord).

export const MONGO_NAMESPACE_RECORD: MongoRecord = recordOf({
  namespace_id: at('namespaceId'),
  namespace_name: at('namespaceName'),
  description: (rest) => defaulted('description', null, rest),
  created_at: at('createdAt'),
  updated_at: at('updatedAt'),
});

// Buckets (bucketRecord without the figures computed per request).

const UNIQUE_KEY: Expr = {
  $cond: [{ $eq: [{ $type: '$uniqueKey' }, 'object'] }, { fields: '$uniqueKey.fields', default_policy: '$uniqueKey.defaultPolicy' }, null],
};

export const MONGO_BUCKET_RECORD: MongoRecord = recordOf({
  bucket_id: at('bucketId'),
  bucket_name: at('bucketName'),
  description: (rest) => defaulted('description', null, rest),
  bucket_schema: (rest) => defaulted('bucketSchema', { properties: {} }, rest),
  metadata: (rest) => defaulted('metadata', {}, rest),
  status: value(lit('ACTIVE')),
  unique_key: value(UNIQUE_KEY),
  created_at: at('createdAt'),
  updated_at: at('updatedAt'),
});

// Uploads (uploadRecord without a presigned URL): the upload is kept whole in `body`.

const inBody = (key: string) => (rest: readonly string[]) => stored('body', [key, ...rest]);

/** An ISO timestamp of the body as a date (null when it is not one, as Date.parse gives NaN). */
const bodyDate = (key: string): Expr => ({ $dateFromString: { dateString: `$body.${key}`, onError: null, onNull: null } });

/** `Math.max(0, Math.round((Date.parse(expiresAt) - Date.parse(createdAt)) / 1000))`; Math.round is floor(x + 0.5), `$round` rounds half to even. */
const PRESIGNED_URL_EXPIRATION: Expr = {
  $max: [0, { $floor: { $add: [{ $divide: [{ $subtract: [bodyDate('expiresAt'), bodyDate('createdAt')] }, 1000] }, 0.5] } }],
};

/** The received hash without its `sha256:` prefix, else the announced one. */
const FILE_HASH: Expr = {
  $let: {
    vars: { h: '$body.receivedHash' },
    in: {
      $cond: [
        { $eq: [{ $type: '$$h' }, 'string'] },
        { $cond: [{ $eq: [{ $substrCP: ['$$h', 0, 7] }, 'sha256:'] }, { $substrCP: ['$$h', 7, { $subtract: [{ $strLenCP: '$$h' }, 7] }] }, '$$h'] },
        '$body.fileHash',
      ],
    },
  },
};

export const MONGO_UPLOAD_RECORD: MongoRecord = recordOf({
  upload_id: at('uploadId'),
  bucket_id: at('bucketId'),
  filename: inBody('filename'),
  content_type: inBody('contentType'),
  file_size_bytes: value({ $ifNull: ['$body.receivedBytes', '$body.fileSizeBytes'] }),
  presigned_url: value(null),
  presigned_url_expiration: value(PRESIGNED_URL_EXPIRATION),
  s3_key: inBody('storageKey'),
  status: at('status'),
  metadata: inBody('metadata'),
  object_metadata: inBody('objectMetadata'),
  blob_property: inBody('blobProperty'),
  blob_type: inBody('blobType'),
  file_hash: value(FILE_HASH),
  skip_duplicates: inBody('skipDuplicates'),
  create_object_on_confirm: inBody('createObjectOnConfirm'),
  is_duplicate: value(false),
  duplicate_of_upload_id: value(null),
  existing_object_id: value(null),
  object_id: inBody('objectId'),
  message: value(null),
  created_at: at('createdAt'),
  expires_at: inBody('expiresAt'),
  completed_at: inBody('completedAt'),
});

// Collections (collectionRecord).

const FE_NAME: Expr = { $toString: '$featureExtractor.featureExtractorName' };
const FE_VERSION: Expr = { $toString: '$featureExtractor.version' };

const SOURCE: Expr = {
  $cond: [
    { $eq: ['$source.type', 'bucket'] },
    { type: lit('bucket'), bucket_ids: '$source.bucketIds' },
    { type: lit('collection'), collection_ids: '$source.collectionIds' },
  ],
};

const FEATURE_EXTRACTOR: Expr = {
  feature_extractor_name: '$featureExtractor.featureExtractorName',
  version: '$featureExtractor.version',
  feature_extractor_id: { $concat: [FE_NAME, '_', FE_VERSION] },
  parameters: '$featureExtractor.parameters',
  input_mappings: '$featureExtractor.inputMappings',
  field_passthrough: {
    $map: {
      input: { $ifNull: ['$featureExtractor.fieldPassthrough', lit([])] },
      as: 'f',
      in: { source_path: '$$f.sourcePath', target_path: '$$f.targetPath' },
    },
  },
  include_all_source_fields: { $ifNull: ['$featureExtractor.includeAllSourceFields', false] },
};

const VECTOR_INDEXES: Expr = {
  $map: {
    input: { $ifNull: ['$vectorIndexes', lit([])] },
    as: 'x',
    in: {
      name: '$$x.name',
      description: {
        $concat: [{ $toString: '$$x.name' }, ': ', { $toString: '$$x.dimensions' }, '-dimensional ', { $toString: '$$x.distance' }, ' vectors of ', FE_NAME, '@', FE_VERSION],
      },
      dimensions: '$$x.dimensions',
      type: lit('dense'),
      distance: '$$x.distance',
      datatype: lit('float32'),
    },
  },
};

/**
 * output_schema as stored: a collection stored before it was kept has none until the backfill, and
 * ListCollections sends no request that reads it or searches while one is left (docs/adr/0079).
 */
export const MONGO_COLLECTION_RECORD: MongoRecord = recordOf({
  collection_id: at('collectionId'),
  collection_name: at('collectionName'),
  description: (rest) => defaulted('description', null, rest),
  source: value(SOURCE),
  feature_extractor: value(FEATURE_EXTRACTOR),
  output_schema: at('outputSchema'),
  vector_indexes: value(VECTOR_INDEXES),
  enabled: value({ $eq: ['$enabled', true] }),
  metadata: (rest) => defaulted('metadata', {}, rest),
  created_at: at('createdAt'),
  updated_at: at('updatedAt'),
});
