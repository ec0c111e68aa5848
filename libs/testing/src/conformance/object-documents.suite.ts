import { DocumentRecord, newId } from '@strata/domain';
import type { MetadataStore } from '@strata/ports';

const NOW = '2026-11-29T12:00:00.000Z';
const LATER = '2026-11-29T12:00:01.000Z';

/** What an object produced: documents by root object across collections (Mixpeek's `GET /v1/objects/{object_id}/documents`). */
export function objectDocumentsConformance(ctx: { stores: () => { a: MetadataStore; b: MetadataStore }; ns: () => string; bucketId: () => string }): void {
  describe('documents by root object', () => {
    it('lists the documents of one root object across collections, by collection, created_at and id, paged and filtered', async () => {
      const { a, b } = ctx.stores();
      const [colA, colB] = [newId('collection'), newId('collection')].sort();
      const object = newId('object');
      const doc = (id: string, collectionId: string, objectId: string, createdAt = NOW): DocumentRecord => ({
        namespaceId: ctx.ns(), collectionId, documentId: id, objectId, batchId: 'btch_one', featureExtractorId: 'text_extractor_v1',
        payload: { text: id }, processingHistory: [], sourceHash: null, extractorFingerprint: null, createdAt, updatedAt: createdAt,
        lineage: { rootObjectId: objectId, rootBucketId: ctx.bucketId(), sourceType: 'bucket', sourceObjectId: objectId, sourceDocumentId: null, path: 'p' },
      });
      await a.documents.upsertMany([
        doc(`doc_${object}_b1`, colB as string, object),
        doc(`doc_${object}_a2`, colA as string, object, LATER),
        doc(`doc_${object}_a1`, colA as string, object, LATER),
        doc(`doc_${object}_a0`, colA as string, object),
        doc(`doc_${object}_x`, colA as string, newId('object')),
      ]);
      const all = await b.documents.listByObject(ctx.ns(), object, { collectionIds: null, offset: 0, limit: 10 });
      expect(all.total).toBe(4);
      expect(all.results.map((d) => d.documentId)).toEqual([`doc_${object}_a0`, `doc_${object}_a1`, `doc_${object}_a2`, `doc_${object}_b1`]);
      expect(all.results[0]).toEqual(doc(`doc_${object}_a0`, colA as string, object));

      const page = await b.documents.listByObject(ctx.ns(), object, { collectionIds: null, offset: 1, limit: 2 });
      expect({ total: page.total, ids: page.results.map((d) => d.documentId) }).toEqual({ total: 4, ids: [`doc_${object}_a1`, `doc_${object}_a2`] });

      const onlyB = await b.documents.listByObject(ctx.ns(), object, { collectionIds: [colB as string, 'col_missing'], offset: 0, limit: 10 });
      expect({ total: onlyB.total, ids: onlyB.results.map((d) => d.documentId) }).toEqual({ total: 1, ids: [`doc_${object}_b1`] });
      expect(await b.documents.listByObject(ctx.ns(), object, { collectionIds: [], offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });
      // Another namespace sees nothing of this object.
      expect(await b.documents.listByObject('ns_other', object, { collectionIds: null, offset: 0, limit: 10 })).toEqual({ results: [], total: 0 });
    });
  });
}
