import { BadRequestError, BatchPolicy, Task, ValidationError } from '@strata/domain';
import { CreateBatch } from '../batches/create-batch';
import { SubmitBatch } from '../batches/submit-batch';
import { GetBucket } from '../buckets/get-bucket';
import { selectObjectIds } from '../objects/select-object-ids';
import type { IngestionDeps } from '../shared/deps';
import { compileFilter } from '../shared/record-filter';
import { GetCollection } from './get-collection';

export type RunBatchDeps = Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks' | 'events' | 'wakeUps' | 'clock' | 'logger' | 'workChunkSize'>;

export interface TriggerResult {
  collectionId: string;
  batches: Array<{ batchId: string; bucketId: string; task: Task; objectCount: number }>;
  totalTiers: number;
}

/**
 * POST /v1/collections/{id}/trigger: discovers the objects of the collection's source bucket(s)
 * (optionally filtered), then creates and submits one batch per bucket that runs this collection
 * and the collections downstream of it. Unchanged objects are skipped by the workers unless
 * `force` (incremental re-processing).
 */
export class TriggerCollection {
  private readonly collections: GetCollection;
  private readonly buckets: GetBucket;
  private readonly create: CreateBatch;
  private readonly submit: SubmitBatch;

  constructor(private readonly deps: RunBatchDeps) {
    this.collections = new GetCollection(deps);
    this.buckets = new GetBucket(deps);
    this.create = new CreateBatch(deps);
    this.submit = new SubmitBatch(deps);
  }

  async execute(command: {
    namespaceId: string;
    collection: string;
    includeBuckets: string[] | null;
    sourceFilters: Record<string, unknown> | null;
    policy: BatchPolicy;
    correlationId?: string;
  }): Promise<TriggerResult> {
    const collection = await this.collections.execute(command.namespaceId, command.collection);
    if (collection.source.type !== 'bucket') {
      throw new BadRequestError(
        `collection ${collection.collectionName} sources other collections; trigger the bucket-sourced collection it descends from instead (its batch runs this one too)`,
      );
    }
    let bucketIds = collection.source.bucketIds;
    if (command.includeBuckets !== null) {
      const wanted: string[] = [];
      for (const b of command.includeBuckets) {
        const bucket = await this.buckets.execute(command.namespaceId, b);
        if (!bucketIds.includes(bucket.bucketId)) {
          throw new ValidationError(`include_buckets: bucket ${b} is not a source of collection ${collection.collectionName}`);
        }
        wanted.push(bucket.bucketId);
      }
      bucketIds = [...new Set(wanted)];
    }
    if (command.sourceFilters !== null) compileFilter(command.sourceFilters); // a bad filter is a 4xx before anything is written
    const batches: TriggerResult['batches'] = [];
    let totalTiers = 1;
    for (const bucketId of bucketIds) {
      const objectIds = await selectObjectIds(this.deps, command.namespaceId, bucketId, { filters: command.sourceFilters });
      if (objectIds.length === 0) continue;
      const batch = await this.create.execute({
        namespaceId: command.namespaceId,
        bucket: bucketId,
        objectIds,
        metadata: { triggered_by: { collection_id: collection.collectionId } },
        policy: command.policy,
      });
      const task = await this.submit.execute({
        namespaceId: command.namespaceId,
        bucket: bucketId,
        batchId: batch.batchId,
        includeProcessingHistory: true,
        rootCollectionIds: [collection.collectionId],
        correlationId: command.correlationId,
      });
      totalTiers = Math.max(totalTiers, Number((task.additionalData['total_tiers'] as number | undefined) ?? 1));
      batches.push({ batchId: batch.batchId, bucketId, task, objectCount: objectIds.length });
    }
    if (batches.length === 0) {
      throw new BadRequestError(
        `no object of bucket(s) ${bucketIds.join(', ')} matches; nothing to process for collection ${collection.collectionName}`,
      );
    }
    return { collectionId: collection.collectionId, batches, totalTiers };
  }
}
