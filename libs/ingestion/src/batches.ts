import { BatchManifestV1, MAX_TIER, buildBatchEvent } from '@strata/contracts';
import {
  Batch,
  BatchPolicy,
  BatchTier,
  BadRequestError,
  Collection,
  DagNode,
  resolveTiers,
  ConflictError,
  NotFoundError,
  Task,
  ValidationError,
  isoNow,
  newId,
  taskStatusOf,
  draftBatch,
  pendingTier,
} from '@strata/domain';
import { taskProgressOf, transition } from '@strata/status';
import type { IngestionDeps } from './deps';
import { GetBucket } from './buckets';

export function manifestKey(namespaceId: string, batchId: string): string {
  return `${namespaceId}/batches/${batchId}/manifest.json`;
}

const MAX_LISTED = 20;

function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

async function assertObjectsExist(
  deps: Pick<IngestionDeps, 'metadata'>,
  namespaceId: string,
  bucketId: string,
  objectIds: readonly string[],
): Promise<void> {
  if (objectIds.length === 0) throw new ValidationError('object_ids must hold at least one object id');
  const bad = objectIds.filter((id) => typeof id !== 'string' || id.length === 0 || id.length > 128);
  if (bad.length > 0) throw new ValidationError('object_ids must be non-empty strings of at most 128 characters');
  const missing = await deps.metadata.objects.missing(namespaceId, bucketId, objectIds);
  if (missing.length > 0) {
    const listed = missing.slice(0, MAX_LISTED).join(', ');
    throw new ValidationError(
      `${missing.length} object id(s) do not exist in this bucket: ${listed}${missing.length > MAX_LISTED ? ', ...' : ''}`,
      missing.slice(0, MAX_LISTED).map((id) => ({ location: 'object_ids', message: `object ${id} not found`, type: 'not_found' })),
    );
  }
}

export class CreateBatch {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(command: {
    namespaceId: string;
    bucket: string;
    objectIds: string[];
    metadata: Record<string, unknown>;
    policy?: BatchPolicy;
  }): Promise<Batch> {
    const bucket = await this.buckets.execute(command.namespaceId, command.bucket);
    const objectIds = dedupe(command.objectIds);
    await assertObjectsExist(this.deps, command.namespaceId, bucket.bucketId, objectIds);
    const now = isoNow(this.deps.clock);
    const batch: Batch = draftBatch({
      namespaceId: command.namespaceId,
      bucketId: bucket.bucketId,
      batchId: newId('batch'),
      objectIds,
      now,
      metadata: command.metadata,
      policy: command.policy,
    });
    await this.deps.metadata.batches.create(batch);
    return batch;
  }
}

export class GetBatch {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.buckets = new GetBucket(deps);
  }

  async execute(namespaceId: string, bucketIdOrName: string, batchId: string): Promise<{ batch: Batch; tiers: BatchTier[] }> {
    const bucket = await this.buckets.execute(namespaceId, bucketIdOrName);
    const batch = await this.deps.metadata.batches.find(namespaceId, batchId);
    if (batch === null || batch.bucketId !== bucket.bucketId) throw new NotFoundError('batch', batchId);
    return { batch, tiers: await this.deps.metadata.batches.getTiers(batchId) };
  }
}

export class AddObjectsToBatch {
  private readonly get: GetBatch;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {
    this.get = new GetBatch(deps);
  }

  async execute(command: { namespaceId: string; bucket: string; batchId: string; objectIds: string[] }): Promise<Batch> {
    const { batch } = await this.get.execute(command.namespaceId, command.bucket, command.batchId);
    if (batch.status !== 'DRAFT') {
      throw new ConflictError(`objects can only be added to a DRAFT batch; batch ${batch.batchId} is ${batch.status}`);
    }
    const objectIds = dedupe(command.objectIds);
    await assertObjectsExist(this.deps, command.namespaceId, batch.bucketId, objectIds);
    const updated = await this.deps.metadata.batches.addObjects(command.namespaceId, batch.batchId, objectIds, isoNow(this.deps.clock));
    if (updated === null) {
      throw new ConflictError(`objects can only be added to a DRAFT batch; batch ${batch.batchId} was submitted meanwhile`);
    }
    return updated;
  }
}

function chunksFor(items: number, chunkSize: number): number {
  return Math.ceil(items / chunkSize);
}

