import { bucketSchemaOf } from '@strata/contracts';
import type { IngestionDeps } from '../shared/deps';

/** What one backfill did: collections given their output_schema, and those whose extractor this registry does not know. */
export interface BackfillOutputSchemasResult {
  stored: number;
  unknownExtractor: number;
}

/**
 * Stores the public output_schema of collections written before it was kept with them (docs/adr/0079),
 * from the extractor registry, as CreateCollection stores it. Run once at batch-api's start:
 * idempotent (a collection that has one is never listed nor overwritten, so replicas starting
 * together do no harm), in bounded batches walked by collection id. A collection whose extractor
 * this registry does not know (a remote extractor no longer declared) is left as it is: readers
 * keep computing its output_schema, and list requests that read it keep scanning that namespace.
 */
export class BackfillCollectionOutputSchemas {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'extractors' | 'logger'>) {}

  async execute(batchSize = 200): Promise<BackfillOutputSchemasResult> {
    const collections = this.deps.metadata.collections;
    const result: BackfillOutputSchemasResult = { stored: 0, unknownExtractor: 0 };
    let after: string | null = null;
    for (;;) {
      const batch = await collections.listMissingOutputSchema(after, batchSize);
      for (const c of batch) {
        const extractor = this.deps.extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version);
        if (extractor === undefined) {
          result.unknownExtractor += 1;
          continue;
        }
        if (await collections.setOutputSchema(c.namespaceId, c.collectionId, bucketSchemaOf(extractor.outputSchema))) result.stored += 1;
      }
      if (batch.length < batchSize) break;
      after = (batch[batch.length - 1] as (typeof batch)[number]).collectionId;
    }
    this.deps.logger.info(
      { stored: result.stored, unknown_extractor: result.unknownExtractor },
      'collection output_schema backfill: stored for collections written before it was kept',
    );
    return result;
  }
}
