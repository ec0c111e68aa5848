import { BATCH_OUTCOMES } from '@strata/domain';
import { StoreInspector, StrataCluster } from '@strata/testing';
import { Fixture, createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

async function derivedCollection(
  cluster: StrataCluster,
  fx: Fixture,
  name: string,
  sourceId: string,
  parameters: Record<string, unknown>,
): Promise<string> {
  const res = await cluster.api.post(
    '/v1/collections',
    {
      collection_name: name,
      source: { type: 'collection', collection_ids: [sourceId] },
      feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters, input_mappings: { text: 'text' } },
    },
    fx.namespace,
  );
  expect(res.status).toBe(200);
  expect(res.body['source']).toMatchObject({ type: 'collection' });
  return res.body['collection_id'] as string;
}

describe('tiered collections (a three-tier chain)', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('runs bucket -> sentences -> word chunks -> whole chunks tier by tier, with lineage, each document once', async () => {
    const api = cluster.api;
    // Tier 0: each object's two sentences (fixture collection).
    const fx = await createFixture(api);
    // Tier 1: each sentence in chunks of five words; tier 2: each word chunk as one document.
    const words = await derivedCollection(cluster, fx, 'sentence-words', fx.collectionId, { split_by: 'words', chunk_size: 5 });
    const whole = await derivedCollection(cluster, fx, 'word-chunks', words, { split_by: 'characters', chunk_size: 100000 });

    // Tier 2 also holds a model-free copy of each word chunk, run in parallel with `whole`.
    const copies = await api.post(
      '/v1/collections',
      {
        collection_name: 'word-chunk-copies',
        source: { type: 'collection', collection_ids: [words] },
        feature_extractor: {
          feature_extractor_name: 'passthrough_extractor',
          version: 'v1',
          field_passthrough: [{ source_path: 'text', target_path: 'words_text' }, 'chunk_index'],
        },
      },
      fx.namespace,
    );
    expect(copies.status).toBe(200);
    const copiesId = copies.body['collection_id'] as string;
    expect(copies.body['feature_extractor']).toMatchObject({
      field_passthrough: [
        { source_path: 'text', target_path: 'words_text' },
        { source_path: 'chunk_index', target_path: 'chunk_index' },
      ],
    });
    const badPassthrough = await api.post(
      '/v1/collections',
      {
        collection_name: 'bad-copies',
        source: { type: 'collection', collection_ids: [words] },
        feature_extractor: { feature_extractor_name: 'passthrough_extractor', version: 'v1', field_passthrough: ['no_such_field'] },
      },
      fx.namespace,
    );
    expect(badPassthrough.status).toBe(422);
    expect(JSON.stringify(badPassthrough.body)).toContain('no_such_field');

    // A cycle is refused with a 4xx: a collection cannot source itself.
    const cyclic = await api.post(
      '/v1/collections',
      {
        collection_name: 'loop',
        source: { type: 'collection', collection_ids: ['loop'] },
        feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', input_mappings: { text: 'text' } },
      },
      fx.namespace,
    );
    expect(cyclic.status).toBe(422);
    expect(JSON.stringify(cyclic.body)).toContain('cycle');

    const objectIds = await createTextObjects(api, fx, 12);
    const { batchId } = await submitBatch(api, fx, objectIds);
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 90_000);
    expect(done.status).toBe('COMPLETED');
    expect(done['dag_tiers']).toEqual([[fx.collectionId], [words], [whole, copiesId]]);

    const tiers = done.tier_tasks as Array<{
      tier_num: number;
      status: string;
      started_at: string;
      completed_at: string;
      source_documents_fetched: number;
      items_succeeded: number;
      items_failed: number;
      documents_written: number;
    }>;
    expect(tiers.map((t) => t.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    // Ordering: each tier started only after the one before completed.
    for (let i = 1; i < tiers.length; i += 1) {
      const previous = tiers[i - 1] as (typeof tiers)[number];
      const current = tiers[i] as (typeof tiers)[number];
      expect(Date.parse(current.started_at)).toBeGreaterThanOrEqual(Date.parse(previous.completed_at));
    }

    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    try {
      const t0 = inspector.documentRows(fx.collectionId);
      const t1 = inspector.documentRows(words);
      const t2 = inspector.documentRows(whole);
      // Counts per tier: tier N+1's items are exactly the documents tier N wrote.
      expect(t0).toHaveLength(objectIds.length * 2);
      expect(tiers[0]).toMatchObject({ source_documents_fetched: objectIds.length, items_succeeded: objectIds.length, documents_written: t0.length });
      expect(tiers[1]).toMatchObject({ source_documents_fetched: t0.length, items_succeeded: t0.length, items_failed: 0, documents_written: t1.length });
      expect(t1.length).toBeGreaterThan(t0.length);
      // Tier 2 runs two collections over the same sources: two items per tier-1 document.
      expect(tiers[2]).toMatchObject({ source_documents_fetched: 2 * t1.length, items_succeeded: 2 * t1.length, items_failed: 0, documents_written: 2 * t1.length });
      expect(t2).toHaveLength(t1.length);
      expect(done.progress).toMatchObject({ failed: 0, succeeded: objectIds.length + t0.length + 2 * t1.length });
      const copied = inspector.documentRows(copiesId);
      expect(copied).toHaveLength(t1.length);
      const t1ById = new Map(t1.map((r) => [r.documentId, r]));
      for (const doc of copied) {
        const parent = t1ById.get(doc.lineage['sourceDocumentId'] as string);
        expect(doc.payload).toEqual({
          words_text: parent?.payload['text'],
          chunk_index: parent?.payload['chunk_index'],
          object_id: doc.objectId,
          bucket_id: fx.bucketId,
          source_document_id: parent?.documentId,
        });
      }

      // Each document once, in both stores.
      for (const [collectionId, rows] of [[fx.collectionId, t0], [words, t1], [whole, t2]] as const) {
        expect(new Set(rows.map((r) => r.documentId)).size).toBe(rows.length);
        const points = inspector.points(collectionId);
        expect(points.rows).toBe(rows.length);
        expect(points.withVector).toBe(rows.length);
      }

      // Lineage: every tier-2 document leads back through a tier-1 and a tier-0 document to its object.
      const byId = new Map([...t0, ...t1].map((r) => [r.documentId, r]));
      for (const doc of t2) {
        const lineage = doc.lineage as { sourceType: string; sourceDocumentId: string; sourceCollectionId: string; rootObjectId: string; path: string; chain: string[] };
        expect(lineage.sourceType).toBe('collection');
        expect(lineage.sourceCollectionId).toBe(words);
        const parent = byId.get(lineage.sourceDocumentId);
        expect(parent?.lineage['sourceCollectionId']).toBe(fx.collectionId);
        const grandparent = byId.get(parent?.lineage['sourceDocumentId'] as string);
        expect(grandparent?.lineage['sourceObjectId']).toBe(doc.objectId);
        expect(lineage.chain).toEqual([grandparent?.documentId, parent?.documentId]);
        expect(lineage.rootObjectId).toBe(doc.objectId);
        expect(lineage.path).toBe(`${fx.bucketId}/${fx.collectionId}/${words}/${whole}`);
        expect(doc.payload['text']).toBe(parent?.payload['text']);
        expect(doc.batchId).toBe(batchId);
        expect(objectIds).toContain(doc.objectId);
      }
    } finally {
      inspector.close();
    }

    // Through the API, too.
    const listed = await api.post(`/v1/collections/${whole}/documents/list?limit=1`, {}, fx.namespace);
    expect(listed.status).toBe(200);
    const first = (listed.body['results'] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    expect(JSON.stringify(first)).toContain('"source_type":"collection"');
  });
});
