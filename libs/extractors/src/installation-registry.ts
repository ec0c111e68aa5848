import type { RequestReply } from '@strata/ports';
import { readFileSync } from 'node:fs';
import { ExtractorDefinition } from './extractor';
import { ExtractorRegistry, builtinExtractors } from './registry';
import { parseRemoteSpecs, remoteExtractor } from './remote-extractor';
import type { ExtractorRuntime } from './runtime';

/**
 * The installation's extractors: the built-in ones plus the remote ones declared in
 * `remoteSpecsFile` ('' declares none). The API (to validate collections) and the workers (to
 * run them) build it here from the same config so both know the same list; `runtime` carries
 * the host settings (isolation pool, embedding API key, models folder) the built-in ones use.
 */
export function extractorRegistry(runtime: ExtractorRuntime, remoteSpecsFile: string, transport: RequestReply, prefix: string): ExtractorRegistry {
  if (remoteSpecsFile === '') return builtinExtractors(runtime);
  const remote = parseRemoteSpecs(readFileSync(remoteSpecsFile, 'utf8')).map(
    (spec) => remoteExtractor(spec, transport, prefix) as unknown as ExtractorDefinition<never>,
  );
  return builtinExtractors(runtime, remote);
}
