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
  // 2: persisted progress for live rate/ETA/stall detection, and documents by source object.
  `
  ALTER TABLE batch_tiers ADD COLUMN last_progress_at TEXT;
  CREATE TABLE batch_progress_seconds (
    batch_id TEXT NOT NULL,
    second INTEGER NOT NULL,
    items INTEGER NOT NULL,
    PRIMARY KEY (batch_id, second)
  ) WITHOUT ROWID;
  CREATE INDEX documents_by_object ON documents (namespace_id, collection_id, object_id);
  `,
  // 3: API keys (hashes only).
  `
  CREATE TABLE api_keys (
    key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    namespace_ids TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  `,
  // 4 (webhooks): webhook subscriptions and their delivery log; organization scoped.
  `
  CREATE TABLE webhooks (
    webhook_id TEXT PRIMARY KEY,
    webhook_name TEXT NOT NULL,
    event_types TEXT NOT NULL,
    channels TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    secrets TEXT NOT NULL,
    disabled_reason TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    delivery_id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL,
    channel_index INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    namespace_id TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts TEXT NOT NULL,
    replays INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT
  );
  CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at);
  CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (webhook_id, status, created_at);
  CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (updated_at) WHERE status = 'PENDING';
  `,
  // 5 (resources): bucket unique keys, object unique-key values, uploads.
  `
  ALTER TABLE buckets ADD COLUMN unique_key TEXT;
  ALTER TABLE objects ADD COLUMN unique_key_value TEXT;
  CREATE UNIQUE INDEX objects_by_unique_key ON objects (namespace_id, bucket_id, unique_key_value)
    WHERE unique_key_value IS NOT NULL;
  CREATE TABLE uploads (
    upload_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL,
    bucket_id TEXT NOT NULL,
    status TEXT NOT NULL,
    received_hash TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX uploads_by_bucket ON uploads (namespace_id, bucket_id, created_at);
  CREATE INDEX batches_by_bucket ON batches (namespace_id, bucket_id);
  CREATE INDEX batches_by_namespace ON batches (namespace_id);
  `,
  // 6 (tiered collections over documents): the next tier of a batch fans out over the documents this batch wrote.
  `
  CREATE INDEX documents_by_batch ON documents (namespace_id, batch_id, collection_id, document_id);
  `,
  // 7 (resources): batch retry rounds; collection listing.
  `
  ALTER TABLE batch_tiers ADD COLUMN retry_round INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX collections_by_namespace ON collections (namespace_id, created_at, collection_id);
  `,
  // 8 (batch policies): batch policies, skipped items, document source hashes and extractor
  // fingerprints (incremental re-processing), schedules and their runs.
  `
  ALTER TABLE batches ADD COLUMN policy TEXT;
  ALTER TABLE batch_tiers ADD COLUMN skipped_items INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE documents ADD COLUMN source_id TEXT;
  ALTER TABLE documents ADD COLUMN source_hash TEXT;
  ALTER TABLE documents ADD COLUMN extractor_fingerprint TEXT;
  CREATE INDEX documents_by_source ON documents (namespace_id, collection_id, source_id);
  CREATE TABLE schedules (
    schedule_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL,
    bucket_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX schedules_by_namespace ON schedules (namespace_id, bucket_id, created_at);
  CREATE TABLE schedule_runs (
    run_id TEXT PRIMARY KEY,
    namespace_id TEXT NOT NULL,
    schedule_id TEXT NOT NULL,
    fired_at TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX schedule_runs_by_schedule ON schedule_runs (namespace_id, schedule_id, fired_at);
  `,
  // 9: objects of a bucket looked up by id (a work message's 64 objects, a batch's ids checked at
  // create). Without it SQLite reads them through objects_by_bucket, i.e. every object of the bucket
  // per lookup: quadratic in the bucket's size (docs/benchmarks.md).
  `
  CREATE INDEX objects_by_bucket_id ON objects (namespace_id, bucket_id, object_id);
  `,
  // 10 (object documents): what an object produced, across collections.
  `
  CREATE INDEX documents_by_root_object ON documents (namespace_id, object_id, collection_id, created_at);
  `,
  // 11 (batch logs): one line per transition of a batch, in write order (docs/adr/0077-batch-logs.md).
  `
  CREATE TABLE batch_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id TEXT NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    level TEXT NOT NULL,
    tier INTEGER,
    from_status TEXT,
    to_status TEXT,
    message TEXT NOT NULL,
    details TEXT NOT NULL
  );
  CREATE INDEX batch_log_by_batch ON batch_log (batch_id, seq);
  CREATE INDEX batch_log_by_tier ON batch_log (batch_id, tier, seq);
  `,
  // 12 (filters and sorts in the store, docs/adr/0079): the common sorts and filters of the large
  // lists. Documents and objects in list order (created_at, id) and by updated_at; documents of a
  // collection by batch; batches of a bucket newest first, with or without a status.
  `
  DROP INDEX documents_by_collection;
  CREATE INDEX documents_by_collection ON documents (namespace_id, collection_id, created_at, document_id);
  CREATE INDEX documents_by_collection_updated ON documents (namespace_id, collection_id, updated_at);
  CREATE INDEX documents_by_collection_batch ON documents (namespace_id, collection_id, batch_id);
  DROP INDEX objects_by_bucket;
  CREATE INDEX objects_by_bucket ON objects (namespace_id, bucket_id, created_at, object_id);
  CREATE INDEX objects_by_bucket_updated ON objects (namespace_id, bucket_id, updated_at);
  DROP INDEX batches_by_bucket;
  CREATE INDEX batches_by_bucket ON batches (namespace_id, bucket_id, created_at, batch_id);
  CREATE INDEX batches_by_bucket_status ON batches (namespace_id, bucket_id, status, created_at, batch_id);
  `,
  // 13 (transactional outbox, docs/adr/0095-transactional-outbox.md): domain events written in
  // the transaction of the state change they report, published by a relay.
  `
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    event TEXT NOT NULL,
    correlation_id TEXT,
    created_at_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claim_expires_at_ms INTEGER,
    last_error TEXT,
    sent_at_ms INTEGER
  );
  CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at_ms IS NULL;
  CREATE INDEX outbox_sent ON outbox (sent_at_ms) WHERE sent_at_ms IS NOT NULL;
  `,
  // 14 (paged batch objects, docs/adr/0100-paged-batch-objects.md): a batch's object ids leave
  // the batch row for one row each, keyed by (batch, position); positions are dense from 0, so a
  // page is a primary-key range read. Existing rows move over; object_ids stays as '[]'.
  `
  CREATE TABLE batch_objects (
    batch_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    object_id TEXT NOT NULL,
    PRIMARY KEY (batch_id, seq)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX batch_objects_by_object ON batch_objects (batch_id, object_id);
  ALTER TABLE batches ADD COLUMN object_count INTEGER NOT NULL DEFAULT 0;
  INSERT OR IGNORE INTO batch_objects (batch_id, seq, object_id)
    SELECT b.batch_id, CAST(j.key AS INTEGER), j.value FROM batches b, json_each(b.object_ids) j;
  UPDATE batches SET object_count = (SELECT COUNT(*) FROM batch_objects o WHERE o.batch_id = batches.batch_id), object_ids = '[]';
  `,
  // 15 (collection lists in the store, docs/adr/0079): a collection's public output_schema (JSON)
  // is stored with it, so filters and search on it run in SQL. Rows written before stay NULL until
  // batch-api's start backfills them from the extractor registry (the registry is code, not SQL);
  // the partial index finds those left.
  `
  ALTER TABLE collections ADD COLUMN output_schema TEXT;
  CREATE INDEX collections_missing_output_schema ON collections (collection_id) WHERE output_schema IS NULL;
  `,
  // 16 (docs/benchmarks.md): two documents indexes another one already serves. Every document
  // row written updated nine B-trees; the lookups of these two are equalities on the leading
  // columns of documents_by_root_object (namespace_id, object_id, collection_id, created_at) and
  // documents_by_batch (namespace_id, batch_id, collection_id, document_id).
  `
  DROP INDEX IF EXISTS documents_by_object;
  DROP INDEX IF EXISTS documents_by_collection_batch;
  `,
  // 17 (docs/benchmarks.md, ADR 0104): indexes a new document row appends to instead of inserting
  // at a random place. Random keys dirty one page per row and index, written to the WAL and again
  // by every checkpoint: the documents write cost halves. documents_by_batch ends at the rowid
  // (the order rows were written) instead of the hashed document id; documents_by_source holds
  // derived documents only (tier 1 and up, whose source is another document): a bucket-tier
  // document's source is its object, found through documents_by_root_object.
  `
  DROP INDEX IF EXISTS documents_by_batch;
  CREATE INDEX documents_by_batch ON documents (namespace_id, batch_id, collection_id);
  DROP INDEX IF EXISTS documents_by_source;
  CREATE INDEX documents_by_derived_source ON documents (namespace_id, collection_id, source_id) WHERE source_id <> object_id;
  `,
  // 18 (ADR 0105): the items per work message a tier's chunks were counted with, so every poller
  // cuts the same chunks whatever its own WORK_CHUNK_SIZE. NULL on tiers recorded before: the
  // poller's setting applies, as it did.
  `
  ALTER TABLE batch_tiers ADD COLUMN chunk_size INTEGER;
  `,
  // 19 (ADR 0050, addendum 2026-12-07): tombstones of deleted objects, written with the delete, so
  // a finishing batch finds the documents of deleted objects from them (index lookups) instead of
  // scanning every document of its collections. The backfill, a one-time scan, records the objects
  // documents still name that no longer exist, in buckets that still exist (a bucket deleted whole
  // keeps its documents and writes no tombstones), dated now.
  `
  CREATE TABLE deleted_objects (
    namespace_id TEXT NOT NULL,
    object_id TEXT NOT NULL,
    bucket_id TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (namespace_id, object_id)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO deleted_objects (namespace_id, object_id, bucket_id, deleted_at)
    SELECT g.namespace_id, g.object_id, g.bucket_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (
      SELECT d.namespace_id, d.object_id, MIN(json_extract(d.lineage, '$.rootBucketId')) AS bucket_id FROM documents d
      WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.object_id = d.object_id AND o.namespace_id = d.namespace_id)
      GROUP BY d.namespace_id, d.object_id
    ) g
    WHERE EXISTS (SELECT 1 FROM buckets b WHERE b.bucket_id = g.bucket_id AND b.namespace_id = g.namespace_id);
  `,
];
