import { ExtractorDefinition, ExtractorRegistry, extractorKey } from '@strata/extractors';
import { inSpan, traceMethods } from '@strata/platform';
import type { MetadataStore, Metrics, VectorStore } from '@strata/ports';

/**
 * The registry with every extractor's `run` timed (strata_extractor_duration_seconds) and traced
 * (span `extractor <name@version>`), so the use case calls extractors unchanged.
 */
export function instrumentedRegistry(registry: ExtractorRegistry, metrics: Metrics): ExtractorRegistry {
  const wrapped = registry.list().map((definition) => {
    const key = extractorKey(definition);
    const run: ExtractorDefinition<unknown>['run'] = (inputs, params, context) =>
      inSpan(`extractor ${key}`, { attributes: { 'strata.extractor': key, 'strata.inputs': inputs.length } }, async () => {
        const started = performance.now();
        try {
          return await definition.run(inputs, params, context);
        } finally {
          metrics.extractorDuration(key, (performance.now() - started) / 1000);
        }
      });
    // A prototype link keeps the definition's other members (getters, methods) as they are.
    return Object.assign(Object.create(definition) as ExtractorDefinition<unknown>, { run }) as unknown as ExtractorDefinition<never>;
  });
  return new ExtractorRegistry(wrapped);
}

/** Vector writes as spans (`vector_store.upsert`, `vector_store.deleteWhere`). */
export function tracedVectorStore(store: VectorStore): VectorStore {
  return traceMethods(store, 'vector_store', ['upsert', 'deleteWhere']);
}

/** Document metadata writes and progress records as spans (`metadata.documents.upsertMany`, ...). */
export function tracedMetadataStore(store: MetadataStore): MetadataStore {
  const documents = traceMethods(store.documents, 'metadata.documents', ['upsertMany', 'delete']);
  const batches = traceMethods(store.batches, 'metadata.batches', ['recordOutcomes']);
  return new Proxy(store, {
    get(t, prop) {
      if (prop === 'documents') return documents;
      if (prop === 'batches') return batches;
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}
