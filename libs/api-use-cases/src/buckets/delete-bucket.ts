import { Bucket, isoNow, newId, Task } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { type BucketStats, DescribeBucket } from './describe-bucket';
import { GetBucket } from './get-bucket';

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
