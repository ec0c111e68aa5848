import { Bucket, isoNow, NotFoundError, ValidationError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { BUCKET_NAME } from './create-bucket';
import { GetBucket } from './get-bucket';

export interface UpdateBucketCommand {
  namespaceId: string;
  bucket: string;
  bucketName?: string;
  description?: string | null;
  metadata?: Record<string, unknown>;
}

export class UpdateBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  /** @throws NotFoundError, ValidationError, AlreadyExistsError */
  async execute(command: UpdateBucketCommand): Promise<Bucket> {
    if (command.bucketName !== undefined && !BUCKET_NAME.test(command.bucketName)) {
      throw new ValidationError('bucket_name must be 1-100 characters of letters, digits, ".", "_" or "-"');
    }
    const bucket = await new GetBucket(this.deps).execute(command.namespaceId, command.bucket);
    const patch: { bucketName?: string; description?: string | null; metadata?: Record<string, unknown> } = {};
    if (command.bucketName !== undefined) patch.bucketName = command.bucketName;
    if (command.description !== undefined) patch.description = command.description;
    if (command.metadata !== undefined) patch.metadata = command.metadata;
    const updated = await this.deps.metadata.buckets.update(command.namespaceId, bucket.bucketId, patch, isoNow(this.deps.clock));
    if (updated === null) throw new NotFoundError('bucket', command.bucket);
    return updated;
  }
}
