import { parseFilter } from '@strata/contracts';
import { NewBatch, BatchTier, newId, draftBatch as draftBatchOf, pendingTier } from '@strata/domain';
import { tempDir } from '@strata/testing';
import { join } from 'node:path';
import { METADATA_MIGRATIONS } from './metadata-schema';
import { migrate, openSqlite } from './sqlite-database';
import { LIST_ORPHANED_SQL, PRUNE_TOMBSTONES_SQL, sourceStatesSql } from './sqlite-document.repository';
import { SqliteMetadataStore } from './sqlite-metadata.store';

const NOW = '2026-11-29T12:00:00.000Z';

function draftBatch(namespaceId: string, bucketId: string, objectIds: string[]): NewBatch {
  return draftBatchOf({ namespaceId, bucketId, batchId: newId('batch'), objectIds, now: NOW });
}

function tier(batchId: string, total: number): BatchTier {
  return pendingTier({ batchId, tier: 0, collectionIds: ['col_aaaaaaaaaa'], totalItems: total, totalChunks: 1 });
}

/**
 * Two store instances on one file behave like two processes: separate connections and locks.
 * Submits, claims, leases, outcomes, conditional finishing, namespace scoping and document upserts
 * are checked on SQLite with two connections by the conformance suite
 * (conformance/metadata-store.conformance.int-spec.ts); here only what it does not cover.
 */
