import { DomainError, ValidationError } from '@strata/domain';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { CreateUpload, type CheckedUpload, type CreateUploadCommand, type CreatedUpload } from './create-upload';

/** Mixpeek's limit for one bulk create or confirm. */
export const MAX_UPLOADS_PER_BATCH = 100;

/**
 * Starts up to 100 uploads in one call (Mixpeek's `POST /v1/buckets/{bucket}/uploads/batch`).
 * Every upload is checked before any is created, so bad input creates nothing and the error
 * names the upload to fix (`uploads[2]: ...`). Shared metadata is merged under each upload's own.
 */
export class CreateUploadsBatch {
  private readonly create: CreateUpload;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>, maxBytes: number) {
    this.create = new CreateUpload(deps, maxBytes);
  }

  /** @throws NotFoundError (bucket), ValidationError (an upload, by index) */
  async execute(
    namespaceId: string,
    bucketIdOrName: string,
    commands: readonly CreateUploadCommand[],
    shared: { metadata: Record<string, unknown>; objectMetadata: Record<string, unknown> },
  ): Promise<CreatedUpload[]> {
    if (commands.length === 0 || commands.length > MAX_UPLOADS_PER_BATCH) {
      throw new ValidationError(`uploads must hold 1 to ${MAX_UPLOADS_PER_BATCH} uploads, not ${commands.length}`);
    }
    const bucket = await new GetBucket(this.deps).execute(namespaceId, bucketIdOrName);
    const merged = commands.map((c) => ({
      ...c,
      namespaceId,
      bucket: bucket.bucketId,
      metadata: { ...shared.metadata, ...c.metadata },
      objectMetadata: { ...shared.objectMetadata, ...c.objectMetadata },
    }));
    const checked: CheckedUpload[] = merged.map((c, i) => {
      try {
        return this.create.check(bucket, c);
      } catch (error) {
        if (error instanceof DomainError) throw new ValidationError(`uploads[${i}]: ${error.message}`);
        throw error;
      }
    });
    const created: CreatedUpload[] = [];
    for (const [i, c] of merged.entries()) created.push(await this.create.executeIn(bucket, c, checked[i] as CheckedUpload));
    return created;
  }
}
