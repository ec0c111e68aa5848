import { BatchEventMetadata, DomainEventType, DomainEventV1, WorkItemV1, terminalEventType } from '@strata/contracts';
import {
  Batch,
  BatchTier,
  Clock,
  ItemOutcome,
  TierStatus,
  derivedId,
  isoNow,
  policyBreach,
  taskStatusOf,
} from '@strata/domain';
import type { EventPublisher, Logger, MetadataStore, ObjectStorage, TaskStore, TierTotals, VectorStore, WorkPublisher } from '@strata/ports';
import { computeProgress, outcomeOf, transition } from '@strata/status';

/** The manifest the API writes on submit (see SubmitBatch in @strata/api-use-cases). */
interface ManifestV1 {
  version: 1;
  tiers: Array<{ tier: number; collection_ids: string[] }>;
  object_ids: string[];
}

export interface CoordinatorOptions {
  /** This poller's identity in leases; unique per process. */
  owner: string;
  leaseMs: number;
  /** Claim only batches of these namespaces; null = all. */
  namespaceIds: readonly string[] | null;
  /** Items per work message. Must match the API's (it fixes totalChunks at submit). */
  workChunkSize: number;
  /** Batches one poller drives at once; it stops claiming beyond that. */
  maxHeldBatches: number;
  /** Work messages published concurrently (then their progress is persisted). */
  publishWindow: number;
}

export interface CoordinatorDeps {
  metadata: MetadataStore;
  objects: ObjectStorage;
  /** Documents of objects deleted from the bucket are removed from it when a batch finishes. */
  vectors: VectorStore;
  tasks: TaskStore;
  work: WorkPublisher;
  events: EventPublisher;
  clock: Clock;
  logger: Logger;
}

/**
 * What one tier fans out: per collection, the source items in a stable order. Tier 0 takes the
 * batch's objects; a later tier takes the documents its source collections wrote in this batch,
 * persisted at `<ns>/batches/<batch>/tier-<n>.json` before the tier starts so a poller taking
 * over publishes exactly the same chunks.
 */
export interface TierPlanV1 {
  version: 1;
  batch_id: string;
  tier: number;
  groups: Array<{ collection_id: string; item_ids: string[] }>;
}

export function tierPlanKey(namespaceId: string, batchId: string, tier: number, retryRound = 0): string {
  return retryRound === 0 ? `${namespaceId}/batches/${batchId}/tier-${tier}.json` : `${namespaceId}/batches/${batchId}/tier-${tier}-retry-${retryRound}.json`;
}

/** Orphaned documents deleted per round trip when a batch finishes. */
const ORPHAN_PAGE = 500;

/** Plans are cached per tier and retry round. */
const planSlot = (tier: BatchTier): string => `${tier.tier}:${tier.retryRound}`;

/** The batch's latest retry round (0 before any retry). */
function retryRoundOf(tiers: readonly BatchTier[]): number {
  return tiers.reduce((n, t) => Math.max(n, t.retryRound), 0);
}

interface HeldBatch {
  batch: Batch;
  manifest: ManifestV1 | null;
  plans: Map<string, TierPlanV1>;
  running: Promise<void> | null;
  again: boolean;
}

/**
 * The poller's use cases: claim QUEUED batches under a lease, fan each tier out as work messages,
 * advance tiers when every item of one has an outcome, and finish the batch. Every decision is
 * taken from persisted state, so any poller can take over a batch whose lease expired and carry
 * on where the last one stopped.
 */
export class BatchCoordinator {
  private readonly held = new Map<string, HeldBatch>();
  private stopped = false;

  constructor(
    private readonly deps: CoordinatorDeps,
    private readonly options: CoordinatorOptions,
  ) {}

  /** Batches this poller currently holds. */
  heldBatchIds(): string[] {
    return [...this.held.keys()];
  }

