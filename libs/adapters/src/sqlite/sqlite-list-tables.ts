import type { FieldSource, ListTable } from './sqlite-list-query';

/*
 * Where the public fields of documents, objects, namespaces, buckets, uploads and collections
 * (documentRecord, objectRecord, namespaceRecord, bucketRecord, uploadRecord, collectionRecord in
 * libs/contracts/src/public-records.ts) live in the SQLite tables, for the list query compiler.
 * Fields stored as they are shown are columns or JSON columns; renamed system fields are rebuilt
 * with json_object in their public shape. The conformance suite checks these against the records.
 */

/** A column under its public name; a deeper path into a text value finds nothing. */
function column(name: string, rest: readonly string[], notNull = true): FieldSource {
  return rest.length === 0 ? { column: name, notNull } : { json: `json_object('v', ${name})`, path: ['v', ...rest] };
}

/** `json_object` of public names, each read from a (camelCase) key of the JSON value `source`; names and keys are fixed here, never user input. */
function renamed(source: string, fields: Record<string, string>, extra = ''): string {
  const pairs = Object.entries(fields).map(([name, key]) => `'${name}', json_extract(${source}, '$.${key}')`);
  return `json_object(${[...pairs, ...(extra === '' ? [] : [extra])].join(', ')})`;
}

const LINEAGE = renamed(
  'd.lineage',
  {
    root_object_id: 'rootObjectId',
    root_bucket_id: 'rootBucketId',
    source_type: 'sourceType',
    source_object_id: 'sourceObjectId',
    source_document_id: 'sourceDocumentId',
    source_collection_id: 'sourceCollectionId',
    path: 'path',
  },
  `'chain', json(COALESCE(json_extract(d.lineage, '$.chain'), '[]'))`,
);

/** A document written through the API belongs to no batch: stored as '', shown as null (internalRecord). */
const BATCH_ID = "NULLIF(d.batch_id, '')";

const INTERNAL = `json_object(
  'namespace_id', d.namespace_id, 'document_id', d.document_id, 'collection_id', d.collection_id,
  'created_at', d.created_at, 'updated_at', d.updated_at,
  'lineage', ${LINEAGE},
  'metadata', json_object('feature_extractor_id', d.feature_extractor_id, 'batch_id', ${BATCH_ID}, 'ingestion_status', 'COMPLETED'))`;

const HISTORY_ENTRY = renamed('h.value', {
  operation: 'operation',
  extractor: 'extractor',
  batch_id: 'batchId',
  tier: 'tier',
  started_at: 'startedAt',
  completed_at: 'completedAt',
  duration_ms: 'durationMs',
  attempt: 'attempt',
});

const INTERNAL_METADATA = `json_object('processing_history', json((SELECT json_group_array(${HISTORY_ENTRY}) FROM json_each(d.processing_history) h)))`;

/** System fields of `_internal` stored in their own columns (indexes apply; the batch id is null when ''). */
const INTERNAL_COLUMNS: Record<string, string> = {
  namespace_id: 'd.namespace_id',
  document_id: 'd.document_id',
  collection_id: 'd.collection_id',
  created_at: 'd.created_at',
  updated_at: 'd.updated_at',
  'metadata.batch_id': BATCH_ID,
  'metadata.feature_extractor_id': 'd.feature_extractor_id',
};

