import { Collection } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { collectionRecord } from '@strata/contracts';

export class ListCollections {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'extractors'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Collection>> {
    const outputSchemaOf = (c: Collection) =>
      this.deps.extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version)?.outputSchema ?? null;
    return listFiltered(query, (p) => this.deps.metadata.collections.list(namespaceId, p), (c) => collectionRecord(c, outputSchemaOf(c)));
  }
}