  /** Claims batches until none is left or the poller is full; starts driving each. Returns how many. */
  async claimAvailable(): Promise<number> {
    let claimed = 0;
    while (!this.stopped && this.held.size < this.options.maxHeldBatches) {
      const now = this.deps.clock.now();
      const change = transition('QUEUED', { type: 'CLAIM' });
      if (!change.ok) throw new Error(change.reason);
      const result = await this.deps.metadata.batches.claimNext({
        owner: this.options.owner,
        leaseMs: this.options.leaseMs,
        now,
        namespaceIds: this.options.namespaceIds,
        from: 'QUEUED',
        to: change.to,
      });
      if (result === null) break;
      claimed += 1;
      const { batch, takeover } = result;
      const log = this.log(batch);
      // Our own lease may have expired (a long pause) and been re-claimed by us: keep the state
      // that is already driving the batch instead of starting a second driver.
      if (!this.held.has(batch.batchId)) this.held.set(batch.batchId, { batch, manifest: null, plans: new Map(), running: null, again: false });
      if (takeover) {
        log.warn({ previous_owner: batch.lease?.owner }, 'took over a batch whose lease expired');
      } else {
        log.info({ objects: batch.objectIds.length }, 'claimed batch');
        await this.onStarted(batch, await this.deps.metadata.batches.getTiers(batch.batchId));
      }
      void this.drive(batch.batchId);
    }
    return claimed;
  }

  /** Renews every held lease and re-checks each batch's progress. */
  async heartbeat(): Promise<void> {
    const expiresAt = this.deps.clock.now() + this.options.leaseMs;
    for (const [batchId, state] of [...this.held]) {
      // stop() may have released the leases meanwhile; renewing one now would delay a takeover.
      if (this.stopped) return;
      const kept = await this.deps.metadata.batches.renewLease(batchId, this.options.owner, expiresAt);
      if (!kept) {
        this.log(state.batch).warn({}, 'lease lost; another poller owns the batch now, or it ended');
        this.held.delete(batchId);
        continue;
      }
      void this.drive(batchId);
    }
  }

  /**
   * Writes each held batch's live progress into its task (the task store is the fast read path
   * of GET /v1/tasks/{id}); called on a short timer by the poller app.
   */
  async refreshTaskProgress(): Promise<void> {
    for (const state of [...this.held.values()]) {
      if (this.stopped) return;
      const { batch } = state;
      if (batch.taskId === null) continue;
      const tiers = await this.deps.metadata.batches.getTiers(batch.batchId);
      // Progress only: the status is written at claim, finish and cancel, and a refresh racing a
      // cancel must not turn a CANCELED task back into PROCESSING.
      await this.deps.tasks.update(batch.taskId, {
        additionalData: this.taskData(batch, tiers),
        updatedAt: isoNow(this.deps.clock),
      });
    }
  }

  private taskData(batch: Batch, tiers: BatchTier[]): Record<string, unknown> {
    const active = tiers.find((t) => t.status === 'PENDING' || t.status === 'PROCESSING');
    const progress = computeProgress({
      status: 'PROCESSING',
      tiers,
      totalTiers: batch.dagTiers.length,
      stageNames: [],
      samples: [],
      startedAt: batch.startedAt,
      nowMs: this.deps.clock.now(),
    });
    return {
      batch_id: batch.batchId,
      bucket_id: batch.bucketId,
      namespace_id: batch.namespaceId,
      current_tier: active?.tier ?? batch.dagTiers.length - 1,
      total_tiers: batch.dagTiers.length,
      collection_ids: batch.dagTiers.flat(),
      object_count: batch.objectIds.length,
      sample_object_ids: batch.objectIds.slice(0, 5),
      progress: { processed: progress.processed, total: progress.total, percent: progress.percent, failed: progress.failed },
    };
  }

  /** A worker saw the last item of a tier finish. */
  onTierDrained(batchId: string): void {
    if (this.held.has(batchId)) void this.drive(batchId);
  }

