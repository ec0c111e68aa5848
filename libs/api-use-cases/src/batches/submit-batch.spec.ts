import { Collection, MIN_TIER_MESSAGES, draftBatch, newId } from '@strata/domain';
import { InMemoryMetadataStore, InMemoryObjectStorage, InMemoryTaskStore, ManualClock, RecordingPublisher, RecordingWakeUps } from '@strata/fakes';
import { silentLogger } from '@strata/ports';
import { CreateBucket, CreateNamespace } from '../index';
import { SubmitBatch } from './submit-batch';

/** A bucket with one text collection, and a DRAFT batch of `objects` object ids. */
async function world(objects: number, workChunkSize: number) {
  const deps = {
    metadata: new InMemoryMetadataStore(),
    objects: new InMemoryObjectStorage(),
    tasks: new InMemoryTaskStore(),
    clock: new ManualClock(),
    logger: silentLogger,
    events: new RecordingPublisher(),
    wakeUps: new RecordingWakeUps(),
    workChunkSize,
  };
  const ns = await new CreateNamespace(deps).execute({ namespaceName: 'unit', description: null });
  const bucket = await new CreateBucket(deps).execute({
    namespaceId: ns.namespaceId,
    bucketName: 'b',
    description: null,
    bucketSchema: { properties: { content: { type: 'text' } } },
    metadata: {},
  });
  const now = deps.clock.iso();
  const collection: Collection = {
    namespaceId: ns.namespaceId,
    collectionId: newId('collection'),
    collectionName: 'texts',
    description: null,
    source: { type: 'bucket', bucketIds: [bucket.bucketId], collectionIds: [] },
    featureExtractor: { featureExtractorName: 'text_extractor', version: 'v1', parameters: {}, inputMappings: { text: 'content' } },
    vectorIndexes: [{ name: 'text_extractor_v1_embedding', dimensions: 384, distance: 'cosine' }],
    enabled: true,
    metadata: {},
    createdAt: now,
    updatedAt: now,
  };
  await deps.metadata.collections.create(collection);
  const batchId = newId('batch');
  const objectIds = Array.from({ length: objects }, () => newId('object'));
  await deps.metadata.batches.create(draftBatch({ namespaceId: ns.namespaceId, bucketId: bucket.bucketId, batchId, objectIds, now }));
  const submit = () => new SubmitBatch(deps).execute({ namespaceId: ns.namespaceId, bucket: bucket.bucketId, batchId, includeProcessingHistory: false });
  return { deps, batchId, submit };
}

describe('SubmitBatch: how tier 0 is cut into work messages (ADR 0105)', () => {
  it('records the configured size with the tier when the batch fills the minimum number of messages', async () => {
    const { deps, batchId, submit } = await world(10_000, 256);
    await submit();
    const [tier0] = await deps.metadata.batches.getTiers(batchId);
    expect(tier0).toMatchObject({ totalItems: 10_000, chunkSize: 256, totalChunks: 40 });
  });

  it('cuts a small batch into smaller messages, so its work spreads over the workers, and records that size', async () => {
    const { deps, batchId, submit } = await world(1_000, 256);
    await submit();
    const [tier0] = await deps.metadata.batches.getTiers(batchId);
    expect(tier0).toMatchObject({ totalItems: 1_000, chunkSize: 63, totalChunks: MIN_TIER_MESSAGES });
  });
});
