import { BatchStatus, Bucket, BucketSchema, NotFoundError, Task, UniqueKeyConfig, ValidationError, isoNow, newId } from '@strata/domain';
import type { IngestionDeps } from './deps';
import type { ListQuery, ListResult } from './namespaces';
import { listFiltered } from './record-filter';

/** Schema types whose values can form a unique key (scalars kept in metadata). */
const UNIQUE_KEY_TYPES = new Set(['string', 'number', 'integer', 'float', 'boolean', 'date', 'datetime']);

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
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
    if (!NAME.test(command.bucketName)) {
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

export class GetBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError */
  async execute(namespaceId: string, idOrName: string): Promise<Bucket> {
    const found = await this.deps.metadata.buckets.findByIdOrName(namespaceId, idOrName);
    if (found === null) throw new NotFoundError('bucket', idOrName);
    return found;
  }
}

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
    if (command.bucketName !== undefined && !NAME.test(command.bucketName)) {
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

export interface BucketStats {
  objectCount: number;
  totalSizeBytes: number;
  batchStats: { total: number; active: number; completed: number; failed: number };
}

const ACTIVE: ReadonlySet<BatchStatus> = new Set(['DRAFT', 'QUEUED', 'PROCESSING']);
const COMPLETED: ReadonlySet<BatchStatus> = new Set(['COMPLETED', 'COMPLETED_WITH_ERRORS']);

export class DescribeBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** The bucket with its object count, summed blob sizes and batch counts. @throws NotFoundError */
  async execute(namespaceId: string, idOrName: string): Promise<{ bucket: Bucket; stats: BucketStats }> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, idOrName);
    return { bucket, stats: await this.stats(bucket) };
  }

  async stats(bucket: Bucket): Promise<BucketStats> {
    const raw = await this.deps.metadata.buckets.stats(bucket.namespaceId, bucket.bucketId);
    const batchStats = { total: 0, active: 0, completed: 0, failed: 0 };
    for (const [status, n] of Object.entries(raw.batchesByStatus) as Array<[BatchStatus, number]>) {
      batchStats.total += n;
      if (ACTIVE.has(status)) batchStats.active += n;
      else if (COMPLETED.has(status)) batchStats.completed += n;
      else if (status === 'FAILED') batchStats.failed += n;
    }
    return { objectCount: raw.objectCount, totalSizeBytes: raw.totalSizeBytes, batchStats };
  }
}

/** The fields bucket filters and sorts see (the public field names). */
export function bucketRecord(b: Bucket): Record<string, unknown> {
  return {
    bucket_id: b.bucketId,
    bucket_name: b.bucketName,
    description: b.description,
    metadata: b.metadata,
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

/**
 * Deletes a bucket as a task: its blobs and uploads (object storage prefix), its batches'
 * manifests, then the rows (objects, uploads, batches, bucket) in one transaction. Collections
 * that read from it and their documents stay, as in Mixpeek.
 */
export class DeleteBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks' | 'clock' | 'logger'>) {}

  async start(namespaceId: string, idOrName: string): Promise<{ task: Task; bucket: Bucket; stats: BucketStats; run: () => Promise<void> }> {
    const bucket = await new GetBucket(this.deps).execute(namespaceId, idOrName);
    const stats = await new DescribeBucket(this.deps).stats(bucket);
    const now = isoNow(this.deps.clock);
    const task = await this.deps.tasks.create({
      taskId: newId('task'),
      taskType: 'api_buckets_delete',
      status: 'PENDING',
      inputs: [bucket.bucketId],
      outputs: null,
      additionalData: { namespace_id: namespaceId, bucket_id: bucket.bucketId, bucket_name: bucket.bucketName, object_count: stats.objectCount },
      error: null,
      createdAt: now,
      updatedAt: now,
    });
    const run = async (): Promise<void> => {
      try {
        await this.deps.tasks.update(task.taskId, { status: 'PROCESSING', updatedAt: isoNow(this.deps.clock) });
        const manifests: string[] = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await this.deps.metadata.batches.list(namespaceId, bucket.bucketId, { status: null, offset, limit: 1000 });
          for (const b of page.results) if (b.manifestKey !== null) manifests.push(b.manifestKey);
          if (page.results.length < 1000) break;
        }
        for (const key of manifests) await this.deps.objects.delete(key);
        const blobs = await this.deps.objects.deletePrefix(`${namespaceId}/buckets/${bucket.bucketId}/`);
        await this.deps.metadata.buckets.delete(namespaceId, bucket.bucketId);
        await this.deps.tasks.update(task.taskId, {
          status: 'COMPLETED',
          outputs: [{ bucket_id: bucket.bucketId, deleted_blobs: blobs, deleted_batches: manifests.length }],
          updatedAt: isoNow(this.deps.clock),
        });
      } catch (error) {
        this.deps.logger.error({ bucket_id: bucket.bucketId, err: (error as Error).message }, 'bucket delete failed');
        await this.deps.tasks
          .update(task.taskId, { status: 'FAILED', error: (error as Error).message, updatedAt: isoNow(this.deps.clock) })
          .catch(() => undefined);
      }
    };
    return { task, bucket, stats, run };
  }
}