  /** Records items whose work message ran out of deliveries (the worker died on each attempt). */
  async recordExhausted(item: WorkItemV1, deliveries: number): Promise<number> {
    const now = isoNow(this.deps.clock);
    const outcomes: ItemOutcome[] = item.item_ids.map((itemId) => ({
      itemId,
      collectionId: item.collection_id,
      status: 'FAILED',
      documentsWritten: 0,
      error: {
        category: 'runtime',
        stage: 'delivery',
        message: `no worker settled this item in ${deliveries} deliveries (the worker crashed or timed out on every attempt)`,
      },
    }));
    const result = await this.deps.metadata.batches.recordOutcomes(item.batch_id, item.tier, outcomes, now);
    this.onTierDrained(item.batch_id);
    return result.newlyRecorded;
  }

  /** Stops claiming and gives every lease up so another poller can continue at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.held.values()].map((s) => s.running ?? Promise.resolve()));
    for (const batchId of this.held.keys()) await this.deps.metadata.batches.releaseLease(batchId, this.options.owner);
    this.held.clear();
  }

  /** Runs `step` for a batch, never twice at once; a request while running runs it once more after. */
  private drive(batchId: string): Promise<void> {
    const state = this.held.get(batchId);
    if (state === undefined || this.stopped) return Promise.resolve();
    if (state.running !== null) {
      state.again = true;
      return state.running;
    }
    state.running = (async () => {
      do {
        state.again = false;
        try {
          await this.step(state);
        } catch (error) {
          this.log(state.batch).error({ err: (error as Error).message }, 'batch step failed; will retry at the next heartbeat');
          return;
        }
      } while (state.again && this.held.has(batchId) && !this.stopped);
    })().finally(() => {
      state.running = null;
    });
    return state.running;
  }

  private async step(state: HeldBatch): Promise<void> {
    const { batch } = state;
    const current = await this.deps.metadata.batches.getState(batch.batchId);
    if (current === null || current.status !== 'PROCESSING') {
      // Canceled, finished elsewhere, or deleted.
      this.held.delete(batch.batchId);
      return;
    }
    const tiers = await this.deps.metadata.batches.getTiers(batch.batchId);
    // Error policy first: an abort stops the batch before another tier or chunk goes out.
    const breach = policyBreach(current.policy.errorPolicy, {
      failed: tiers.reduce((n, t) => n + t.failedItems, 0),
      total: tiers.reduce((n, t) => n + t.totalItems, 0),
    });
    if (breach !== null) {
      await this.abort(state, tiers, breach);
      return;
    }
    const active = tiers.find((t) => t.status === 'PENDING' || t.status === 'PROCESSING');
    if (active === undefined) {
      await this.finish(state, tiers);
      return;
    }
    if (active.status === 'PENDING') {
      let totals: TierTotals | undefined;
      if (active.retryRound > 0) {
        // A retried batch: the tier runs again over its items that have no outcome.
        const plan = await this.planRetryRound(state, active, tiers);
        const size = this.options.workChunkSize;
        const pending = plan.groups.reduce((n, g) => n + g.item_ids.length, 0);
        totals = {
          totalItems: active.succeededItems + active.failedItems + pending,
          totalChunks: plan.groups.reduce((n, g) => n + Math.ceil(g.item_ids.length / size), 0),
        };
      } else if (active.tier > 0) {
        // Counts of a later tier are the documents the tiers before it wrote: known only now.
        const plan = await this.planLaterTier(state, active, tiers);
        const size = this.options.workChunkSize;
        totals = {
          totalItems: plan.groups.reduce((n, g) => n + g.item_ids.length, 0),
          totalChunks: plan.groups.reduce((n, g) => n + Math.ceil(g.item_ids.length / size), 0),
        };
      }
      const started = await this.deps.metadata.batches.startTier(
        batch.batchId,
        active.tier,
        this.options.owner,
        isoNow(this.deps.clock),
        totals,
      );
      if (!started) {
        this.held.delete(batch.batchId);
        return;
      }
      if (totals !== undefined) Object.assign(active, totals);
      this.log(batch).info({ tier: active.tier, items: active.totalItems, chunks: active.totalChunks }, 'tier started');
    }
    if (active.publishedChunks < active.totalChunks) await this.publishTier(state, active);
    if (active.succeededItems + active.failedItems >= active.totalItems) {
      const status: TierStatus = outcomeOf(active.succeededItems, active.failedItems);
      if (await this.deps.metadata.batches.completeTier(batch.batchId, active.tier, status, isoNow(this.deps.clock))) {
        this.log(batch).info(
          { tier: active.tier, succeeded: active.succeededItems, failed: active.failedItems, status },
          'tier completed',
        );
        await this.emit(
          batch,
          'batch.tier.completed',
          {
            status,
            tier: active.tier,
            total_items: active.totalItems,
            succeeded_items: active.succeededItems,
            failed_items: active.failedItems,
          },
          active.retryRound,
        );
      }
      state.again = true;
    }
  }

