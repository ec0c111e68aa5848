import { parseFilter } from '@strata/contracts';
import { NewBatch, BatchTier, newId, draftBatch as draftBatchOf, pendingTier } from '@strata/domain';
import { tempDir } from '@strata/testing';
import { join } from 'node:path';
import { METADATA_MIGRATIONS } from './metadata-schema';
import { migrate, openSqlite } from './sqlite-database';
import { sourceStatesSql } from './sqlite-document.repository';
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
