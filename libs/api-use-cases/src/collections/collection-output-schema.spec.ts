import { bucketSchemaOf, collectionRecord } from '@strata/contracts';
import { Collection, newId } from '@strata/domain';
import { builtinExtractors } from '@strata/extractors';
import { InMemoryMetadataStore, InMemoryObjectStorage, InMemoryVectorStore, ManualClock, RecordingPublisher } from '@strata/fakes';
import { type Logger, silentLogger } from '@strata/ports';
import { BackfillCollectionOutputSchemas, CreateBucket, CreateCollection, CreateNamespace, ListCollections } from '../index';

/** A logger that keeps its info lines (the backfill reports its counts there). */
function recordingLogger(): Logger & { infos: Array<{ bindings: Record<string, unknown>; message: string }> } {
  const infos: Array<{ bindings: Record<string, unknown>; message: string }> = [];
  const logger = { ...silentLogger, infos, info: (bindings: Record<string, unknown>, message: string) => void infos.push({ bindings, message }), child: () => logger };
  return logger;
}

async function world() {
  const deps = {
    metadata: new InMemoryMetadataStore(),
    objects: new InMemoryObjectStorage(),
    vectors: new InMemoryVectorStore(),
    extractors: builtinExtractors(),
    clock: new ManualClock(),
    logger: recordingLogger(),
    events: new RecordingPublisher(),
  };
  const ns = await new CreateNamespace(deps).execute({ namespaceName: 'schemas', description: null });
  // One field per built-in extractor input, named after it, so every input mapping is inferred.
  const bucket = await new CreateBucket(deps).execute({
    namespaceId: ns.namespaceId,
    bucketName: 'everything',
    description: null,
    bucketSchema: { properties: { text: { type: 'text' }, image: { type: 'image' }, pdf: { type: 'pdf' }, media: { type: 'video' } } },
    metadata: {},
  });
  /** A collection as a store written before output_schema was kept holds it: without one. */
  const legacy = async (name: string, extractor: string, version: string): Promise<Collection> => {
    const now = deps.clock.iso();
    const c: Collection = {
      namespaceId: ns.namespaceId,
      collectionId: newId('collection'),
      collectionName: name,
      description: null,
      source: { type: 'bucket', bucketIds: [bucket.bucketId], collectionIds: [] },
      featureExtractor: { featureExtractorName: extractor, version, parameters: {}, inputMappings: {} },
      vectorIndexes: [],
      enabled: true,
      metadata: {},
      createdAt: now,
      updatedAt: now,
    };
    await deps.metadata.collections.create(c);
    deps.clock.advance(1_000);
    return c;
  };
  return { deps, ns: ns.namespaceId, bucket, legacy };
}

/** The output_schema as the API computed it before it was stored: from the registry, on every read. */
function registryOutputSchema(deps: Awaited<ReturnType<typeof world>>['deps'], c: Collection): Record<string, unknown> | null {
  return deps.extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version)?.outputSchema ?? null;
}