  private async manifest(state: HeldBatch): Promise<ManifestV1> {
    if (state.manifest === null) {
      if (state.batch.manifestKey === null) throw new Error(`batch ${state.batch.batchId} has no manifest`);
      state.manifest = JSON.parse((await this.deps.objects.get(state.batch.manifestKey)).toString('utf8')) as ManifestV1;
    }
    return state.manifest;
  }

  /**
   * Resolves what a tier > 0 fans out (each of its collections over the documents its sources
   * wrote in this batch) and persists it before the tier starts. Sources outside this batch's
   * DAG are ignored: they wrote nothing for it.
   */
  private async planLaterTier(state: HeldBatch, tier: BatchTier, tiers: BatchTier[]): Promise<TierPlanV1> {
    const { batch } = state;
    const earlier = new Set(tiers.filter((t) => t.tier < tier.tier).flatMap((t) => t.collectionIds));
    const collections = await this.deps.metadata.collections.findMany(batch.namespaceId, tier.collectionIds);
    const byId = new Map(collections.map((c) => [c.collectionId, c]));
    const groups: TierPlanV1['groups'] = [];
    for (const collectionId of tier.collectionIds) {
      const collection = byId.get(collectionId);
      if (collection === undefined) throw new Error(`collection ${collectionId} of batch ${batch.batchId} no longer exists`);
      const sources = collection.source.collectionIds.filter((id) => earlier.has(id));
      const itemIds = await this.deps.metadata.documents.listIdsWrittenByBatch(batch.namespaceId, batch.batchId, sources);
      groups.push({ collection_id: collectionId, item_ids: itemIds });
    }
    const plan: TierPlanV1 = { version: 1, batch_id: batch.batchId, tier: tier.tier, groups };
    await this.deps.objects.put(
      tierPlanKey(batch.namespaceId, batch.batchId, tier.tier),
      Buffer.from(JSON.stringify(plan)),
      'application/json',
    );
    state.plans.set(planSlot(tier), plan);
    return plan;
  }

  /**
   * What a tier runs in a retry round: per collection, its source items (tier 0: the batch's
   * objects; later: the documents its sources wrote in this batch) that have no recorded outcome.
   * Those are the failures the retry removed, and for a later tier also the documents retried
   * items of an earlier tier newly wrote. Persisted before the tier starts, like a later tier's plan.
   */
  private async planRetryRound(state: HeldBatch, tier: BatchTier, tiers: BatchTier[]): Promise<TierPlanV1> {
    const { batch } = state;
    const groups: TierPlanV1['groups'] = [];
    let sourcesOf: (collectionId: string) => Promise<string[]>;
    if (tier.tier === 0) {
      const manifest = await this.manifest(state);
      sourcesOf = async () => manifest.object_ids;
    } else {
      const earlier = new Set(tiers.filter((t) => t.tier < tier.tier).flatMap((t) => t.collectionIds));
      const collections = await this.deps.metadata.collections.findMany(batch.namespaceId, tier.collectionIds);
      const byId = new Map(collections.map((c) => [c.collectionId, c]));
      sourcesOf = async (collectionId) => {
        const collection = byId.get(collectionId);
        if (collection === undefined) throw new Error(`collection ${collectionId} of batch ${batch.batchId} no longer exists`);
        const sources = collection.source.collectionIds.filter((id) => earlier.has(id));
        return this.deps.metadata.documents.listIdsWrittenByBatch(batch.namespaceId, batch.batchId, sources);
      };
    }
    for (const collectionId of tier.collectionIds) {
      const done = new Set(await this.deps.metadata.batches.recordedItemIds(batch.batchId, tier.tier, collectionId));
      const items = (await sourcesOf(collectionId)).filter((id) => !done.has(id));
      groups.push({ collection_id: collectionId, item_ids: items });
    }
    const plan: TierPlanV1 = { version: 1, batch_id: batch.batchId, tier: tier.tier, groups };
    await this.deps.objects.put(
      tierPlanKey(batch.namespaceId, batch.batchId, tier.tier, tier.retryRound),
      Buffer.from(JSON.stringify(plan)),
      'application/json',
    );
    state.plans.set(planSlot(tier), plan);
    this.log(batch).info({ tier: tier.tier, retry_round: tier.retryRound, items: groups.reduce((n, g) => n + g.item_ids.length, 0) }, 'retry round planned');
    return plan;
  }

