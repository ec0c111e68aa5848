import { Bucket, BucketSchema, NotFoundError, ValidationError, isoNow, newId } from '@strata/domain';
import type { IngestionDeps } from './deps';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export interface CreateBucketCommand {
  namespaceId: string;
  bucketName: string;
  description: string | null;
  bucketSchema: BucketSchema;
  metadata: Record<string, unknown>;
}

export class CreateBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  async execute(command: CreateBucketCommand): Promise<Bucket> {
    if (!NAME.test(command.bucketName)) {
      throw new ValidationError('bucket_name must be 1-100 characters of letters, digits, ".", "_" or "-"');
    }
    const bad = Object.keys(command.bucketSchema.properties).filter((p) => !PROPERTY.test(p));
    if (bad.length > 0) {
      throw new ValidationError(
        `bucket_schema property names must start with a letter or "_" and hold letters, digits or "_": ${bad.join(', ')}`,
      );
    }
    const now = isoNow(this.deps.clock);
    const bucket: Bucket = {
      namespaceId: command.namespaceId,
      bucketId: newId('bucket'),
      bucketName: command.bucketName,
      description: command.description,
      bucketSchema: command.bucketSchema,
      metadata: command.metadata,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.metadata.buckets.create(bucket);
    return bucket;
  }
}

export class GetBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError */
  async execute(namespaceId: string, idOrName: string): Promise<Bucket> {
    const found = await this.deps.metadata.buckets.findByIdOrName(namespaceId, idOrName);
    if (found === null) throw new NotFoundError('bucket', idOrName);
    return found;
  }
}