/**
 * DRAFT -> QUEUED: resolves the collections to run, writes the manifest, creates the task, then
 * flips the status with a conditional write. Idempotent: submitting an already submitted batch
 * returns its task and changes nothing; of two concurrent submits exactly one wins and the other
 * returns the winner's task.
 */
export class SubmitBatch {
  private readonly get: GetBatch;
  private readonly tasksOf: GetTask;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks' | 'events' | 'wakeUps' | 'clock' | 'logger' | 'workChunkSize'>) {
    this.get = new GetBatch(deps);
    this.tasksOf = new GetTask(deps);
  }

  private resolveDag(namespaceId: string, bucketId: string, roots?: readonly string[]): Promise<string[][]> {
    return resolveDagTiers(this.deps, namespaceId, bucketId, roots);
  }

  async execute(command: {
    namespaceId: string;
    bucket: string;
    batchId: string;
    includeProcessingHistory: boolean;
    correlationId?: string;
    /** Replaces the policy given at create (issue 9). */
    policy?: BatchPolicy;
    /** Run only these tier-0 collections (and those sourcing them); absent = every collection of the bucket. */
    rootCollectionIds?: readonly string[];
  }): Promise<Task> {
    const { batch } = await this.get.execute(command.namespaceId, command.bucket, command.batchId);
    if (batch.taskId !== null) return this.tasksOf.execute(batch.taskId);
    const allowed = transition(batch.status, { type: 'SUBMIT' });
    if (!allowed.ok) throw new ConflictError(`batch ${batch.batchId} cannot be submitted: ${allowed.reason}; only DRAFT batches can`);

    const dagTiers = await this.resolveDag(command.namespaceId, batch.bucketId, command.rootCollectionIds);
    const tierCollections = dagTiers[0] as string[];
    const now = isoNow(this.deps.clock);
    const key = manifestKey(command.namespaceId, batch.batchId);
    const manifest: BatchManifestV1 = {
      version: 1,
      batch_id: batch.batchId,
      namespace_id: command.namespaceId,
      bucket_id: batch.bucketId,
      tiers: dagTiers.map((ids, tier) => ({ tier, source_type: tier === 0 ? 'bucket' : 'collection', collection_ids: ids })),
      object_ids: batch.objectIds,
    };
    await this.deps.objects.put(key, Buffer.from(JSON.stringify(manifest)), 'application/json');

    const taskId = newId('task');
    const task: Task = {
      taskId,
      taskType: 'api_buckets_batches_submit',
      status: 'PENDING',
      inputs: [batch.batchId],
      outputs: null,
      additionalData: {
        batch_id: batch.batchId,
        bucket_id: batch.bucketId,
        namespace_id: command.namespaceId,
        current_tier: null,
        total_tiers: dagTiers.length,
        collection_ids: dagTiers.flat(),
        dag_tiers: dagTiers,
        object_count: batch.objectIds.length,
        sample_object_ids: batch.objectIds.slice(0, 5),
      },
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.tasks.create(task);

    const items = batch.objectIds.length;
    const tier0 = pendingTier({
      batchId: batch.batchId,
      tier: 0,
      collectionIds: tierCollections,
      totalItems: items * tierCollections.length,
      totalChunks: chunksFor(items, this.deps.workChunkSize) * tierCollections.length,
    });
    // A later tier's counts are the documents the tier before writes: known when it starts.
    const laterTiers: BatchTier[] = dagTiers
      .slice(1)
      .map((collectionIds, i) => pendingTier({ batchId: batch.batchId, tier: i + 1, collectionIds, totalItems: 0, totalChunks: 0 }));
    const won = await this.deps.metadata.batches.submit(command.namespaceId, batch.batchId, {
      from: batch.status,
      to: allowed.to,
      taskId,
      manifestKey: key,
      dagTiers,
      tiers: [tier0, ...laterTiers],
      includeProcessingHistory: command.includeProcessingHistory,
      ...(command.policy === undefined ? {} : { policy: command.policy }),
      submittedAt: now,
    });
    if (!won) {
      // A concurrent submit got there first: answer with its task.
      const current = await this.deps.metadata.batches.find(command.namespaceId, batch.batchId);
      if (current?.taskId) return this.tasksOf.execute(current.taskId);
      throw new ConflictError(`batch ${batch.batchId} changed while being submitted; it is now ${current?.status ?? 'gone'}`);
    }

    this.deps.wakeUps.batchQueued({ version: 1, batch_id: batch.batchId, namespace_id: command.namespaceId });
    const event = buildBatchEvent({
      batch: { ...batch, taskId },
      type: 'batch.queued',
      occurredAt: now,
      metadata: { status: 'QUEUED', total_items: tier0.totalItems },
    });
    try {
      await this.deps.events.publishEvent(event, command.correlationId);
    } catch (error) {
      // The batch is queued and will be processed; only subscribers miss this notification.
      this.deps.logger.error({ batch_id: batch.batchId, err: (error as Error).message }, 'could not publish batch.queued');
    }
    return task;
  }
}

