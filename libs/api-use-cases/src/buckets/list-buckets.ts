import { Bucket } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/** The fields bucket filters and sorts see (the public field names). Kept equal to the list response (apps/batch-api/src/http/public-fields.spec.ts). */
export function bucketRecord(b: Bucket): Record<string, unknown> {
  return {
    bucket_id: b.bucketId,
    bucket_name: b.bucketName,
    description: b.description,
    bucket_schema: b.bucketSchema,
    metadata: b.metadata,
    status: 'ACTIVE',
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
