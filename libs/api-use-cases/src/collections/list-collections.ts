import { Collection } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/** The fields collection filters and sorts see (the public field names). */
export function collectionRecord(c: Collection): Record<string, unknown> {
  const fe = c.featureExtractor;
  return {
    collection_id: c.collectionId,
    collection_name: c.collectionName,
    description: c.description,
    enabled: c.enabled,
    metadata: c.metadata,
    source: { type: c.source.type, bucket_ids: c.source.bucketIds, collection_ids: c.source.collectionIds },
    feature_extractor: {
      feature_extractor_name: fe.featureExtractorName,
      version: fe.version,
      feature_extractor_id: `${fe.featureExtractorName}_${fe.version}`,
    },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export class ListCollections {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Collection>> {
    return listFiltered(query, (p) => this.deps.metadata.collections.list(namespaceId, p), collectionRecord);
  }
}
