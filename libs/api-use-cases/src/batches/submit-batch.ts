import { BatchManifestV2, MAX_TIER, buildBatchEvent } from '@strata/contracts';
import { BadRequestError, BatchPolicy, BatchTier, Collection, ConflictError, DagNode, isoNow, newId, pendingTier, resolveTiers, Task, workChunkSize } from '@strata/domain';
import { publishCommitted } from '@strata/ports';
import { transition } from '@strata/status';
import type { IngestionDeps } from '../shared/deps';
import { GetTask } from '../tasks/get-task';
import { manifestKey } from './batch-manifest';
import { GetBatch } from './get-batch';

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
    /** Replaces the policy given at create (docs/adr/0050-batch-policies.md). */
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
    const manifest: BatchManifestV2 = {
      version: 2,
      batch_id: batch.batchId,
      namespace_id: command.namespaceId,
      bucket_id: batch.bucketId,
      tiers: dagTiers.map((ids, tier) => ({ tier, source_type: tier === 0 ? 'bucket' : 'collection', collection_ids: ids })),
      object_count: batch.objectCount,
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
        object_count: batch.objectCount,
        sample_object_ids: await this.deps.metadata.batches.listObjectIds(batch.batchId, 0, 5),
      },
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.tasks.create(task);

    const items = batch.objectCount;
    // The size is recorded with the tier: the poller cuts the chunks with it (ADR 0105).
    const chunkSize = workChunkSize(items, this.deps.workChunkSize);
    const tier0 = pendingTier({
      batchId: batch.batchId,
      tier: 0,
      collectionIds: tierCollections,
      totalItems: items * tierCollections.length,
      totalChunks: Math.ceil(items / chunkSize) * tierCollections.length,
      chunkSize,
    });
    // A later tier's counts are the documents the tier before writes: known when it starts.
    const laterTiers: BatchTier[] = dagTiers
      .slice(1)
      .map((collectionIds, i) => pendingTier({ batchId: batch.batchId, tier: i + 1, collectionIds, totalItems: 0, totalChunks: 0 }));
    // batch.queued commits with the status change (the outbox, docs/adr/0095-transactional-outbox.md).
    const queued = {
      event: buildBatchEvent({ batch: { ...batch, taskId }, type: 'batch.queued', occurredAt: now, metadata: { status: 'QUEUED', total_items: tier0.totalItems } }),
      correlationId: command.correlationId ?? null,
    };
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
      outbox: [queued],
      objectCount: batch.objectCount,
    });
    if (!won) {
      // A concurrent submit got there first: answer with its task.
      const current = await this.deps.metadata.batches.find(command.namespaceId, batch.batchId);
      if (current?.taskId) return this.tasksOf.execute(current.taskId);
      throw new ConflictError(
        `batch ${batch.batchId} changed while being submitted (status ${current?.status ?? 'gone'}, ${current?.objectCount ?? 0} objects); submit it again`,
      );
    }

    this.deps.wakeUps.batchQueued({ version: 1, batch_id: batch.batchId, namespace_id: command.namespaceId });
    // A failed publish leaves the row to the outbox relay.
    await publishCommitted({ events: this.deps.events, outbox: this.deps.metadata.outbox, logger: this.deps.logger }, [queued]);
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