/** A document: its payload at the root, overlaid by document_id, collection_id, _internal and internal_metadata. */
export const DOCUMENT_TABLE: ListTable = {
  from: 'documents d',
  field(path) {
    const [top, ...rest] = path as [string, ...string[]];
    if (top === 'document_id' || top === 'collection_id') return column(`d.${top}`, rest);
    if (top === '_internal') {
      // Own keys only: `_internal.constructor` is a JSON path, never Object.prototype's function as SQL.
      const key = rest.join('.');
      const columnName = Object.prototype.hasOwnProperty.call(INTERNAL_COLUMNS, key) ? INTERNAL_COLUMNS[key] : undefined;
      return columnName === undefined ? { json: INTERNAL, path: rest } : { column: columnName, notNull: columnName !== BATCH_ID };
    }
    if (top === 'internal_metadata') return { json: INTERNAL_METADATA, path: rest };
    return { json: 'd.payload', path };
  },
  searchBase: 'd.payload',
  searchOverlay: `json_object('document_id', d.document_id, 'collection_id', d.collection_id, '_internal', ${INTERNAL}, 'internal_metadata', ${INTERNAL_METADATA})`,
  order: 'd.created_at, d.document_id',
};

const BLOB_DETAILS = renamed('b.value', { filename: 'filename', size_bytes: 'sizeBytes', mime_type: 'mimeType', hash: 'hash' });

const BLOBS = `json((SELECT json_group_array(json_object(
  'blob_id', json_extract(b.value, '$.blobId'), 'property', json_extract(b.value, '$.property'), 'type', json_extract(b.value, '$.type'),
  'key_prefix', o.key_prefix, 'properties', json('{}'), 'details', ${BLOB_DETAILS})) FROM json_each(o.blobs) b))`;

const OBJECT_RECORD = `json_object(
  'object_id', o.object_id, 'bucket_id', o.bucket_id, 'key_prefix', o.key_prefix, 'metadata', json(o.metadata),
  'status', 'DRAFT', 'blobs', ${BLOBS},
  'source_details', json_array(json_object('type', 'bucket', 'source_id', o.bucket_id)),
  'error', NULL, 'content_hash', json_extract(o.blobs, '$[0].hash'),
  'created_at', o.created_at, 'updated_at', o.updated_at)`;

const OBJECT_COLUMNS = new Set(['object_id', 'bucket_id', 'key_prefix', 'created_at', 'updated_at']);

/** An object (ObjectResponse): ids, key prefix and timestamps in columns, metadata as stored, the rest rebuilt. */
export const OBJECT_TABLE: ListTable = {
  from: 'objects o',
  field(path) {
    const [top, ...rest] = path as [string, ...string[]];
    if (OBJECT_COLUMNS.has(top)) return column(`o.${top}`, rest, top !== 'key_prefix');
    if (top === 'metadata') return { json: 'o.metadata', path: rest };
    return { json: OBJECT_RECORD, path };
  },
  searchBase: "'{}'",
  searchOverlay: OBJECT_RECORD,
  order: 'o.created_at, o.object_id',
};

const NAMESPACE_RECORD = `json_object(
  'namespace_id', n.namespace_id, 'namespace_name', n.namespace_name, 'description', n.description,
  'created_at', n.created_at, 'updated_at', n.updated_at)`;

/** A namespace: every public field is a column. */
export const NAMESPACE_TABLE: ListTable = {
  from: 'namespaces n',
  field(path) {
    const [top, ...rest] = path as [string, ...string[]];
    if (['namespace_id', 'namespace_name', 'description', 'created_at', 'updated_at'].includes(top)) return column(`n.${top}`, rest, top !== 'description');
    return { json: NAMESPACE_RECORD, path };
  },
  searchBase: "'{}'",
  searchOverlay: NAMESPACE_RECORD,
  order: 'n.created_at, n.namespace_id',
};

const UNIQUE_KEY = `json(CASE WHEN b.unique_key IS NULL THEN NULL ELSE json_object(
  'fields', json(COALESCE(json_extract(b.unique_key, '$.fields'), '[]')), 'default_policy', json_extract(b.unique_key, '$.defaultPolicy')) END)`;

const BUCKET_RECORD = `json_object(
  'bucket_id', b.bucket_id, 'bucket_name', b.bucket_name, 'description', b.description,
  'bucket_schema', json(b.bucket_schema), 'metadata', json(b.metadata), 'status', 'ACTIVE',
  'unique_key', ${UNIQUE_KEY}, 'created_at', b.created_at, 'updated_at', b.updated_at)`;

