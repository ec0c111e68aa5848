import { Collection } from '@strata/domain';
import { type ListFilter, type ListRequest, collectionRecord } from '@strata/contracts';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

function filterFields(f: ListFilter | null): string[] {
  if (f === null) return [];
  return 'logic' in f ? f.children.flatMap(filterFields) : [f.field];
}

/** Whether a request reads `output_schema`: a condition or sort on it, or a search (search reads every field). */
function readsOutputSchema(request: ListRequest): boolean {
  if (request.search !== null) return true;
  return [...filterFields(request.filter), ...request.sort.map((s) => s.field)].some((p) => p === 'output_schema' || p.startsWith('output_schema.'));
}

export class ListCollections {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'extractors'>) {}

  /**
   * Every request runs in the store (docs/adr/0079), output_schema as stored with the collection.
   * One that reads output_schema is scanned here instead while a collection of the namespace has
   * none stored yet (written before it was kept, not backfilled yet): the store would miss it,
   * and the scan gives it the registry's as every read does.
   * @throws ValidationError for a malformed filter or sort
   */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Collection>> {
    const registryOutputSchema = (c: Collection) =>
      this.deps.extractors.find(c.featureExtractor.featureExtractorName, c.featureExtractor.version)?.outputSchema ?? null;
    const collections = this.deps.metadata.collections;
    return listFiltered(
      query,
      (p) => collections.list(namespaceId, p),
      (c) => collectionRecord(c, registryOutputSchema(c)),
      async (request) =>
        readsOutputSchema(request) && (await collections.hasMissingOutputSchema(namespaceId)) ? null : collections.query(namespaceId, request),
    );
  }
}
