import { ExtractorDefinition, ExtractorRegistry } from '@strata/extractors';

/**
 * Fault injection for the test suites only (FAULT_EXTRACTOR_DELAY_MS, docs/reliability.md): every
 * extractor run waits `msPerItem` per input first, as a slow model would (seconds per item). The
 * wait ends early when the run's signal aborts (a cancel), like a real extractor between items.
 * Production code on purpose: the suites drive the same built worker that ships.
 */
export function slowedRegistry(registry: ExtractorRegistry, msPerItem: number): ExtractorRegistry {
  if (msPerItem <= 0) return registry;
  const wrapped = registry.list().map((definition) => {
    const run: ExtractorDefinition<unknown>['run'] = async (inputs, params, context) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, msPerItem * inputs.length);
        context?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return definition.run(inputs, params, context);
    };
    return Object.assign(Object.create(definition) as ExtractorDefinition<unknown>, { run }) as unknown as ExtractorDefinition<never>;
  });
  return new ExtractorRegistry(wrapped);
}
