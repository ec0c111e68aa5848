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

/**
 * Version 2 (docs/adr/0100-paged-batch-objects.md): the object ids left the manifest for the paged
 * batch-objects store; the manifest is the submit-time tier plan and the object count. The poller
 * does not read it (the tiers are in the batch's tier rows); it stays as the audit copy of the plan.
 */
export interface BatchManifestV2 {
  version: 2;
  batch_id: string;
  namespace_id: string;
  bucket_id: string;
  tiers: Array<{ tier: number; source_type: 'bucket' | 'collection'; collection_ids: string[] }>;
  object_count: number;
}