const BUCKET_COLUMNS = new Set(['bucket_id', 'bucket_name', 'description', 'created_at', 'updated_at']);

/** A bucket (bucketRecord, without the figures computed per request): ids, name and timestamps in columns, schema and metadata as stored, the unique key rebuilt. */
export const BUCKET_TABLE: ListTable = {
  from: 'buckets b',
  field(path) {
    const [top, ...rest] = path as [string, ...string[]];
    if (BUCKET_COLUMNS.has(top)) return column(`b.${top}`, rest, top !== 'description');
    if (top === 'metadata') return { json: 'b.metadata', path: rest };
    if (top === 'bucket_schema') return { json: 'b.bucket_schema', path: rest };
    return { json: BUCKET_RECORD, path };
  },
  searchBase: "'{}'",
  searchOverlay: BUCKET_RECORD,
  order: 'b.created_at, b.bucket_id',
};

/** A value of the upload's JSON body (kept whole, camelCase keys) as JSON: strings, numbers, booleans, null and objects keep their kind. */
function body(key: string): string {
  return `json(u.body -> '$.${key}')`;
}

const RECEIVED_HASH = "json_extract(u.body, '$.receivedHash')";

/** uploadRecord without a presigned URL (what a listing filters on): no URL, not a duplicate. */
const UPLOAD_RECORD = `json_object(
  'upload_id', u.upload_id, 'bucket_id', u.bucket_id, 'filename', ${body('filename')}, 'content_type', ${body('contentType')},
  'file_size_bytes', COALESCE(json_extract(u.body, '$.receivedBytes'), json_extract(u.body, '$.fileSizeBytes')),
  'presigned_url', NULL,
  'presigned_url_expiration', MAX(0, CAST(ROUND(ROUND((julianday(json_extract(u.body, '$.expiresAt')) - julianday(json_extract(u.body, '$.createdAt'))) * 86400000) / 1000.0) AS INTEGER)),
  's3_key', ${body('storageKey')}, 'status', u.status, 'metadata', ${body('metadata')}, 'object_metadata', ${body('objectMetadata')},
  'blob_property', ${body('blobProperty')}, 'blob_type', ${body('blobType')},
  'file_hash', CASE WHEN ${RECEIVED_HASH} IS NULL THEN json_extract(u.body, '$.fileHash')
    WHEN substr(${RECEIVED_HASH}, 1, 7) = 'sha256:' THEN substr(${RECEIVED_HASH}, 8) ELSE ${RECEIVED_HASH} END,
  'skip_duplicates', ${body('skipDuplicates')}, 'create_object_on_confirm', ${body('createObjectOnConfirm')},
  'is_duplicate', json('false'), 'duplicate_of_upload_id', NULL, 'existing_object_id', NULL,
  'object_id', ${body('objectId')}, 'message', NULL,
  'created_at', u.created_at, 'expires_at', ${body('expiresAt')}, 'completed_at', ${body('completedAt')})`;

const UPLOAD_COLUMNS = new Set(['upload_id', 'bucket_id', 'status', 'created_at']);

/** An upload (uploadRecord): ids, status and created_at in columns, metadata from the stored body, the rest rebuilt from it. */
export const UPLOAD_TABLE: ListTable = {
  from: 'uploads u',
  field(path) {
    const [top, ...rest] = path as [string, ...string[]];
    if (UPLOAD_COLUMNS.has(top)) return column(`u.${top}`, rest);
    if (top === 'metadata') return { json: 'u.body', path: ['metadata', ...rest] };
    if (top === 'object_metadata') return { json: 'u.body', path: ['objectMetadata', ...rest] };
    return { json: UPLOAD_RECORD, path };
  },
  searchBase: "'{}'",
  searchOverlay: UPLOAD_RECORD,
  order: 'u.created_at DESC, u.upload_id DESC',
};

