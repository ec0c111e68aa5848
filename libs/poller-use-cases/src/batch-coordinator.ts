import type { WorkItemV1 } from '@strata/contracts';
import { Batch, BatchTier, ItemOutcome, TierStatus, isoNow, policyBreach } from '@strata/domain';
import type { Logger, OutboxMessage, TierTotals } from '@strata/ports';
import { outcomeOf, transition } from '@strata/status';
import { BatchFinisher } from './batch-finisher';
import { BatchReporter } from './batch-reporter';
import { ChunkPublisher } from './chunk-publisher';
import { BatchStepError, isPermanentBatchError, nextAttemptDelayMs } from './coordinator-errors';
import { CoordinatorDeps, CoordinatorOptions, HeldBatch, heldBatch, retryRoundOf } from './coordinator-types';
import { TierPlanner } from './tier-planner';

/**
 * The poller's use cases: claim QUEUED batches under a lease, fan each tier out as work messages,
 * advance tiers when every item of one has an outcome, and finish the batch. Every decision is
 * taken from persisted state, so any poller can take over a batch whose lease expired and carry
 * on where the last one stopped. What a tier fans out is the {@link TierPlanner}'s, publishing
 * it the {@link ChunkPublisher}'s, ending the batch the {@link BatchFinisher}'s.
 *
 * A step that throws a permanent error (`PermanentBatchError`: a collection deleted under the
 * batch, a plan that cannot be built) fails the batch with that reason; any other error is
 * transient and the step is tried again after a per-batch back-off (`nextAttemptDelayMs`).
 */
export class BatchCoordinator {
  private readonly held = new Map<string, HeldBatch>();
  private stopped = false;
  private readonly reporter: BatchReporter;
  private readonly planner: TierPlanner;
  private readonly publisher: ChunkPublisher;
  private readonly finisher: BatchFinisher;

