/** The manifest a submit writes to object storage: what the poller fans out, tier by tier. */
export interface BatchManifestV1 {
  version: 1;
  batch_id: string;
  namespace_id: string;
  bucket_id: string;
  tiers: Array<{ tier: number; source_type: 'bucket' | 'collection'; collection_ids: string[] }>;
  object_ids: string[];
}

export function manifestKey(namespaceId: string, batchId: string): string {
  return `${namespaceId}/batches/${batchId}/manifest.json`;
}