const FE = 'c.feature_extractor';
const FE_NAME = `json_extract(${FE}, '$.featureExtractorName')`;
const FE_VERSION = `json_extract(${FE}, '$.version')`;

const COLLECTION_SOURCE = `json(CASE WHEN json_extract(c.source, '$.type') = 'bucket'
  THEN json_object('type', 'bucket', 'bucket_ids', json(COALESCE(c.source -> '$.bucketIds', '[]')))
  ELSE json_object('type', 'collection', 'collection_ids', json(COALESCE(c.source -> '$.collectionIds', '[]'))) END)`;

const PASSTHROUGH = `json((SELECT json_group_array(json_object('source_path', json_extract(f.value, '$.sourcePath'), 'target_path', json_extract(f.value, '$.targetPath')))
  FROM json_each(CASE WHEN json_type(${FE}, '$.fieldPassthrough') = 'array' THEN ${FE} -> '$.fieldPassthrough' ELSE '[]' END) f))`;

const FEATURE_EXTRACTOR = `json_object(
  'feature_extractor_name', ${FE_NAME}, 'version', ${FE_VERSION}, 'feature_extractor_id', ${FE_NAME} || '_' || ${FE_VERSION},
  'parameters', json(${FE} -> '$.parameters'), 'input_mappings', json(${FE} -> '$.inputMappings'),
  'field_passthrough', ${PASSTHROUGH},
  'include_all_source_fields', json(CASE WHEN json_type(${FE}, '$.includeAllSourceFields') = 'true' THEN 'true' ELSE 'false' END))`;

const VECTOR_INDEXES = `json((SELECT json_group_array(json_object(
  'name', json_extract(v.value, '$.name'),
  'description', json_extract(v.value, '$.name') || ': ' || json_extract(v.value, '$.dimensions') || '-dimensional ' || json_extract(v.value, '$.distance') || ' vectors of ' || ${FE_NAME} || '@' || ${FE_VERSION},
  'dimensions', json_extract(v.value, '$.dimensions'), 'type', 'dense', 'distance', json_extract(v.value, '$.distance'), 'datatype', 'float32'))
  FROM json_each(c.vector_indexes) v))`;

/**
 * collectionRecord, output_schema as stored (NULL on a row not backfilled yet: ListCollections then
 * sends no request that reads it or searches; see CollectionRepository.query).
 */
const COLLECTION_RECORD = `json_object(
  'collection_id', c.collection_id, 'collection_name', c.collection_name, 'description', c.description,
  'source', ${COLLECTION_SOURCE}, 'feature_extractor', ${FEATURE_EXTRACTOR}, 'output_schema', json(c.output_schema),
  'vector_indexes', ${VECTOR_INDEXES},
  'enabled', json(CASE WHEN c.enabled = 1 THEN 'true' ELSE 'false' END), 'metadata', json(c.metadata),
  'created_at', c.created_at, 'updated_at', c.updated_at)`;

const COLLECTION_COLUMNS = new Set(['collection_id', 'collection_name', 'description', 'created_at', 'updated_at']);

/** A collection (collectionRecord): ids, name, description and timestamps in columns, metadata and output_schema as stored, source, extractor and indexes rebuilt. */
export const COLLECTION_TABLE: ListTable = {
  from: 'collections c',
  field(path) {
    const [top, ...rest] = path as [string, ...string[]];
    if (COLLECTION_COLUMNS.has(top)) return column(`c.${top}`, rest, top !== 'description');
    if (top === 'metadata') return { json: 'c.metadata', path: rest };
    if (top === 'output_schema') return { json: 'c.output_schema', path: rest };
    return { json: COLLECTION_RECORD, path };
  },
  searchBase: "'{}'",
  searchOverlay: COLLECTION_RECORD,
  order: 'c.created_at, c.collection_id',
};