describe('a collection\'s stored output_schema', () => {
  it('is the registry\'s, for every built-in extractor: CreateCollection stores it and the public record shows the same as before', async () => {
    const { deps, ns, bucket } = await world();
    const extractors = deps.extractors.list();
    expect(extractors.length).toBeGreaterThanOrEqual(5);
    for (const e of extractors) {
      const created = await new CreateCollection(deps).execute({
        namespaceId: ns,
        collectionName: `c-${e.name}-${e.version}`,
        description: null,
        source: { type: 'bucket', bucketIds: [bucket.bucketId], collectionIds: [] },
        featureExtractor: { featureExtractorName: e.name, version: e.version, parameters: {}, inputMappings: null },
        enabled: true,
        metadata: {},
      });
      const stored = await deps.metadata.collections.findByIdOrName(ns, created.collectionId);
      expect({ extractor: e.name, stored: stored?.outputSchema }).toEqual({ extractor: e.name, stored: bucketSchemaOf(e.outputSchema) });
      expect(Object.keys(stored?.outputSchema?.properties ?? {}).length).toBeGreaterThan(0);
      const { outputSchema: _kept, ...withoutStored } = stored as Collection;
      expect(collectionRecord(stored as Collection, e.outputSchema)).toEqual(collectionRecord(withoutStored, e.outputSchema));
    }
    expect(await deps.metadata.collections.hasMissingOutputSchema(ns)).toBe(false);
  });

  it('is backfilled from the registry for collections stored without one, in batches, once; an unknown extractor is left to the registry at read', async () => {
    const { deps, ns, legacy } = await world();
    const extractors = deps.extractors.list();
    for (const e of extractors) await legacy(`old-${e.name}`, e.name, e.version);
    const gone = await legacy('old-gone', 'gone_extractor', 'v1');
    expect(await deps.metadata.collections.hasMissingOutputSchema(ns)).toBe(true);

    const backfill = new BackfillCollectionOutputSchemas(deps);
    expect(await backfill.execute(2)).toEqual({ stored: extractors.length, unknownExtractor: 1 });
    expect(deps.logger.infos.at(-1)?.bindings).toEqual({ stored: extractors.length, unknown_extractor: 1 });
    const { results } = await deps.metadata.collections.list(ns, { offset: 0, limit: 100 });
    for (const c of results.filter((x) => x.collectionId !== gone.collectionId)) {
      expect({ name: c.collectionName, stored: c.outputSchema }).toEqual({ name: c.collectionName, stored: bucketSchemaOf(registryOutputSchema(deps, c)) });
    }
    // The unknown one keeps no stored schema: reads show what the registry gives (nothing), as before.
    const left = results.find((x) => x.collectionId === gone.collectionId) as Collection;
    expect(left.outputSchema).toBeUndefined();
    expect(collectionRecord(left, registryOutputSchema(deps, left)).output_schema).toEqual({ properties: {} });

    // Idempotent: a second run (another replica, the next start) changes nothing.
    expect(await backfill.execute(2)).toEqual({ stored: 0, unknownExtractor: 1 });
    expect((await deps.metadata.collections.list(ns, { offset: 0, limit: 100 })).results).toEqual(results);
  });

  it('ListCollections scans a request reading output_schema while a collection has none stored, and sends it to the store once backfilled', async () => {
    const { deps, ns, legacy } = await world();
    await legacy('chunks', 'text_extractor', 'v1');
    await legacy('frames', 'video_extractor', 'v1');
    await legacy('pages', 'pdf_extractor', 'v1');
    const list = new ListCollections(deps);
    const query = jest.spyOn(deps.metadata.collections, 'query');
    const names = async (q: Parameters<ListCollections['execute']>[1]) => (await list.execute(ns, q)).results.map((c) => c.collectionName);
    const bySchema = { offset: 0, limit: 10, filters: { field: 'output_schema.properties.page_number.type', operator: 'eq', value: 'integer' } };
    // Only the text extractor's output_schema says `franc` (its language field's description).
    const bySearch = { offset: 0, limit: 10, search: 'franc' };
    const byName = { offset: 0, limit: 10, sort: { field: 'collection_name', direction: 'desc' as const } };

    const before = { schema: await names(bySchema), search: await names(bySearch), name: await names(byName) };
    // Only the request that does not read output_schema reached the store.
    expect(query).toHaveBeenCalledTimes(1);
    expect(before.schema).toEqual(['pages']);
    expect(before.search).toEqual(['chunks']);
    expect(before.name).toEqual(['pages', 'frames', 'chunks']);

    await new BackfillCollectionOutputSchemas({ ...deps, logger: silentLogger }).execute();
    query.mockClear();
    const after = { schema: await names(bySchema), search: await names(bySearch), name: await names(byName) };
    expect(query).toHaveBeenCalledTimes(3);
    expect(after).toEqual(before);
  });
});
