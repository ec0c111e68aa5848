import { Collection, ConflictError, DocumentRecord, ItemOutcome, NotFoundError, ValidationError, draftBatch, newId, pendingTier } from '@strata/domain';
import {
  InMemoryMetadataStore,
  InMemoryObjectStorage,
  InMemoryTaskStore,
  InMemoryVectorStore,
  ManualClock,
  RecordingPublisher,
  RecordingWakeUps,
} from '@strata/fakes';
import { ExtractorRegistry } from '@strata/extractors';
import { silentLogger } from '@strata/ports';
import { CreateBucket, CreateNamespace, DeleteCollection, DeleteDocument, DeleteDocumentsBatch, MAX_DOCUMENTS_PER_DELETE_BY_FILTERS, DescribeCollectionFeatures, ListCollections, ListDocuments, RetryBatch, UpdateCollection } from '../index';

const INDEX = { name: 'text_extractor_v1_embedding', dimensions: 2, distance: 'cosine' as const };

async function world() {
  const deps = {
    metadata: new InMemoryMetadataStore(),
    objects: new InMemoryObjectStorage(),
    vectors: new InMemoryVectorStore(),
    tasks: new InMemoryTaskStore(),
    clock: new ManualClock(),
    logger: silentLogger,
    events: new RecordingPublisher(),
    wakeUps: new RecordingWakeUps(),
  };
  const ns = await new CreateNamespace(deps).execute({ namespaceName: 'unit', description: null });
  const bucket = await new CreateBucket(deps).execute({
    namespaceId: ns.namespaceId,
    bucketName: 'b',
    description: null,
    bucketSchema: { properties: { content: { type: 'text' } } },
    metadata: {},
  });
  await deps.vectors.ensureIndex(INDEX);
  const collection = async (name: string, sourceCollections: string[] = []): Promise<Collection> => {
    const now = deps.clock.iso();
    const c: Collection = {
      namespaceId: ns.namespaceId,
      collectionId: newId('collection'),
      collectionName: name,
      description: null,
      source:
        sourceCollections.length === 0
          ? { type: 'bucket', bucketIds: [bucket.bucketId], collectionIds: [] }
          : { type: 'collection', bucketIds: [], collectionIds: sourceCollections },
      featureExtractor: { featureExtractorName: 'text_extractor', version: 'v1', parameters: {}, inputMappings: { text: 'content' } },
      vectorIndexes: [INDEX],
      enabled: true,
      metadata: { team: 'a' },
      createdAt: now,
      updatedAt: now,
    };
    await deps.metadata.collections.create(c);
    deps.clock.advance(1_000);
    return c;
  };
  const documents = async (c: Collection, payloads: Array<Record<string, unknown>>): Promise<DocumentRecord[]> => {
    const now = deps.clock.iso();
    const docs: DocumentRecord[] = payloads.map((payload, i) => ({
      namespaceId: ns.namespaceId,
      collectionId: c.collectionId,
      documentId: `doc_${c.collectionId.slice(4)}${i}`,
      objectId: `obj_${i}`,
      batchId: 'btch_1',
      featureExtractorId: 'text_extractor_v1',
      payload,
      lineage: { rootObjectId: `obj_${i}`, rootBucketId: bucket.bucketId, sourceType: 'bucket', sourceObjectId: `obj_${i}`, sourceDocumentId: null, path: 'p' },
      processingHistory: [],
      createdAt: now,
      updatedAt: now,
    }));
    await deps.metadata.documents.upsertMany(docs);
    await deps.vectors.upsert(
      docs.map((d) => ({ id: d.documentId, namespaceId: ns.namespaceId, collectionId: c.collectionId, vectors: { [INDEX.name]: new Float32Array([1, 0]) }, payload: {} })),
    );
    return docs;
  };
  return { deps, ns: ns.namespaceId, bucket, collection, documents };
}

