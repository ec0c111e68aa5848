import type { Collection } from '@strata/domain';
import type { ExtractorRegistry } from '@strata/extractors';
import type { IngestionUseCases } from '../ingestion.provider';
import { collectionResponse } from './presenters';
import type { CollectionResponse } from './schemas';

type BucketSchemaShape = CollectionResponse['input_schema'];

/** Mixpeek's field types; a JSON Schema type outside them is shown as `object`. */
const FIELD_TYPES = new Set(['string', 'number', 'integer', 'float', 'boolean', 'object', 'array', 'date', 'datetime', 'text', 'image', 'audio', 'video', 'pdf', 'excel']);

/** An extractor's JSON Schema output as a bucket schema (Mixpeek's BucketSchema: a type per property). */
export function bucketSchemaOf(jsonSchema: Record<string, unknown> | null | undefined): BucketSchemaShape {
  const properties: BucketSchemaShape['properties'] = {};
  const declared = (jsonSchema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, field] of Object.entries(declared)) {
    const raw = Array.isArray(field['type']) ? (field['type'] as unknown[]).find((t) => t !== 'null') : field['type'];
    const type = typeof raw === 'string' && FIELD_TYPES.has(raw) ? raw : 'object';
    properties[name] = typeof field['description'] === 'string' ? { type, description: field['description'] } : { type };
  }
  return { properties };
}

/**
 * A collection with what it reads (`input_schema`: its source buckets' schemas, or its source
 * collections' output fields), what it writes (`output_schema`) and its document count.
 */
export async function presentCollection(
  useCases: IngestionUseCases,
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
      if (source !== null) Object.assign(input.properties, bucketSchemaOf(outputOf(source)).properties);
    }
  }
  const count = await useCases.deps.metadata.documents.count(namespaceId, collection.collectionId);
  return collectionResponse(collection, bucketSchemaOf(outputOf(collection)), input, count);
}