  /** The tier's plan: tier 0 from the manifest, a later tier (or a retry round) from the plan written when it started. */
  private async plan(state: HeldBatch, tier: BatchTier): Promise<TierPlanV1> {
    const cached = state.plans.get(planSlot(tier));
    if (cached !== undefined) return cached;
    let plan: TierPlanV1;
    if (tier.tier === 0 && tier.retryRound === 0) {
      const manifest = await this.manifest(state);
      plan = {
        version: 1,
        batch_id: state.batch.batchId,
        tier: 0,
        groups: tier.collectionIds.map((id) => ({ collection_id: id, item_ids: manifest.object_ids })),
      };
    } else {
      const key = tierPlanKey(state.batch.namespaceId, state.batch.batchId, tier.tier, tier.retryRound);
      plan = JSON.parse((await this.deps.objects.get(key)).toString('utf8')) as TierPlanV1;
    }
    state.plans.set(planSlot(tier), plan);
    return plan;
  }

  /**
   * Publishes the tier's chunks from where the last holder stopped. Chunks are numbered
   * collection by collection; the bus drops a chunk published twice (same message id), so
   * resuming from the persisted count never duplicates work.
   */
  private async publishTier(state: HeldBatch, tier: BatchTier): Promise<void> {
    const { batch } = state;
    const plan = await this.plan(state, tier);
    const size = this.options.workChunkSize;
    // Global chunk number -> (group, chunk within the group).
    const slots: Array<{ group: TierPlanV1['groups'][number]; chunk: number }> = [];
    for (const group of plan.groups) {
      const count = Math.ceil(group.item_ids.length / size);
      for (let chunk = 0; chunk < count; chunk += 1) slots.push({ group, chunk });
    }
    if (slots.length !== tier.totalChunks) {
      throw new Error(`tier ${tier.tier} of batch ${batch.batchId} has ${slots.length} chunks planned but ${tier.totalChunks} recorded`);
    }
    const collections = await this.deps.metadata.collections.findMany(batch.namespaceId, tier.collectionIds);
    const byId = new Map(collections.map((c) => [c.collectionId, c]));
    let next = tier.publishedChunks;
    while (next < tier.totalChunks && !this.stopped) {
      const end = Math.min(next + this.options.publishWindow, tier.totalChunks);
      const sends: Promise<void>[] = [];
      for (let k = next; k < end; k += 1) {
        const { group, chunk } = slots[k] as (typeof slots)[number];
        const collection = byId.get(group.collection_id);
        if (collection === undefined) throw new Error(`collection ${group.collection_id} of batch ${batch.batchId} no longer exists`);
        const item: WorkItemV1 = {
          schema: 'strata.work-item',
          version: 1,
          batch_id: batch.batchId,
          namespace_id: batch.namespaceId,
          bucket_id: batch.bucketId,
          tier: tier.tier,
          collection_id: group.collection_id,
          extractor: `${collection.featureExtractor.featureExtractorName}@${collection.featureExtractor.version}`,
          chunk,
          item_ids: group.item_ids.slice(chunk * size, (chunk + 1) * size),
          ...(tier.retryRound > 0 ? { retry_round: tier.retryRound } : {}),
        };
        sends.push(this.deps.work.publishWork(item, batch.batchId));
      }
      await Promise.all(sends);
      await this.deps.metadata.batches.recordPublished(batch.batchId, tier.tier, end);
      next = end;
    }
    this.log(batch).info({ tier: tier.tier, chunks: tier.totalChunks }, 'tier published');
  }