describe('collection management over the in-memory fakes', () => {
  it('lists collections with filters, sort and pages', async () => {
    const { deps, ns, collection } = await world();
    const a = await collection('alpha');
    await collection('beta');
    await collection('gamma', [a.collectionId]);
    const list = new ListCollections({ ...deps, extractors: new ExtractorRegistry([]) });
    expect((await list.execute(ns, { offset: 0, limit: 2 })).results.map((c) => c.collectionName)).toEqual(['alpha', 'beta']);
    const derived = await list.execute(ns, { offset: 0, limit: 10, filters: { AND: [{ field: 'source.type', operator: 'eq', value: 'collection' }] } });
    expect(derived.results.map((c) => c.collectionName)).toEqual(['gamma']);
    const sorted = await list.execute(ns, { offset: 0, limit: 10, sort: { field: 'collection_name', direction: 'desc' } });
    expect(sorted.results.map((c) => c.collectionName)).toEqual(['gamma', 'beta', 'alpha']);
    await expect(list.execute(ns, { offset: 0, limit: 10, filters: { field: 'x', operator: 'nope', value: 1 } })).rejects.toThrow(ValidationError);
  });

  it('updates only what changed and publishes collection.updated with the changed fields', async () => {
    const { deps, ns, collection } = await world();
    const a = await collection('alpha');
    const update = new UpdateCollection(deps);
    const updated = await update.execute({ namespaceId: ns, collection: 'alpha', description: 'new', enabled: false, metadata: { team: 'a' } });
    expect(updated).toMatchObject({ description: 'new', enabled: false, source: a.source, featureExtractor: a.featureExtractor });
    const [event] = deps.events.eventsOf('collection.updated');
    expect(event?.metadata).toMatchObject({ collection_id: a.collectionId, updated_fields: ['description', 'enabled'] });
    // Nothing changed: no write, no event.
    await update.execute({ namespaceId: ns, collection: a.collectionId, description: 'new' });
    expect(deps.events.eventsOf('collection.updated')).toHaveLength(1);
    await expect(update.execute({ namespaceId: ns, collection: 'alpha', collectionName: 'x' })).rejects.toThrow(ValidationError);
    await expect(update.execute({ namespaceId: ns, collection: 'none', description: 'x' })).rejects.toThrow(NotFoundError);
  });

  it('deletes a collection from both stores, refuses while another collection sources it, and publishes collection.deleted', async () => {
    const { deps, ns, collection, documents } = await world();
    const a = await collection('alpha');
    const g = await collection('gamma', [a.collectionId]);
    await documents(a, [{ text: 'x' }, { text: 'y' }]);
    const kept = await documents(g, [{ text: 'z' }]);
    const del = new DeleteCollection(deps);
    const refused = await del.execute(ns, 'alpha').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toContain('gamma');
    expect((refused as ConflictError).details).toMatchObject({ dependent_collection_ids: [g.collectionId] });

    expect(await del.execute(ns, 'gamma')).toMatchObject({ deletedDocuments: 1 });
    expect(await deps.vectors.count(ns, g.collectionId)).toBe(0);
    expect(await deps.metadata.documents.find(ns, g.collectionId, kept[0]?.documentId as string)).toBeNull();
    expect(await del.execute(ns, 'alpha')).toMatchObject({ deletedDocuments: 2 });
    expect(await deps.vectors.count(ns, a.collectionId)).toBe(0);
    expect(await deps.metadata.documents.count(ns, a.collectionId)).toBe(0);
    expect(deps.events.eventsOf('collection.deleted').map((e) => e.subject.id)).toEqual([g.collectionId, a.collectionId]);
    await expect(del.execute(ns, 'alpha')).rejects.toThrow(NotFoundError);
  });

  it('refuses to delete a collection a running batch includes', async () => {
    const { deps, ns, bucket, collection } = await world();
    const a = await collection('alpha');
    const batch = draftBatch({ namespaceId: ns, bucketId: bucket.bucketId, batchId: newId('batch'), objectIds: ['obj_1'], now: deps.clock.iso() });
    await deps.metadata.batches.create(batch);
    await deps.metadata.batches.submit(ns, batch.batchId, {
      from: 'DRAFT',
      to: 'QUEUED',
      taskId: newId('task'),
      manifestKey: 'm',
      dagTiers: [[a.collectionId]],
      tiers: [pendingTier({ batchId: batch.batchId, tier: 0, collectionIds: [a.collectionId], totalItems: 1, totalChunks: 1 })],
      includeProcessingHistory: false,
      submittedAt: deps.clock.iso(),
    });
    await expect(new DeleteCollection(deps).execute(ns, 'alpha')).rejects.toThrow(`running batch(es) ${batch.batchId}`);
  });

  it('describes features as feature addresses of the vector indexes', async () => {
    const { deps, ns, collection } = await world();
    await collection('alpha');
    expect(await new DescribeCollectionFeatures(deps).execute(ns, 'alpha')).toEqual([
      {
        featureAddress: 'mixpeek://text_extractor@v1/text_extractor_v1_embedding',
        featureExtractorName: 'text_extractor',
        version: 'v1',
        vectorIndex: INDEX,
        primary: true,
      },
    ]);
  });

  it('lists documents with filters on the payload and _internal, and deletes one from both stores', async () => {
    const { deps, ns, collection, documents } = await world();
    const a = await collection('alpha');
    const docs = await documents(a, [{ text: 'red', n: 1 }, { text: 'blue', n: 2 }, { text: 'red', n: 3 }]);
    const list = new ListDocuments(deps);
    const red = await list.execute(ns, 'alpha', { offset: 0, limit: 10, filters: { AND: [{ field: 'text', value: 'red' }, { NOT: [{ field: 'n', operator: 'gt', value: 2 }] }] } });
    expect(red.results.map((d) => d.payload['n'])).toEqual([1]);
    const bySource = await list.execute(ns, 'alpha', { offset: 0, limit: 10, filters: { '_internal.lineage.source_object_id': 'obj_1' } });
    expect(bySource.results.map((d) => d.documentId)).toEqual([docs[1]?.documentId]);
    expect((await list.execute(ns, 'alpha', { offset: 1, limit: 1 })).total).toBe(3);

    const del = new DeleteDocument(deps);
    await del.execute(ns, 'alpha', docs[0]?.documentId as string);
    expect(await deps.vectors.get(ns, a.collectionId, docs[0]?.documentId as string)).toBeNull();
    expect(await deps.vectors.count(ns, a.collectionId)).toBe(2);
    expect((await list.execute(ns, 'alpha', { offset: 0, limit: 10 })).total).toBe(2);
    await expect(del.execute(ns, 'alpha', docs[0]?.documentId as string)).rejects.toThrow(NotFoundError);
    await expect(del.execute(ns, 'nope', 'doc_x')).rejects.toThrow(NotFoundError);
  });

  it('deletes every document the filters match from both stores, over several pages and steps, and nothing else', async () => {
    const { deps, ns, collection, documents } = await world();
    const a = await collection('alpha');
    const b = await collection('beta');
    const docs = await documents(a, Array.from({ length: 2_100 }, (_, i) => ({ n: i, kind: i % 3 === 0 ? 'keep' : 'drop' })));
    await documents(b, [{ kind: 'drop' }]);
    const batchDelete = new DeleteDocumentsBatch(deps);
    // 1,400 matches: two pages of matching ids, three delete steps of 500.
    expect(await batchDelete.byFilters(ns, 'alpha', { AND: [{ field: 'kind', value: 'DROP' }] })).toEqual({ deleted: 1_400, matched: 1_400 });
    const left = await new ListDocuments(deps).execute(ns, 'alpha', { offset: 0, limit: 1_000 });
    expect(left.total).toBe(700);
    expect(left.results.every((d) => d.payload['kind'] === 'keep')).toBe(true);
    expect(await deps.vectors.count(ns, a.collectionId)).toBe(700);
    expect(await deps.vectors.get(ns, a.collectionId, docs[1]?.documentId as string)).toBeNull();
    expect(await deps.vectors.get(ns, a.collectionId, docs[0]?.documentId as string)).not.toBeNull();
    // The other collection's document with the same field is untouched; sent again, nothing matches.
    expect(await deps.vectors.count(ns, b.collectionId)).toBe(1);
    expect(await batchDelete.byFilters(ns, 'alpha', { kind: 'drop' })).toEqual({ deleted: 0, matched: 0 });

    await expect(batchDelete.byFilters(ns, 'alpha', {})).rejects.toThrow(/no condition/);
    await expect(batchDelete.byFilters(ns, 'alpha', { OR: [], AND: [] })).rejects.toThrow(/no condition/);
    await expect(batchDelete.byFilters(ns, 'alpha', { field: 'kind', operator: 'near', value: 1 })).rejects.toThrow(ValidationError);
    await expect(batchDelete.byFilters(ns, 'nope', { kind: 'keep' })).rejects.toThrow(NotFoundError);
    expect(await deps.vectors.count(ns, a.collectionId)).toBe(700);
  });

  it('refuses a delete by filters that matches more than 10,000 documents before deleting any', async () => {
    const { deps, ns, collection, documents } = await world();
    const a = await collection('alpha');
    await documents(a, Array.from({ length: MAX_DOCUMENTS_PER_DELETE_BY_FILTERS + 1 }, (_, i) => ({ n: i })));
    const batchDelete = new DeleteDocumentsBatch(deps);
    await expect(batchDelete.byFilters(ns, 'alpha', { field: 'n', operator: 'gte', value: 0 })).rejects.toThrow('the filters match 10001 documents; one delete by filters removes at most 10,000: narrow the filters');
    expect(await deps.metadata.documents.count(ns, a.collectionId)).toBe(MAX_DOCUMENTS_PER_DELETE_BY_FILTERS + 1);
    expect(await deps.vectors.count(ns, a.collectionId)).toBe(MAX_DOCUMENTS_PER_DELETE_BY_FILTERS + 1);
    // Narrowed to the limit, it goes through.
    expect(await batchDelete.byFilters(ns, 'alpha', { field: 'n', operator: 'gte', value: 1 })).toEqual({ deleted: 10_000, matched: 10_000 });
    expect(await deps.vectors.count(ns, a.collectionId)).toBe(1);
  });
});

