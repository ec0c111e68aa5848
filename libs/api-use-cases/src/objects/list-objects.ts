import { StoredObject } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';

/** An object under its public names (ObjectResponse): the API's response, and what filters, sorts and search see. */
export function objectRecord(o: StoredObject) {
  return {
    object_id: o.objectId,
    bucket_id: o.bucketId,
    key_prefix: o.keyPrefix,
    metadata: o.metadata,
    status: 'DRAFT' as const,
    blobs: o.blobs.map((b) => ({
      blob_id: b.blobId,
      property: b.property,
      type: b.type,
      key_prefix: o.keyPrefix,
      properties: {},
      details: { filename: b.filename, size_bytes: b.sizeBytes, mime_type: b.mimeType, hash: b.hash },
    })),
    source_details: [{ type: 'bucket' as const, source_id: o.bucketId }],
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