  private async finish(state: HeldBatch, tiers: BatchTier[]): Promise<void> {
    const { batch } = state;
    const succeeded = tiers.reduce((n, t) => n + t.succeededItems, 0);
    const failed = tiers.reduce((n, t) => n + t.failedItems, 0);
    const total = tiers.reduce((n, t) => n + t.totalItems, 0);
    const skipped = tiers.reduce((n, t) => n + (t.skippedItems ?? 0), 0);
    const change = transition('PROCESSING', { type: 'FINISH', succeeded, failed });
    if (!change.ok) throw new Error(change.reason);
    // While the batch is still PROCESSING under this lease: a poller that takes over repeats it.
    const deletedDocuments = await this.deleteOrphans(batch, tiers);
    const now = isoNow(this.deps.clock);
    const error = failed > 0 ? `${failed} of ${total} items failed; see failed documents for each error` : null;
    const done = await this.deps.metadata.batches.changeStatus(batch.batchId, {
      from: 'PROCESSING',
      to: change.to,
      owner: this.options.owner,
      now,
      error,
    });
    this.held.delete(batch.batchId);
    if (!done) return;
    this.log(batch).info({ status: change.to, succeeded, failed, total, deleted_documents: deletedDocuments }, 'batch finished');
    if (batch.taskId !== null) {
      await this.deps.tasks.update(batch.taskId, {
        status: taskStatusOf(change.to),
        additionalData: { ...this.taskData(batch, tiers), progress: { processed: succeeded + failed, total, percent: 100, failed } },
        error,
        outputs: [
          {
            batch_id: batch.batchId,
            succeeded_items: succeeded,
            failed_items: failed,
            skipped_items: skipped,
            total_items: total,
            deleted_documents: deletedDocuments,
          },
        ],
        updatedAt: now,
      });
    }
    const eventType = terminalEventType(change.to);
    if (eventType !== null) {
      await this.emit(
        batch,
        eventType,
        { status: change.to, total_items: total, succeeded_items: succeeded, failed_items: failed, skipped_items: skipped, deleted_documents: deletedDocuments },
        retryRoundOf(tiers),
      );
    }
  }

  /**
   * Deletes the documents whose root object was deleted from the bucket, in the batch's
   * collections and every collection downstream of them (lineage: their documents carry the
   * same root object): vectors first, then the metadata row, so a search never returns a vector
   * whose document is gone. Idempotent: what is orphaned is recomputed from the stores each
   * time, so a redelivered wake-up or a poller taking over deletes only what is left.
   */
  private async deleteOrphans(batch: Batch, tiers: readonly BatchTier[]): Promise<number> {
    const namespaceId = batch.namespaceId;
    const collectionIds = new Set(tiers.flatMap((t) => t.collectionIds));
    for (let frontier = [...collectionIds]; frontier.length > 0; ) {
      // Disabled collections too: their documents derive from the deleted objects all the same.
      const downstream = await this.deps.metadata.collections.listBySourceCollections(namespaceId, frontier, { includeDisabled: true });
      frontier = downstream.map((c) => c.collectionId).filter((id) => !collectionIds.has(id));
      for (const id of frontier) collectionIds.add(id);
    }
    let deleted = 0;
    for (const collectionId of collectionIds) {
      for (;;) {
        const orphans = await this.deps.metadata.documents.listOrphaned(namespaceId, collectionId, ORPHAN_PAGE);
        if (orphans.length === 0) break;
        const ids = orphans.map((o) => o.documentId);
        await this.deps.vectors.deleteWhere({ namespaceId, collectionId, ids });
        for (const id of ids) if (await this.deps.metadata.documents.delete(namespaceId, collectionId, id)) deleted++;
        if (orphans.length < ORPHAN_PAGE) break;
      }
    }
    if (deleted > 0) this.log(batch).info({ deleted_documents: deleted, collections: collectionIds.size }, 'documents of deleted objects removed');
    return deleted;
  }

