import type { Collection } from '@strata/domain';
import type { ExtractorRegistry } from '@strata/extractors';
import { bucketSchemaOf } from '@strata/api-use-cases';
import type { IngestionUseCases } from '../ingestion.provider';
import type { ResourceUseCases } from '../resource-use-cases.provider';
import { collectionResponse } from './presenters';
import type { CollectionResponse } from './schemas';

type BucketSchemaShape = CollectionResponse['input_schema'];

/**
 * A collection with what it reads (`input_schema`: its source buckets' schemas, or its source
 * collections' output fields), what it writes (`output_schema`) and its document count.
 */
export async function presentCollection(
  useCases: IngestionUseCases,
  resources: ResourceUseCases,
  extractors: ExtractorRegistry,
  namespaceId: string,
  collection: Collection,
): Promise<CollectionResponse> {
  const outputOf = (c: Collection) => extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version)?.outputSchema ?? null;
  const input: BucketSchemaShape = { properties: {} };
  if (collection.source.type === 'bucket') {
    for (const id of collection.source.bucketIds) {
      const bucket = await useCases.getBucket.execute(namespaceId, id).catch(() => null);
      Object.assign(input.properties, bucket?.bucketSchema.properties ?? {});
    }
  } else {
    for (const id of collection.source.collectionIds) {
      const source = await useCases.getCollection.execute(namespaceId, id).catch(() => null);
      if (source !== null) Object.assign(input.properties, (source.outputSchema ?? bucketSchemaOf(outputOf(source))).properties);
    }
  }
  const counts = await resources.countCollectionDocuments.execute(namespaceId, [collection.collectionId]);
  return collectionResponse(collection, outputOf(collection), input, counts.get(collection.collectionId) ?? 0);
}
