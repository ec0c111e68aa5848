/** Migrations of the metadata store, applied in order. Append only; never edit a shipped one. */
export const METADATA_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE namespaces (
    namespace_id TEXT PRIMARY KEY,
    namespace_name TEXT NOT NULL UNIQUE,
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE buckets (
    bucket_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL REFERENCES namespaces(namespace_id),
    bucket_name TEXT NOT NULL,
    description TEXT,
    bucket_schema TEXT NOT NULL,
    metadata TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (namespace_id, bucket_name)
  );
  CREATE TABLE objects (
    object_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL,
    bucket_id TEXT NOT NULL REFERENCES buckets(bucket_id),
    key_prefix TEXT,
    metadata TEXT NOT NULL,
    blobs TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX objects_by_bucket ON objects (namespace_id, bucket_id, created_at);
  CREATE TABLE collections (
    collection_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL REFERENCES namespaces(namespace_id),
    collection_name TEXT NOT NULL,
    description TEXT,
    source TEXT NOT NULL,
    feature_extractor TEXT NOT NULL,
    vector_indexes TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    metadata TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (namespace_id, collection_name)
  );
  CREATE TABLE collection_sources (
    namespace_id TEXT NOT NULL,
    source_type TEXT NOT NULL,
    source_id TEXT NOT NULL,
    collection_id TEXT NOT NULL REFERENCES collections(collection_id),
    PRIMARY KEY (namespace_id, source_type, source_id, collection_id)
  ) WITHOUT ROWID;
  CREATE TABLE batches (
    batch_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL,
    bucket_id TEXT NOT NULL REFERENCES buckets(bucket_id),
    status TEXT NOT NULL,
    object_ids TEXT NOT NULL,
    dag_tiers TEXT NOT NULL,
    current_tier INTEGER,
    task_id TEXT UNIQUE,
    manifest_key TEXT,
    include_processing_history INTEGER NOT NULL DEFAULT 0,
    metadata TEXT NOT NULL,
    error TEXT,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    started_at TEXT,
    completed_at TEXT
  );
  CREATE INDEX batches_claimable ON batches (status, submitted_at) WHERE status IN ('QUEUED', 'PROCESSING');
  CREATE TABLE batch_tiers (
    batch_id TEXT NOT NULL REFERENCES batches(batch_id),
    tier INTEGER NOT NULL,
    status TEXT NOT NULL,
    collection_ids TEXT NOT NULL,
    total_items INTEGER NOT NULL,
    succeeded_items INTEGER NOT NULL DEFAULT 0,
    failed_items INTEGER NOT NULL DEFAULT 0,
    documents_written INTEGER NOT NULL DEFAULT 0,
    published_chunks INTEGER NOT NULL DEFAULT 0,
    total_chunks INTEGER NOT NULL,
    error_summary TEXT NOT NULL DEFAULT '{}',
    started_at TEXT,
    completed_at TEXT,
    PRIMARY KEY (batch_id, tier)
  ) WITHOUT ROWID;
  CREATE TABLE batch_items (
    batch_id TEXT NOT NULL,
    tier INTEGER NOT NULL,
    collection_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    status TEXT NOT NULL,
    documents_written INTEGER NOT NULL,
    error_category TEXT,
    error_message TEXT,
    error_stage TEXT,
    completed_at TEXT NOT NULL,
    PRIMARY KEY (batch_id, tier, collection_id, item_id)
  ) WITHOUT ROWID;
  CREATE TABLE documents (
    document_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    object_id TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    feature_extractor_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    lineage TEXT NOT NULL,
    processing_history TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX documents_by_collection ON documents (namespace_id, collection_id, created_at);
  `,
  // Issue 5: the next tier of a batch fans out over the documents this batch wrote.
  `
  CREATE INDEX documents_by_batch ON documents (namespace_id, batch_id, collection_id, document_id);
  `,
];