  /**
   * PROCESSING -> FAILED because the error policy's threshold was crossed. Workers check the
   * batch's status on every message (the cancel mechanism), so its remaining work is acked
   * without running on every worker; open tiers end FAILED; the error names the threshold.
   */
  private async abort(state: HeldBatch, tiers: BatchTier[], reason: string): Promise<void> {
    const { batch } = state;
    const change = transition('PROCESSING', { type: 'FAIL', reason });
    if (!change.ok) throw new Error(change.reason);
    const now = isoNow(this.deps.clock);
    const done = await this.deps.metadata.batches.changeStatus(batch.batchId, {
      from: 'PROCESSING',
      to: change.to,
      owner: this.options.owner,
      now,
      error: reason,
    });
    this.held.delete(batch.batchId);
    if (!done) return;
    for (const t of tiers) {
      if (t.status === 'PENDING' || t.status === 'PROCESSING') await this.deps.metadata.batches.completeTier(batch.batchId, t.tier, 'FAILED', now);
    }
    const succeeded = tiers.reduce((n, t) => n + t.succeededItems, 0);
    const failed = tiers.reduce((n, t) => n + t.failedItems, 0);
    const total = tiers.reduce((n, t) => n + t.totalItems, 0);
    this.log(batch).warn({ reason, succeeded, failed, total }, 'batch aborted by its error policy');
    if (batch.taskId !== null) {
      await this.deps.tasks.update(batch.taskId, {
        status: taskStatusOf(change.to),
        additionalData: this.taskData(batch, tiers),
        error: reason,
        outputs: [{ batch_id: batch.batchId, succeeded_items: succeeded, failed_items: failed, total_items: total }],
        updatedAt: now,
      });
    }
    await this.emit(batch, 'batch.failed', { status: change.to, total_items: total, succeeded_items: succeeded, failed_items: failed, error: reason }, retryRoundOf(tiers));
  }

  private async onStarted(batch: Batch, tiers: BatchTier[]): Promise<void> {
    if (batch.taskId !== null) {
      await this.deps.tasks.update(batch.taskId, { status: 'PROCESSING', updatedAt: isoNow(this.deps.clock) });
    }
    await this.emit(batch, 'batch.processing', { status: 'PROCESSING' }, retryRoundOf(tiers));
  }

  /**
   * Events have ids derived from the batch, transition and retry round, so a takeover's re-send
   * is de-duplicated while the same transition after a retry is a new event.
   */
  private async emit(
    batch: Batch,
    type: DomainEventType,
    extra: Partial<BatchEventMetadata> & { status: string },
    retryRound = 0,
  ): Promise<void> {
    const event: DomainEventV1<BatchEventMetadata> = {
      event_id:
        retryRound === 0
          ? derivedId('event', batch.batchId, type, extra.tier ?? '')
          : derivedId('event', batch.batchId, type, extra.tier ?? '', `retry-${retryRound}`),
      event_type: type,
      occurred_at: isoNow(this.deps.clock),
      namespace_id: batch.namespaceId,
      subject: { type: 'batch', id: batch.batchId },
      metadata: { batch_id: batch.batchId, bucket_id: batch.bucketId, task_id: batch.taskId, ...extra, ...(retryRound > 0 ? { retry_round: retryRound } : {}) },
      version: 1,
    };
    try {
      await this.deps.events.publishEvent(event, batch.batchId);
    } catch (error) {
      this.log(batch).error({ err: (error as Error).message, event_type: type }, 'could not publish event');
    }
  }

  private log(batch: Batch): Logger {
    return this.deps.logger.child({ batch_id: batch.batchId, namespace_id: batch.namespaceId });
  }
}
