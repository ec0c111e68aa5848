import { Collection } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/** Mixpeek's bucket field types; a JSON Schema type outside them is shown as `object`. */
const FIELD_TYPES = new Set(['string', 'number', 'integer', 'float', 'boolean', 'object', 'array', 'date', 'datetime', 'text', 'image', 'audio', 'video', 'pdf', 'excel']);

/** An extractor's JSON Schema output as a bucket schema (Mixpeek's BucketSchema: a type per property), as collections show it. */
export function bucketSchemaOf(jsonSchema: Record<string, unknown> | null | undefined): { properties: Record<string, { type: string; description?: string }> } {
  const properties: Record<string, { type: string; description?: string }> = {};
  const declared = (jsonSchema?.['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, field] of Object.entries(declared)) {
    const raw = Array.isArray(field['type']) ? (field['type'] as unknown[]).find((t) => t !== 'null') : field['type'];
    const type = typeof raw === 'string' && FIELD_TYPES.has(raw) ? raw : 'object';
    properties[name] = typeof field['description'] === 'string' ? { type, description: field['description'] } : { type };
  }
  return { properties };
}

/**
 * A collection under its public names without what is computed per request (input_schema,
 * document_count): the API's response builds on it, and filters and sorts see it.
 * `outputSchema` is its extractor's JSON Schema output.
 */
export function collectionRecord(c: Collection, outputSchema: Record<string, unknown> | null = null) {
  const fe = c.featureExtractor;
  return {
    collection_id: c.collectionId,
    collection_name: c.collectionName,
    description: c.description,
    source:
      c.source.type === 'bucket'
        ? { type: 'bucket' as const, bucket_ids: c.source.bucketIds }
        : { type: 'collection' as const, collection_ids: c.source.collectionIds },
    feature_extractor: {
      feature_extractor_name: fe.featureExtractorName,
      version: fe.version,
      feature_extractor_id: `${fe.featureExtractorName}_${fe.version}`,
      parameters: fe.parameters,
      input_mappings: fe.inputMappings,
      field_passthrough: (fe.fieldPassthrough ?? []).map((f) => ({ source_path: f.sourcePath, target_path: f.targetPath })),
      include_all_source_fields: fe.includeAllSourceFields ?? false,
    },
    output_schema: bucketSchemaOf(outputSchema),
    vector_indexes: c.vectorIndexes.map((v) => ({
      name: v.name,
      description: `${v.name}: ${v.dimensions}-dimensional ${v.distance} vectors of ${fe.featureExtractorName}@${fe.version}`,
      dimensions: v.dimensions,
      type: 'dense' as const,
      distance: v.distance,
      datatype: 'float32' as const,
    })),
    enabled: c.enabled,
    metadata: c.metadata,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export class ListCollections {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'extractors'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Collection>> {
    const outputSchemaOf = (c: Collection) =>
      this.deps.extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version)?.outputSchema ?? null;
    return listFiltered(query, (p) => this.deps.metadata.collections.list(namespaceId, p), (c) => collectionRecord(c, outputSchemaOf(c)));
  }
}