/**
 * The batch's collection DAG in tiers: tier 0 sources the bucket, and each collection sourcing
 * collections runs one tier after its deepest source.
 * @throws BadRequestError when the bucket has no collection; ConflictError on a stored cycle.
 */
async function resolveDagTiers(
  deps: Pick<IngestionDeps, 'metadata'>,
  namespaceId: string,
  bucketId: string,
  only?: readonly string[],
): Promise<string[][]> {
  const all = await deps.metadata.collections.listBySourceBucket(namespaceId, bucketId);
  const roots = only === undefined || only.length === 0 ? all : all.filter((c) => only.includes(c.collectionId));
  if (only !== undefined && only.length > 0 && roots.length === 0) {
    throw new BadRequestError(`none of the collections ${only.join(', ')} is an enabled collection sourcing bucket ${bucketId}`);
  }
  if (roots.length === 0) {
    throw new BadRequestError(
      `bucket ${bucketId} has no enabled collection to process; create a collection with source {"type": "bucket", "bucket_ids": ["${bucketId}"]} first`,
    );
  }
  const found = new Map<string, Collection>(roots.map((c) => [c.collectionId, c]));
  let frontier = roots.map((c) => c.collectionId);
  while (frontier.length > 0) {
    const next = await deps.metadata.collections.listBySourceCollections(namespaceId, frontier);
    frontier = [];
    for (const c of next) {
      if (found.has(c.collectionId)) continue;
      found.set(c.collectionId, c);
      frontier.push(c.collectionId);
    }
  }
  const nodes: DagNode[] = [...found.values()].map((c) => ({
    collectionId: c.collectionId,
    sourceCollectionIds: c.source.type === 'collection' ? c.source.collectionIds : [],
  }));
  const resolved = resolveTiers(roots.map((c) => c.collectionId), nodes);
  if (!resolved.ok) {
    throw new ConflictError(`the collections of bucket ${bucketId} form a cycle (${resolved.cycle.join(' -> ')}); remove one of them`);
  }
  if (resolved.tiers.length > MAX_TIER + 1) {
    throw new ConflictError(`the collections of bucket ${bucketId} form ${resolved.tiers.length} tiers; at most ${MAX_TIER + 1} are supported`);
  }
  return resolved.tiers;
}

/** Reads a task; once it has expired from the task store the owning batch answers instead. */
export class GetTask {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'tasks'>) {}

  async execute(taskId: string): Promise<Task> {
    const task = await this.deps.tasks.get(taskId);
    if (task !== null) return task;
    const batch = await this.deps.metadata.batches.findByTaskId(taskId);
    if (batch === null) throw new NotFoundError('task', taskId);
    const tiers = await this.deps.metadata.batches.getTiers(batch.batchId);
    return {
      taskId,
      taskType: 'api_buckets_batches_submit',
      status: taskStatusOf(batch.status),
      inputs: [batch.batchId],
      outputs: null,
      additionalData: {
        batch_id: batch.batchId,
        bucket_id: batch.bucketId,
        namespace_id: batch.namespaceId,
        current_tier: batch.currentTier,
        total_tiers: batch.dagTiers.length,
        progress: taskProgressOf({ status: batch.status, tiers, totalTiers: batch.dagTiers.length }),
        // The task expired from the task store; the batch is the long-term record.
        from_metadata_store: true,
      },
      error: batch.error,
      createdAt: batch.submittedAt ?? batch.createdAt,
      updatedAt: batch.updatedAt,
    };
  }
}
