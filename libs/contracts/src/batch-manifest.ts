/**
 * The manifest the API writes to object storage when a batch is submitted (the batch's
 * `manifestKey`), read by the poller to fan tier 0 out and to plan tier 0 of a retry round.
 * A cross-process format: removing or renaming a field is a breaking change that needs a new
 * `version`.
 */
export interface BatchManifestV1 {
  version: 1;
  batch_id: string;
  namespace_id: string;
  bucket_id: string;
  tiers: Array<{ tier: number; source_type: 'bucket' | 'collection'; collection_ids: string[] }>;
  object_ids: string[];
}