  constructor(
    private readonly deps: CoordinatorDeps,
    private readonly options: CoordinatorOptions,
  ) {
    this.reporter = new BatchReporter(deps);
    this.planner = new TierPlanner(deps, options);
    this.publisher = new ChunkPublisher(deps, options, () => this.stopped);
    this.finisher = new BatchFinisher(deps, options, this.reporter);
  }

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
      // batch.processing commits with a fresh claim (the outbox, docs/adr/0095-transactional-outbox.md).
      let started: OutboxMessage | null = null;
      const result = await this.deps.metadata.batches.claimNext({
        owner: this.options.owner,
        leaseMs: this.options.leaseMs,
        now,
        namespaceIds: this.options.namespaceIds,
        from: 'QUEUED',
        to: change.to,
        claimEvents: (claimed, tiers) => {
          started = this.reporter.event(claimed, 'batch.processing', { status: 'PROCESSING' }, retryRoundOf(tiers));
          return [started];
        },
      });
      if (result === null) break;
      claimed += 1;
      const { batch, takeover, previousOwner } = result;
      const log = this.log(batch);
      // Our own lease may have expired (a long pause) and been re-claimed by us: keep the state
      // that is already driving the batch instead of starting a second driver.
      if (!this.held.has(batch.batchId)) this.held.set(batch.batchId, heldBatch(batch));
      if (takeover) {
        // `batch.lease` is already ours: the claim reports whose lease expired.
        log.warn({ previous_owner: previousOwner, new_owner: this.options.owner }, 'took over a batch whose lease expired');
      } else {
        log.info({ objects: batch.objectCount }, 'claimed batch');
        await this.onStarted(batch, started);
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
        additionalData: await this.reporter.taskData(batch, tiers),
        updatedAt: isoNow(this.deps.clock),
      });
    }
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

  /**
   * Runs `step` for a batch, never twice at once; a request while running runs it once more
   * after. A batch backing off after transient failures is left alone until its time comes.
   */
  private drive(batchId: string): Promise<void> {
    const state = this.held.get(batchId);
    if (state === undefined || this.stopped) return Promise.resolve();
    if (state.running !== null) {
      state.again = true;
      return state.running;
    }
    if (this.deps.clock.now() < state.retryAtMs) return Promise.resolve();
    state.running = (async () => {
      do {
        state.again = false;
        try {
          await this.step(state);
          state.failures = 0;
        } catch (error) {
          await this.onStepFailed(state, error);
          return;
        }
      } while (state.again && this.held.has(batchId) && !this.stopped);
    })().finally(() => {
      state.running = null;
    });
    return state.running;
  }

  /** A permanent error fails the batch with its reason; anything else backs off and is tried again. */
  private async onStepFailed(state: HeldBatch, error: unknown): Promise<void> {
    const log = this.log(state.batch);
    if (isPermanentBatchError(error)) {
      log.error({ err: error.message, error_type: error.type }, 'batch cannot be driven further; failing it');
      try {
        const tiers = await this.deps.metadata.batches.getTiers(state.batch.batchId);
        await this.finisher.fail(state.batch, tiers, error.message, 'permanent_error');
        this.held.delete(state.batch.batchId);
        return;
      } catch (failError) {
        // Failing the batch is itself a step that may meet a store outage: back off like one.
        error = failError;
      }
    }
    const failure = new BatchStepError(state.batch.batchId, error);
    state.failures += 1;
    const delayMs = nextAttemptDelayMs(state.failures);
    state.retryAtMs = this.deps.clock.now() + delayMs;
    log.error({ err: failure.message, failures: state.failures, retry_in_ms: delayMs }, 'batch step failed; will retry after a back-off');
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
      await this.finisher.fail(batch, tiers, breach, 'error_policy');
      this.held.delete(batch.batchId);
      return;
    }
    const active = tiers.find((t) => t.status === 'PENDING' || t.status === 'PROCESSING');
    if (active === undefined) {
      await this.finisher.finish(batch, tiers);
      this.held.delete(batch.batchId);
      return;
    }
    if (active.status === 'PENDING' && !(await this.startTier(state, active, tiers))) {
      this.held.delete(batch.batchId);
      return;
    }
    if (active.publishedChunks < active.totalChunks) {
      await this.publisher.publish(batch, active, await this.planner.plan(state, active), this.log(batch));
    }
    if (active.succeededItems + active.failedItems >= active.totalItems) {
      await this.completeTier(batch, active);
      state.again = true;
    }
  }

  /**
   * Starts a PENDING tier; a later tier (its counts are the documents the tiers before it
   * wrote, known only now) or a retry round gets its plan and totals first. False when another
   * poller holds the batch now.
   */
  private async startTier(state: HeldBatch, active: BatchTier, tiers: BatchTier[]): Promise<boolean> {
    const { batch } = state;
    const totals: TierTotals | undefined = this.planner.needsPlan(active) ? await this.planner.planStart(state, active, tiers, this.log(batch)) : undefined;
    const started = await this.deps.metadata.batches.startTier(batch.batchId, active.tier, this.options.owner, isoNow(this.deps.clock), totals);
    if (!started) return false;
    if (totals !== undefined) Object.assign(active, totals);
    this.log(batch).info({ tier: active.tier, items: active.totalItems, chunks: active.totalChunks }, 'tier started');
    return true;
  }

  private async completeTier(batch: Batch, active: BatchTier): Promise<void> {
    const status: TierStatus = outcomeOf(active.succeededItems, active.failedItems);
    const outbox = [
      this.reporter.event(
        batch,
        'batch.tier.completed',
        { status, tier: active.tier, total_items: active.totalItems, succeeded_items: active.succeededItems, failed_items: active.failedItems },
        active.retryRound,
      ),
    ];
    if (!(await this.deps.metadata.batches.completeTier(batch.batchId, active.tier, status, isoNow(this.deps.clock), outbox))) return;
    this.log(batch).info({ tier: active.tier, succeeded: active.succeededItems, failed: active.failedItems, status }, 'tier completed');
    await this.reporter.publish(outbox);
  }

  private async onStarted(batch: Batch, started: OutboxMessage | null): Promise<void> {
    if (batch.taskId !== null) {
      await this.deps.tasks.update(batch.taskId, { status: 'PROCESSING', updatedAt: isoNow(this.deps.clock) });
    }
    if (started !== null) await this.reporter.publish([started]);
  }

  private log(batch: Batch): Logger {
    return this.reporter.log(batch);
  }
}
