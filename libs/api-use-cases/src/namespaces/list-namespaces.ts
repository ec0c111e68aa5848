import { Namespace } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/** A namespace under its public names: the API's response (apps/batch-api presenters) and what filters and sorts see. */
export function namespaceRecord(ns: Namespace) {
  return {
    namespace_id: ns.namespaceId,
    namespace_name: ns.namespaceName,
    description: ns.description,
    created_at: ns.createdAt,
    updated_at: ns.updatedAt,
  };
}

export class ListNamespaces {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(query: ListQuery): Promise<ListResult<Namespace>> {
    return listFiltered(query, (p) => this.deps.metadata.namespaces.list(p), namespaceRecord);
  }
}