describe('SqliteMetadataStore (real SQLite file, two connections)', () => {
  let dir: { path: string; remove: () => void };
  let a: SqliteMetadataStore;
  let b: SqliteMetadataStore;
  const ns = newId('namespace');
  const bucketId = newId('bucket');

  beforeEach(async () => {
    dir = tempDir('sqlite-meta');
    const file = join(dir.path, 'strata.db');
    a = new SqliteMetadataStore(file);
    b = new SqliteMetadataStore(file);
    await a.namespaces.create({ namespaceId: ns, namespaceName: 'n1', description: null, createdAt: NOW, updatedAt: NOW });
    await a.buckets.create({
      namespaceId: ns,
      bucketId,
      bucketName: 'b1',
      description: null,
      bucketSchema: { properties: {} },
      metadata: {},
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  afterEach(async () => {
    await a.close();
    await b.close();
    dir.remove();
  });

  it('a later tier gets its totals when it starts, and only while PENDING', async () => {
    const batch = draftBatch(ns, bucketId, ['obj_1']);
    await a.batches.create(batch);
    await a.batches.submit(ns, batch.batchId, {
      from: 'DRAFT',
      to: 'QUEUED',
      taskId: newId('task'),
      manifestKey: 'm',
      dagTiers: [['col_aaaaaaaaaa'], ['col_bbbbbbbbbb']],
      tiers: [tier(batch.batchId, 1), { ...tier(batch.batchId, 0), tier: 1, collectionIds: ['col_bbbbbbbbbb'], totalChunks: 0 }],
      includeProcessingHistory: false,
      submittedAt: NOW,
    });
    await a.batches.claimNext({ owner: 'p', leaseMs: 60_000, now: Date.parse(NOW), namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });
    expect(await b.batches.startTier(batch.batchId, 1, 'p', NOW, { totalItems: 9, totalChunks: 2 })).toBe(true);
    // A second start (a takeover repeating it) does not change the counts.
    expect(await a.batches.startTier(batch.batchId, 1, 'p', NOW, { totalItems: 99, totalChunks: 20 })).toBe(true);
    expect((await a.batches.getTiers(batch.batchId))[1]).toMatchObject({ status: 'PROCESSING', totalItems: 9, totalChunks: 2, startedAt: NOW });
  });

  it('lists the documents a batch wrote in given collections, sorted, and finds documents by id across collections', async () => {
    const doc = (documentId: string, collectionId: string, batchId: string) => ({
      namespaceId: ns,
      collectionId,
      documentId,
      objectId: 'obj_1',
      batchId,
      featureExtractorId: 'text_extractor_v1',
      payload: {},
      lineage: { rootObjectId: 'obj_1', rootBucketId: bucketId, sourceType: 'bucket' as const, sourceObjectId: 'obj_1', sourceDocumentId: null, path: 'p' },
      processingHistory: [],
      createdAt: NOW,
      updatedAt: NOW,
    });
    await a.documents.upsertMany([
      doc('doc_c', 'col_aaaaaaaaaa', 'btch_1'),
      doc('doc_a', 'col_aaaaaaaaaa', 'btch_1'),
      doc('doc_b', 'col_bbbbbbbbbb', 'btch_1'),
      doc('doc_d', 'col_aaaaaaaaaa', 'btch_2'),
    ]);
    expect(await b.documents.listIdsWrittenByBatch(ns, 'btch_1', ['col_aaaaaaaaaa'])).toEqual(['doc_a', 'doc_c']);
    expect(await b.documents.listIdsWrittenByBatch(ns, 'btch_1', ['col_aaaaaaaaaa', 'col_bbbbbbbbbb'])).toEqual(['doc_a', 'doc_b', 'doc_c']);
    expect(await b.documents.listIdsWrittenByBatch('ns_other', 'btch_1', ['col_aaaaaaaaaa'])).toEqual([]);
    const found = await b.documents.findMany(ns, ['doc_b', 'doc_d', 'doc_missing']);
    expect(found.map((d) => d.documentId).sort()).toEqual(['doc_b', 'doc_d']);
    expect(await b.documents.findMany('ns_other', ['doc_b'])).toEqual([]);
  });
});

describe('SQLite migration to paged batch objects (docs/adr/0100-paged-batch-objects.md)', () => {
  it('moves the ids of existing batch rows into batch_objects, by position, and empties the row', async () => {
    const dir = tempDir('sqlite-migrate');
    const file = join(dir.path, 'strata.db');
    const at = METADATA_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE batch_objects'));
    expect(at).toBeGreaterThan(0);
    const db = openSqlite(file);
    migrate(db, 'metadata_migrations', METADATA_MIGRATIONS.slice(0, at));
    db.prepare("INSERT INTO namespaces (namespace_id, namespace_name, created_at, updated_at) VALUES ('ns_m', 'm', ?, ?)").run(NOW, NOW);
    db.prepare("INSERT INTO buckets (namespace_id, bucket_id, bucket_name, bucket_schema, metadata, created_at, updated_at) VALUES ('ns_m', 'bkt_m', 'b', '{}', '{}', ?, ?)").run(NOW, NOW);
    db.prepare(
      `INSERT INTO batches (batch_id, namespace_id, bucket_id, status, object_ids, dag_tiers, metadata, created_at, updated_at)
       VALUES ('btch_m', 'ns_m', 'bkt_m', 'DRAFT', '["obj_c","obj_a","obj_b"]', '[]', '{}', ?, ?)`,
    ).run(NOW, NOW);
    db.close();
    const store = new SqliteMetadataStore(file);
    try {
      expect((await store.batches.find('ns_m', 'btch_m'))?.objectCount).toBe(3);
      expect(await store.batches.listObjectIds('btch_m', 0, 10)).toEqual(['obj_c', 'obj_a', 'obj_b']);
      expect((await store.batches.addObjects('ns_m', 'btch_m', ['obj_a', 'obj_d'], NOW))?.objectCount).toBe(4);
      expect(await store.batches.listObjectIds('btch_m', 2, 10)).toEqual(['obj_b', 'obj_d']);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('SQLite migration to stored collection output_schema (docs/adr/0079)', () => {
  it('keeps existing collection rows without one (NULL) until the backfill sets it; list queries then read it in SQL', async () => {
    const dir = tempDir('sqlite-migrate');
    const file = join(dir.path, 'strata.db');
    const at = METADATA_MIGRATIONS.findIndex((m) => m.includes('ADD COLUMN output_schema'));
    expect(at).toBeGreaterThan(0);
    const db = openSqlite(file);
    migrate(db, 'metadata_migrations', METADATA_MIGRATIONS.slice(0, at));
    db.prepare("INSERT INTO namespaces (namespace_id, namespace_name, created_at, updated_at) VALUES ('ns_m', 'm', ?, ?)").run(NOW, NOW);
    db.prepare(
      `INSERT INTO collections (collection_id, namespace_id, collection_name, source, feature_extractor, vector_indexes, enabled, metadata, created_at, updated_at)
       VALUES ('col_m', 'ns_m', 'old', '{"type":"bucket","bucketIds":["bkt_m"],"collectionIds":[]}',
         '{"featureExtractorName":"text_extractor","version":"v1","parameters":{},"inputMappings":{"text":"content"}}', '[]', 1, '{}', ?, ?)`,
    ).run(NOW, NOW);
    db.close();
    const store = new SqliteMetadataStore(file);
    try {
      const before = await store.collections.findByIdOrName('ns_m', 'col_m');
      expect(before).toMatchObject({ collectionName: 'old', updatedAt: NOW });
      expect(before).not.toHaveProperty('outputSchema');
      expect(await store.collections.hasMissingOutputSchema('ns_m')).toBe(true);
      expect((await store.collections.listMissingOutputSchema(null, 10)).map((c) => c.collectionId)).toEqual(['col_m']);

      const schema = { properties: { text: { type: 'string' }, language: { type: 'string', description: 'ISO 639-3' } } };
      expect(await store.collections.setOutputSchema('ns_m', 'col_m', schema)).toBe(true);
      expect(await store.collections.hasMissingOutputSchema('ns_m')).toBe(false);
      expect(await store.collections.findByIdOrName('ns_m', 'col_m')).toEqual({ ...before, outputSchema: schema });
      const request = { filter: parseFilter({ 'output_schema.properties.language.type': 'string' }), sort: [], search: null, caseSensitive: false, offset: 0, limit: 10 };
      expect((await store.collections.query('ns_m', request))?.results.map((c) => c.collectionId)).toEqual(['col_m']);
      expect((await store.collections.query('ns_m', { ...request, filter: null, search: 'ISO 639' }))?.total).toBe(1);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('documents indexes a written row appends to (migration 17, docs/adr/0104)', () => {
  it('finds sources, and the documents a batch wrote, through indexes, not by scanning documents', () => {
    const dir = tempDir('sqlite-plan');
    const db = openSqlite(join(dir.path, 'strata.db'));
    try {
      migrate(db, 'metadata_migrations', METADATA_MIGRATIONS);
      const plan = (sql: string, ...params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
      const sources = plan(sourceStatesSql(2), 'ns', 'a', 'b', 'col', 'ns', 'col', 'a', 'b');
      expect(sources).toContain('USING INDEX documents_by_root_object');
      expect(sources).toContain('USING INDEX documents_by_derived_source');
      expect(sources).not.toMatch(/SCAN documents\b/);
      const batch = plan('SELECT document_id FROM documents WHERE namespace_id = ? AND batch_id = ? AND collection_id IN (?, ?) ORDER BY document_id', 'ns', 'b', 'c1', 'c2');
      expect(batch).toContain('USING INDEX documents_by_batch');
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>;
      expect(indexes.map((i) => i.name)).toEqual([
        'documents_by_batch',
        'documents_by_collection',
        'documents_by_collection_updated',
        'documents_by_derived_source',
        'documents_by_root_object',
      ]);
    } finally {
      db.close();
      dir.remove();
    }
  });
});

describe('SQLite migration to tombstones of deleted objects (docs/adr/0050-batch-policies.md, addendum 2026-12-07)', () => {
  it('backfills a tombstone for each object documents still name that is gone from a bucket that exists; a deleted bucket gets none', async () => {
    const dir = tempDir('sqlite-migrate');
    const file = join(dir.path, 'strata.db');
    const at = METADATA_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE deleted_objects'));
    expect(at).toBe(18);
    const db = openSqlite(file);
    migrate(db, 'metadata_migrations', METADATA_MIGRATIONS.slice(0, at));
    db.prepare("INSERT INTO namespaces (namespace_id, namespace_name, created_at, updated_at) VALUES ('ns_m', 'm', ?, ?)").run(NOW, NOW);
    db.prepare("INSERT INTO buckets (namespace_id, bucket_id, bucket_name, bucket_schema, metadata, created_at, updated_at) VALUES ('ns_m', 'bkt_m', 'b', '{}', '{}', ?, ?)").run(NOW, NOW);
    db.prepare("INSERT INTO objects (object_id, namespace_id, bucket_id, metadata, blobs, created_at, updated_at) VALUES ('obj_live', 'ns_m', 'bkt_m', '{}', '[]', ?, ?)").run(NOW, NOW);
    const doc = db.prepare(
      `INSERT INTO documents (document_id, namespace_id, collection_id, object_id, batch_id, feature_extractor_id, payload, lineage, processing_history, source_id, created_at, updated_at)
       VALUES (@documentId, 'ns_m', @collectionId, @objectId, 'btch_m', 'text_extractor_v1', '{}', json_object('rootObjectId', @objectId, 'rootBucketId', @bucketId),
         '[]', @objectId, @now, @now)`,
    );
    const rows: Array<[string, string, string, string]> = [
      ['doc_live', 'col_a', 'obj_live', 'bkt_m'],
      ['doc_gone_2', 'col_a', 'obj_gone', 'bkt_m'],
      ['doc_gone_1', 'col_a', 'obj_gone', 'bkt_m'],
      ['doc_gone_b', 'col_b', 'obj_gone', 'bkt_m'],
      ['doc_bucket_gone', 'col_a', 'obj_bucket_gone', 'bkt_deleted'],
    ];
    for (const [documentId, collectionId, objectId, bucketId] of rows) doc.run({ documentId, collectionId, objectId, bucketId, now: NOW });
    db.close();
    const store = new SqliteMetadataStore(file);
    try {
      expect(await store.documents.listOrphaned('ns_m', 'col_a', 10)).toEqual([
        { documentId: 'doc_gone_1', objectId: 'obj_gone' },
        { documentId: 'doc_gone_2', objectId: 'obj_gone' },
      ]);
      expect(await store.documents.listOrphaned('ns_m', 'col_b', 10)).toEqual([{ documentId: 'doc_gone_b', objectId: 'obj_gone' }]);
      // Dated at the migration: pruned only once its documents are gone and the grace has passed.
      expect(await store.documents.pruneTombstones('ns_m', '2999-01-01T00:00:00.000Z')).toBe(0);
      for (const [c, d] of [['col_a', 'doc_gone_1'], ['col_a', 'doc_gone_2'], ['col_b', 'doc_gone_b']] as const) await store.documents.delete('ns_m', c, d);
      expect(await store.documents.pruneTombstones('ns_m', NOW)).toBe(0);
      expect(await store.documents.pruneTombstones('ns_m', '2999-01-01T00:00:00.000Z')).toBe(1);
    } finally {
      await store.close();
      dir.remove();
    }
  });

  it('lists orphans from the tombstones through documents_by_root_object, never scanning the collection; prunes by index lookups', () => {
    const dir = tempDir('sqlite-plan');
    const db = openSqlite(join(dir.path, 'strata.db'));
    try {
      migrate(db, 'metadata_migrations', METADATA_MIGRATIONS);
      const plan = (sql: string, ...params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
      const listing = plan(LIST_ORPHANED_SQL, { namespaceId: 'ns', collectionId: 'col', limit: 500 });
      expect(listing).toMatch(/SEARCH t USING PRIMARY KEY \(namespace_id=\?\)/);
      expect(listing).toMatch(/SEARCH d USING INDEX documents_by_root_object \(namespace_id=\? AND object_id=\? AND collection_id=\?\)/);
      expect(listing).not.toMatch(/SCAN (d|documents)\b/);
      expect(listing).not.toContain('documents_by_collection');
      const prune = plan(PRUNE_TOMBSTONES_SQL, { namespaceId: 'ns', deletedBefore: NOW });
      expect(prune).toMatch(/SEARCH d USING (COVERING )?INDEX documents_by_root_object \(namespace_id=\? AND object_id=\?\)/);
      expect(prune).not.toMatch(/SCAN (d|documents)\b/);
    } finally {
      db.close();
      dir.remove();
    }
  });
});
