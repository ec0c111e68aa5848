import { ValidationError } from '@strata/domain';
import { ExtractorDefinition, extractorKey } from './extractor';
import { imageExtractor } from './image-extractor';
import { mediaExtractor } from './media-extractor';
import { passthroughExtractor } from './passthrough-extractor';
import { pdfExtractor } from './pdf-extractor';
import { textExtractor } from './text-extractor';
import { ExtractorRuntime } from './runtime';

/** The versioned extractors this build knows, by `name@version`. */
export class ExtractorRegistry {
  private readonly byKey = new Map<string, ExtractorDefinition<unknown>>();

  constructor(definitions: ReadonlyArray<ExtractorDefinition<never>>) {
    for (const definition of definitions) {
      const key = extractorKey(definition);
      if (this.byKey.has(key)) throw new Error(`extractor ${key} registered twice`);
      this.byKey.set(key, definition as unknown as ExtractorDefinition<unknown>);
    }
  }

  list(): ExtractorDefinition<unknown>[] {
    return [...this.byKey.values()];
  }

  find(name: string, version: string): ExtractorDefinition<unknown> | undefined {
    return this.byKey.get(`${name}@${version}`);
  }

  /** @throws ValidationError naming the extractors that exist. */
  get(name: string, version: string): ExtractorDefinition<unknown> {
    const found = this.find(name, version);
    if (found === undefined) {
      const known = [...this.byKey.keys()].join(', ');
      throw new ValidationError(`feature extractor ${name}@${version} does not exist; available: ${known}`);
    }
    return found;
  }

  getByKey(key: string): ExtractorDefinition<unknown> {
    const [name, version] = key.split('@');
    return this.get(name ?? '', version ?? '');
  }
}

/**
 * The built-in extractors running with `runtime` (the default one: no API key, no models folder,
 * two isolated children), plus `extra` ones (remote extractors declared to this installation).
 */
export function builtinExtractors(runtime: ExtractorRuntime = new ExtractorRuntime(), extra: ReadonlyArray<ExtractorDefinition<never>> = []): ExtractorRegistry {
  return new ExtractorRegistry([
    textExtractor(runtime) as unknown as ExtractorDefinition<never>,
    passthroughExtractor as unknown as ExtractorDefinition<never>,
    imageExtractor as unknown as ExtractorDefinition<never>,
    pdfExtractor(runtime) as unknown as ExtractorDefinition<never>,
    mediaExtractor(runtime) as unknown as ExtractorDefinition<never>,
    ...extra,
  ]);
}