describe('RetryBatch', () => {
  async function finishedBatch(outcomes: (col: string) => ItemOutcome[], status: 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'FAILED') {
    const w = await world();
    const a = await w.collection('alpha');
    const { deps, ns, bucket } = w;
    const batch = draftBatch({ namespaceId: ns, bucketId: bucket.bucketId, batchId: newId('batch'), objectIds: ['obj_1', 'obj_2', 'obj_3'], now: deps.clock.iso() });
    const taskId = newId('task');
    await deps.tasks.create({ taskId, taskType: 'api_buckets_batches_submit', status: 'COMPLETED', inputs: [], outputs: null, additionalData: {}, error: null, createdAt: deps.clock.iso(), updatedAt: deps.clock.iso() });
    await deps.metadata.batches.create(batch);
    await deps.metadata.batches.submit(ns, batch.batchId, {
      from: 'DRAFT',
      to: 'QUEUED',
      taskId,
      manifestKey: 'm',
      dagTiers: [[a.collectionId]],
      tiers: [pendingTier({ batchId: batch.batchId, tier: 0, collectionIds: [a.collectionId], totalItems: 3, totalChunks: 1 })],
      includeProcessingHistory: false,
      submittedAt: deps.clock.iso(),
    });
    await deps.metadata.batches.claimNext({ owner: 'p', leaseMs: 1_000, now: deps.clock.now(), namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });
    await deps.metadata.batches.recordOutcomes(batch.batchId, 0, outcomes(a.collectionId), deps.clock.iso());
    await deps.metadata.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: status, owner: 'p', now: deps.clock.iso() });
    return { ...w, batchId: batch.batchId, col: a.collectionId, taskId };
  }
  const failed = (itemId: string, collectionId: string, category: 'network' | 'validation'): ItemOutcome => ({
    itemId,
    collectionId,
    status: 'FAILED',
    documentsWritten: 0,
    error: { category, message: 'x', stage: 'extract' },
  });
  const mixed = (col: string): ItemOutcome[] => [
    { itemId: 'obj_1', collectionId: col, status: 'COMPLETED', documentsWritten: 1 },
    failed('obj_2', col, 'network'),
    failed('obj_3', col, 'validation'),
  ];

  it('transient_only retries network/resource/dependency failures: counts drop, the batch is QUEUED, the poller is woken', async () => {
    const { deps, ns, batchId, taskId } = await finishedBatch(mixed, 'COMPLETED_WITH_ERRORS');
    const result = await new RetryBatch(deps).execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'transient_only', tierNums: null, maxRetryCount: 3 });
    expect(result).toMatchObject({ retried: [{ tier: 0, items: 1 }], skipped: 1, exhausted: 0, reopenedTiers: [0] });
    expect(result.batch.status).toBe('QUEUED');
    expect(result.task).toMatchObject({ taskId, status: 'PENDING' });
    const [tier] = await deps.metadata.batches.getTiers(batchId);
    expect(tier).toMatchObject({ status: 'PENDING', retryRound: 1, succeededItems: 1, failedItems: 1, errorSummary: { validation: 1 } });
    expect(deps.wakeUps.queued.map((q) => q.batch_id)).toEqual([batchId]);
    expect(deps.events.eventsOf('batch.queued')[0]?.metadata).toMatchObject({ retry_round: 1, total_items: 1 });
  });

  it('all retries every failure; a tier filter narrows it', async () => {
    const { deps, ns, batchId } = await finishedBatch(mixed, 'COMPLETED_WITH_ERRORS');
    const retry = new RetryBatch(deps);
    await expect(retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'all', tierNums: [3], maxRetryCount: 3 })).rejects.toThrow(ValidationError);
    const result = await retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'all', tierNums: [0], maxRetryCount: 3 });
    expect(result).toMatchObject({ retried: [{ tier: 0, items: 2 }], skipped: 0 });
    expect((await deps.metadata.batches.getTiers(batchId))[0]).toMatchObject({ failedItems: 0, errorSummary: {} });
  });

  it('refuses a batch that is not finished, completed, or has nothing transient to retry', async () => {
    const onlyPermanent = (col: string): ItemOutcome[] => [failed('obj_1', col, 'validation'), failed('obj_2', col, 'validation'), failed('obj_3', col, 'validation')];
    const { deps, ns, batchId } = await finishedBatch(onlyPermanent, 'FAILED');
    const retry = new RetryBatch(deps);
    const err = await retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'transient_only', tierNums: null, maxRetryCount: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toContain('send retry_mode "all"');
    await retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'all', tierNums: null, maxRetryCount: 3 });
    // Now QUEUED: not finished, so a second retry is refused.
    await expect(retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'all', tierNums: null, maxRetryCount: 3 })).rejects.toThrow('is QUEUED');

    const done = await finishedBatch((col) => [{ itemId: 'obj_1', collectionId: col, status: 'COMPLETED', documentsWritten: 1 }], 'COMPLETED');
    await expect(
      new RetryBatch(done.deps).execute({ namespaceId: done.ns, bucket: 'b', batchId: done.batchId, mode: 'all', tierNums: null, maxRetryCount: 3 }),
    ).rejects.toThrow('nothing to retry');
  });

  it('leaves items retried max_retry_count times already', async () => {
    const { deps, ns, batchId, col } = await finishedBatch(mixed, 'COMPLETED_WITH_ERRORS');
    const retry = new RetryBatch(deps);
    await retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'transient_only', tierNums: null, maxRetryCount: 1 });
    // The poller's plan of round 1 ran obj_2, which failed again.
    await deps.objects.put(
      `${ns}/batches/${batchId}/tier-0-retry-1.json`,
      Buffer.from(JSON.stringify({ version: 1, batch_id: batchId, tier: 0, groups: [{ collection_id: col, item_ids: ['obj_2'] }] })),
      'application/json',
    );
    await deps.metadata.batches.claimNext({ owner: 'p', leaseMs: 1_000, now: deps.clock.now(), namespaceIds: null, from: 'QUEUED', to: 'PROCESSING' });
    await deps.metadata.batches.recordOutcomes(batchId, 0, [failed('obj_2', col, 'network')], deps.clock.iso());
    await deps.metadata.batches.changeStatus(batchId, { from: 'PROCESSING', to: 'COMPLETED_WITH_ERRORS', owner: 'p', now: deps.clock.iso() });
    await expect(retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'transient_only', tierNums: null, maxRetryCount: 1 })).rejects.toThrow(
      'max_retry_count',
    );
    const again = await retry.execute({ namespaceId: ns, bucket: 'b', batchId, mode: 'transient_only', tierNums: null, maxRetryCount: 2 });
    expect(again.retried).toEqual([{ tier: 0, items: 1 }]);
  });
});
