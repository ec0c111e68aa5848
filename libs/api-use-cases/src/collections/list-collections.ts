import { Collection } from '@strata/domain';
import { type ListFilter, type ListRequest, collectionRecord } from '@strata/contracts';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

function filterFields(f: ListFilter | null): string[] {
  if (f === null) return [];
  return 'logic' in f ? f.children.flatMap(filterFields) : [f.field];
}

/**
 * Whether a request reads `output_schema` (the extractor registry's, not stored with the
 * collection) or searches (search reads every field): those are scanned here, the rest run in the
 * store (docs/adr/0079).
 */
function readsOutputSchema(request: ListRequest): boolean {
  if (request.search !== null) return true;
  return [...filterFields(request.filter), ...request.sort.map((s) => s.field)].some((p) => p === 'output_schema' || p.startsWith('output_schema.'));
}

export class ListCollections {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'extractors'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Collection>> {
    const outputSchemaOf = (c: Collection) =>
      this.deps.extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version)?.outputSchema ?? null;
    const collections = this.deps.metadata.collections;
    return listFiltered(
      query,
      (p) => collections.list(namespaceId, p),
      (c) => collectionRecord(c, outputSchemaOf(c)),
      (request) => (readsOutputSchema(request) ? Promise.resolve(null) : collections.query(namespaceId, request)),
    );
  }
}
