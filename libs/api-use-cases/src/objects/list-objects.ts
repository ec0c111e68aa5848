import { StoredObject } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/** The fields object filters, sorts and search see: the public field names of ObjectResponse. Kept equal to the list response (apps/batch-api/src/http/public-fields.spec.ts). */
export function objectRecord(o: StoredObject): Record<string, unknown> {
  return {
    object_id: o.objectId,
    bucket_id: o.bucketId,
    key_prefix: o.keyPrefix,
    metadata: o.metadata,
    status: 'DRAFT',
    blobs: o.blobs.map((b) => ({
      blob_id: b.blobId,
      property: b.property,
      type: b.type,
      key_prefix: o.keyPrefix,
      properties: {},
      details: { filename: b.filename, size_bytes: b.sizeBytes, mime_type: b.mimeType, hash: b.hash },
    })),
    source_details: [{ type: 'bucket', source_id: o.bucketId }],
    error: null,
    content_hash: o.blobs[0]?.hash ?? null,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export class ListObjects {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError (bucket), ValidationError (filters, sort) */
  async execute(namespaceId: string, bucketIdOrName: string, query: ListQuery): Promise<ListResult<StoredObject>> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    return listFiltered(query, (p) => this.deps.metadata.objects.list(namespaceId, bucket.bucketId, p), objectRecord);
  }
}
