import { Namespace } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { namespaceRecord } from '@strata/contracts';

export class ListNamespaces {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(query: ListQuery): Promise<ListResult<Namespace>> {
    return listFiltered(query, (p) => this.deps.metadata.namespaces.list(p), namespaceRecord, (request) => this.deps.metadata.namespaces.query(request));
  }
}
