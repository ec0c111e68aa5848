import { WorkItemV1 } from '@strata/contracts';
import { Collection, ExtractionError, documentId } from '@strata/domain';
import { DocumentBuildInput, buildDocuments } from './document-builder';
import { SourceItem } from './source-loader';

const NS = 'ns_builder0000000001';
const item: WorkItemV1 = {
  schema: 'strata.work-item',
  version: 1,
  batch_id: 'btch_builder01',
  namespace_id: NS,
  bucket_id: 'bkt_builder01',
  tier: 0,
  collection_id: 'col_builder01',
  extractor: 'text_extractor@v1',
  chunk: 0,
  item_ids: ['obj_a', 'obj_b', 'obj_c'],
};
const collection = {
  namespaceId: NS,
  collectionId: 'col_builder01',
  featureExtractor: {
    featureExtractorName: 'text_extractor',
    version: 'v1',
    parameters: {},
    inputMappings: { text: 'content' },
    fieldPassthrough: [{ sourcePath: 'meta.author', targetPath: 'author' }, { sourcePath: 'missing', targetPath: 'never' }],
  },
} as unknown as Collection;

function source(itemId: string): SourceItem {
  return {
    itemId,
    rootObjectId: itemId,
    rootBucketId: 'bkt_builder01',
    object: null,
    document: null,
    fields: { meta: { author: 'ada' }, object_id: 'spoofed' },
    sourceHash: `hash-${itemId}`,
    lineage: { rootObjectId: itemId, rootBucketId: 'bkt_builder01', sourceType: 'bucket', sourceObjectId: itemId, sourceDocumentId: null, sourceCollectionId: null, path: 'bkt_builder01/col_builder01', chain: [] },
  };
}

const vec = new Float32Array([1, 0]);
const base: DocumentBuildInput = {
  item,
  collection,
  extractorKey: 'text_extractor@v1',
  featureExtractorId: 'text_extractor_v1',
  fingerprint: 'fp1',
  sources: new Map(['obj_a', 'obj_b', 'obj_c'].map((id) => [id, source(id)])),
  results: [
    { itemId: 'obj_a', ok: true, documents: [0, 1].map((position) => ({ position, payload: { text: `a${position}`, author: 'extractor wins' }, vectors: { e: vec } })) },
    { itemId: 'obj_b', ok: false, error: new ExtractionError('bad', 'validation', 'extract') },
    { itemId: 'obj_c', ok: true, documents: [] },
  ],
  skipped: new Set(),
  history: null,
  now: '2026-01-01T00:00:00.000Z',
};

describe('buildDocuments', () => {
  it('builds one row and one point per extracted document, with deterministic ids, and counts per item', () => {
    const built = buildDocuments(base);
    const ids = [0, 1].map((position) => documentId({ namespaceId: NS, collectionId: 'col_builder01', sourceId: 'obj_a', extractor: 'text_extractor@v1', position }));
    expect(built.records.map((r) => r.documentId)).toEqual(ids);
    expect(built.points.map((p) => p.id)).toEqual(ids);
    expect([...built.perItemDocs]).toEqual([['obj_a', 2], ['obj_c', 0]]);
    expect(built.records[0]).toMatchObject({
      namespaceId: NS,
      objectId: 'obj_a',
      batchId: 'btch_builder01',
      featureExtractorId: 'text_extractor_v1',
      sourceHash: 'hash-obj_a',
      extractorFingerprint: 'fp1',
      processingHistory: [],
      createdAt: base.now,
    });
    expect(buildDocuments(base)).toEqual(built);
  });

  it('lets extractor outputs win over copied fields, and the root ids win over both', () => {
    const [record] = buildDocuments({ ...base, collection: { ...collection, featureExtractor: { ...collection.featureExtractor, includeAllSourceFields: true } } }).records;
    expect(record?.payload).toEqual({ meta: { author: 'ada' }, object_id: 'obj_a', bucket_id: 'bkt_builder01', author: 'extractor wins', text: 'a0' });
    const [plain] = buildDocuments({ ...base, results: [{ itemId: 'obj_a', ok: true, documents: [{ position: 0, payload: {}, vectors: {} }] }] }).records;
    expect(plain?.payload).toEqual({ author: 'ada', object_id: 'obj_a', bucket_id: 'bkt_builder01' });
  });

  it('writes nothing for skipped items and adds the history entry when asked', () => {
    const history = { startedAt: '2026-01-01T00:00:00.000Z', completedAt: '2026-01-01T00:00:01.000Z', durationMs: 1_000, attempt: 2 };
    const built = buildDocuments({ ...base, skipped: new Set(['obj_a']), history });
    expect(built.records).toEqual([]);
    const [record] = buildDocuments({ ...base, history }).records;
    expect(record?.processingHistory).toEqual([{ operation: 'extract', extractor: 'text_extractor@v1', batchId: 'btch_builder01', tier: 0, ...history }]);
  });
});
