import { Bucket } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/**
 * A bucket under its public names without the figures computed per request (object_count,
 * total_size_bytes, batch_stats): the API's response builds on it, and filters and sorts see it.
 */
export function bucketRecord(b: Bucket) {
  return {
    bucket_id: b.bucketId,
    bucket_name: b.bucketName,
    description: b.description,
    bucket_schema: b.bucketSchema,
    metadata: b.metadata,
    status: 'ACTIVE' as const,
    unique_key: b.uniqueKey ? { fields: b.uniqueKey.fields, default_policy: b.uniqueKey.defaultPolicy } : null,
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
