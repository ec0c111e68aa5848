import type { Collection, DocumentRecord } from '@strata/domain';
import { InMemoryMetadataStore, InMemoryObjectStorage, ManualClock, RecordingPublisher } from '@strata/fakes';
import { silentLogger } from '@strata/ports';
import {
  CreateBucket,
  CreateNamespace,
  CreateObject,
  CreateUpload,
  bucketRecord,
  collectionRecord,
  documentRecord,
  namespaceRecord,
  objectRecord,
  uploadRecord,
} from '@strata/api-use-cases';
import { collectionResponse, documentResponse, namespaceModel } from './presenters';
import { bucketWithStats, objectWithHash, uploadResponse } from './resource-presenters';

/**
 * What a client filters, sorts and searches on (the records of libs/api-use-cases) is exactly what
 * it reads in list responses (these presenters): every public field is filterable under its public
 * name and value, and nothing else is. Fields computed per request are not part of a record:
 * bucket stats, a collection's document_count, a document's vectors, an upload's presigned URL.
 */
describe('record filters see the public fields of the responses', () => {
  async function world() {
    const deps = {
      metadata: new InMemoryMetadataStore(),
      objects: new InMemoryObjectStorage(),
      clock: new ManualClock(),
      logger: silentLogger,
      events: new RecordingPublisher(),
    };
    const ns = await new CreateNamespace(deps).execute({ namespaceName: 'fields', description: 'd' });
    const bucket = await new CreateBucket(deps).execute({
      namespaceId: ns.namespaceId,
      bucketName: 'b',
      description: null,
      bucketSchema: { properties: { content: { type: 'text' }, sku: { type: 'string' } } },
      uniqueKey: { fields: ['sku'], defaultPolicy: null },
      metadata: { team: 'a' },
    });
    const object = await new CreateObject(deps).execute({
      namespaceId: ns.namespaceId,
      bucket: 'b',
      keyPrefix: 'k/',
      metadata: { sku: 'x1' },
      blobs: [{ property: 'content', data: 'hello' }],
      policy: 'insert',
    });
    const { upload } = await new CreateUpload(deps, 1_000_000).execute({
      namespaceId: ns.namespaceId,
      bucket: 'b',
      filename: 'a.txt',
      contentType: 'text/plain',
      fileSizeBytes: 5,
      metadata: {},
      objectMetadata: { sku: 'x2' },
      blobProperty: 'content',
      blobType: null,
      fileHash: null,
      skipDuplicates: false,
      createObjectOnConfirm: true,
      expirationSeconds: 600,
    });
    return { ns, bucket, object, upload };
  }

  const collectionOf = (source: Collection['source']): Collection => ({
    namespaceId: 'ns_1',
    collectionId: 'col_1',
    collectionName: 'c1',
    description: null,
    source,
    featureExtractor: {
      featureExtractorName: 'text_extractor',
      version: 'v1',
      parameters: { chunk_size: 10 },
      inputMappings: { text: 'content' },
      fieldPassthrough: [{ sourcePath: 'sku', targetPath: 'sku' }],
      includeAllSourceFields: false,
    },
    vectorIndexes: [{ name: 'text_extractor_v1_embedding', dimensions: 2, distance: 'cosine' }],
    enabled: true,
    metadata: { team: 'a' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });

  it('namespaces, buckets, objects and uploads', async () => {
    const { ns, bucket, object, upload } = await world();
    expect(namespaceRecord(ns)).toStrictEqual(namespaceModel(ns));
    // object_count, total_size_bytes and batch_stats are computed per request, not filterable.
    const stats = { objectCount: 1, totalSizeBytes: 5, batchStats: { total: 0, active: 0, completed: 0, failed: 0 } };
    const { object_count: _objects, total_size_bytes: _size, batch_stats: _batches, ...bucketShown } = bucketWithStats(bucket, stats);
    expect(bucketRecord(bucket)).toStrictEqual(bucketShown);
    expect(objectRecord(object)).toStrictEqual(objectWithHash(object));
    expect(uploadRecord(upload)).toStrictEqual(uploadResponse(upload, { presignedUrl: null }));
  });

  it('collections sourcing a bucket or collections', () => {
    const schema = { type: 'object', properties: { text: { type: 'string' } } };
    for (const source of [
      { type: 'bucket' as const, bucketIds: ['bkt_1'], collectionIds: [] },
      { type: 'collection' as const, bucketIds: [], collectionIds: ['col_0'] },
    ]) {
      const c = collectionOf(source);
      // input_schema and document_count are computed per request, not filterable.
      const { input_schema: _input, document_count: _count, ...shown } = collectionResponse(c, schema, { properties: {} }, null);
      expect(collectionRecord(c, schema)).toStrictEqual(shown);
    }
  });

  it('documents: payload at the root, system fields under _internal, processing history', () => {
    const d: DocumentRecord = {
      namespaceId: 'ns_1',
      collectionId: 'col_1',
      documentId: 'doc_1',
      objectId: 'obj_1',
      batchId: 'btch_1',
      featureExtractorId: 'text_extractor_v1',
      payload: { text: 'hello', chunk_index: 0 },
      lineage: { rootObjectId: 'obj_1', rootBucketId: 'bkt_1', sourceType: 'bucket', sourceObjectId: 'obj_1', sourceDocumentId: null, path: 'bkt_1/col_1', chain: [] },
      processingHistory: [
        { operation: 'extract', extractor: 'text_extractor@v1', batchId: 'btch_1', tier: 0, startedAt: 'a', completedAt: 'b', durationMs: 3, attempt: 1 },
      ],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(documentRecord(d)).toStrictEqual(documentResponse(d));
  });
});
