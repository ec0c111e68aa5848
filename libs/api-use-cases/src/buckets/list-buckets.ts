import { Bucket } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { bucketRecord } from '@strata/contracts';

export class ListBuckets {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Bucket>> {
    return listFiltered(query, (p) => this.deps.metadata.buckets.list(namespaceId, p), bucketRecord, (request) => this.deps.metadata.buckets.query(namespaceId, request));
  }
}
