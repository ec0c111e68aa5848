import { AlreadyExistsError, NotFoundError, ValidationError } from '@strata/domain';
import { builtinExtractors } from '@strata/extractors';
import { InMemoryMetadataStore, InMemoryObjectStorage, InMemoryVectorStore, ManualClock, RecordingPublisher } from '@strata/fakes';
import { silentLogger } from '@strata/ports';
import { CloneCollection, CreateBucket, CreateCollection, CreateNamespace } from '../index';

async function world() {
  const deps = {
    metadata: new InMemoryMetadataStore(),
    objects: new InMemoryObjectStorage(),
    vectors: new InMemoryVectorStore(),
    extractors: builtinExtractors(),
    clock: new ManualClock(),
    logger: silentLogger,
    events: new RecordingPublisher(),
  };
  const ns = await new CreateNamespace(deps).execute({ namespaceName: 'clones', description: null });
  const bucket = await new CreateBucket(deps).execute({
    namespaceId: ns.namespaceId,
    bucketName: 'docs',
    description: null,
    bucketSchema: { properties: { content: { type: 'text' }, title: { type: 'string' } } },
    metadata: {},
  });
  const original = await new CreateCollection(deps).execute({
    namespaceId: ns.namespaceId,
    collectionName: 'chunks',
    description: 'chunks of 100',
    source: { type: 'bucket', bucketIds: [bucket.bucketId], collectionIds: [] },
    featureExtractor: {
      featureExtractorName: 'text_extractor',
      version: 'v1',
      parameters: { split_by: 'characters', chunk_size: 100 },
      inputMappings: { text: 'content' },
      fieldPassthrough: [{ sourcePath: 'title', targetPath: 'doc_title' }],
    },
    enabled: true,
    metadata: { team: 'a' },
  });
  return { deps, namespaceId: ns.namespaceId, bucket, original, clone: new CloneCollection(deps) };
}

describe('CloneCollection', () => {
  it('creates a new collection copied from the source with the given changes, and publishes collection.created', async () => {
    const w = await world();

    const { collection, sourceCollectionId } = await w.clone.execute({
      namespaceId: w.namespaceId,
      collection: 'chunks',
      collectionName: 'chunks-50',
      featureExtractor: { parameters: { split_by: 'characters', chunk_size: 50 } },
      metadata: { team: 'b' },
    });

    expect(sourceCollectionId).toBe(w.original.collectionId);
    expect(collection.collectionId).not.toBe(w.original.collectionId);
    expect(collection).toMatchObject({
      collectionName: 'chunks-50',
      description: 'chunks of 100',
      source: w.original.source,
      enabled: true,
      metadata: { team: 'b' },
      vectorIndexes: w.original.vectorIndexes,
      featureExtractor: {
        featureExtractorName: 'text_extractor',
        version: 'v1',
        parameters: { split_by: 'characters', chunk_size: 50 },
        inputMappings: { text: 'content' },
        fieldPassthrough: [{ sourcePath: 'title', targetPath: 'doc_title' }],
        includeAllSourceFields: false,
      },
    });
    expect(await w.deps.metadata.collections.findByIdOrName(w.namespaceId, 'chunks-50')).toEqual(collection);
    expect(await w.deps.metadata.collections.findByIdOrName(w.namespaceId, 'chunks')).toEqual(w.original);
    const created = w.deps.events.eventsOf('collection.created').map((e) => e.subject.id);
    expect(created).toEqual([w.original.collectionId, collection.collectionId]);
  });

  it('clears the description when asked and copies everything when nothing else is given', async () => {
    const w = await world();
    const { collection } = await w.clone.execute({ namespaceId: w.namespaceId, collection: w.original.collectionId, collectionName: 'copy', description: null });
    expect(collection.description).toBeNull();
    expect(collection.featureExtractor).toEqual(w.original.featureExtractor);
    expect(collection.metadata).toEqual({ team: 'a' });
  });

  it('validates like a create: a taken name, bad parameters, a source that would make a cycle, an unknown collection', async () => {
    const w = await world();
    await expect(w.clone.execute({ namespaceId: w.namespaceId, collection: 'chunks', collectionName: 'chunks' })).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(
      w.clone.execute({ namespaceId: w.namespaceId, collection: 'chunks', collectionName: 'bad', featureExtractor: { parameters: { chunk_size: -1 } } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      w.clone.execute({
        namespaceId: w.namespaceId,
        collection: 'chunks',
        collectionName: 'loop',
        source: { type: 'collection', bucketIds: [], collectionIds: ['loop'] },
      }),
    ).rejects.toThrow(/cycle/);
    await expect(w.clone.execute({ namespaceId: w.namespaceId, collection: 'nope', collectionName: 'x-copy' })).rejects.toBeInstanceOf(NotFoundError);
    expect((await w.deps.metadata.collections.list(w.namespaceId, { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('infers the inputs again when the source changes', async () => {
    const w = await world();
    const { collection } = await w.clone.execute({
      namespaceId: w.namespaceId,
      collection: 'chunks',
      collectionName: 'derived',
      source: { type: 'collection', bucketIds: [], collectionIds: ['chunks'] },
      featureExtractor: { fieldPassthrough: [] },
    });
    expect(collection.source).toEqual({ type: 'collection', bucketIds: [], collectionIds: [w.original.collectionId] });
    expect(collection.featureExtractor.inputMappings).toEqual({ text: 'text' });
  });
});
