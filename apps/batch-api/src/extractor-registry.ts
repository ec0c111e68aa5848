import { ExtractorDefinition, ExtractorRegistry, builtinExtractors, parseRemoteSpecs, remoteExtractor } from '@strata/extractors';
import { NatsRequestReply } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import { readFileSync } from 'node:fs';

/** The built-in extractors plus the remote ones declared in `file` (same list in the API and the workers). */
export function extractorRegistry(file: string, nc: NatsConnection, prefix: string): ExtractorRegistry {
  if (file === '') return builtinExtractors();
  const transport = new NatsRequestReply(nc);
  const remote = parseRemoteSpecs(readFileSync(file, 'utf8')).map(
    (spec) => remoteExtractor(spec, transport, prefix) as unknown as ExtractorDefinition<never>,
  );
  return builtinExtractors(remote);
}
