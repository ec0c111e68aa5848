import { Bucket } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/** The fields bucket filters and sorts see (the public field names). */
export function bucketRecord(b: Bucket): Record<string, unknown> {
  return {
    bucket_id: b.bucketId,
    bucket_name: b.bucketName,
    description: b.description,
    metadata: b.metadata,
    created_at: b.createdAt,
    updated_at: b.updatedAt,
  };
}

export class ListBuckets {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(namespaceId: string, query: ListQuery): Promise<ListResult<Bucket>> {
    return listFiltered(query, (p) => this.deps.metadata.buckets.list(namespaceId, p), bucketRecord);
  }
}
