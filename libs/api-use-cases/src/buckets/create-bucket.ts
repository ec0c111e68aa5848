import { Bucket, BucketSchema, isoNow, newId, UniqueKeyConfig, ValidationError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

/** Schema types whose values can form a unique key (scalars kept in metadata). */
const UNIQUE_KEY_TYPES = new Set(['string', 'number', 'integer', 'float', 'boolean', 'date', 'datetime']);

export const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export interface CreateBucketCommand {
  namespaceId: string;
  bucketName: string;
  description: string | null;
  bucketSchema: BucketSchema;
  uniqueKey?: UniqueKeyConfig | null;
  metadata: Record<string, unknown>;
}

export class CreateBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  async execute(command: CreateBucketCommand): Promise<Bucket> {
    if (!BUCKET_NAME.test(command.bucketName)) {
      throw new ValidationError('bucket_name must be 1-100 characters of letters, digits, ".", "_" or "-"');
    }
    const bad = Object.keys(command.bucketSchema.properties).filter((p) => !PROPERTY.test(p));
    if (bad.length > 0) {
      throw new ValidationError(
        `bucket_schema property names must start with a letter or "_" and hold letters, digits or "_": ${bad.join(', ')}`,
      );
    }
    const uniqueKey = command.uniqueKey ?? null;
    if (uniqueKey !== null) {
      const fields = uniqueKey.fields;
      if (fields.length === 0) throw new ValidationError('unique_key.fields must name at least one field');
      if (new Set(fields).size !== fields.length) throw new ValidationError('unique_key.fields must not repeat a field');
      for (const field of fields) {
        const declared = command.bucketSchema.properties[field];
        if (declared === undefined) {
          throw new ValidationError(`unique_key field '${field}' is not in bucket_schema.properties; declare it as a scalar field first`);
        }
        if (!UNIQUE_KEY_TYPES.has(declared.type)) {
          throw new ValidationError(
            `unique_key field '${field}' is a ${declared.type} field; unique keys use scalar fields (${[...UNIQUE_KEY_TYPES].join(', ')})`,
          );
        }
      }
    }
    const now = isoNow(this.deps.clock);
    const bucket: Bucket = {
      namespaceId: command.namespaceId,
      bucketId: newId('bucket'),
      bucketName: command.bucketName,
      description: command.description,
      bucketSchema: command.bucketSchema,
      uniqueKey,
      metadata: command.metadata,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.metadata.buckets.create(bucket);
    return bucket;
  }
}
