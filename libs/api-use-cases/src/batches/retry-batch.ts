import { buildBatchEvent } from '@strata/contracts';
import { Batch, ConflictError, ErrorCategory, isoNow, Task, TRANSIENT_CATEGORIES, ValidationError } from '@strata/domain';
import { publishCommitted } from '@strata/ports';
import type { FailedItem, OutboxMessage, RetryItem } from '@strata/ports';
import { transition } from '@strata/status';
import type { IngestionDeps } from '../shared/deps';
import { GetTask } from '../tasks/get-task';
import { GetBatch } from './get-batch';

/** Mixpeek's RetryBatchRequest.retry_mode. */
export type RetryMode = 'transient_only' | 'all';

export interface RetryBatchCommand {
  namespaceId: string;
  bucket: string;
  batchId: string;
  mode: RetryMode;
  /** Only failures of these tiers; null or empty = every tier. */
  tierNums: readonly number[] | null;
  /** Items already retried this many times are left failed (Mixpeek's max_retry_count, default 3). */
  maxRetryCount: number;
}

export interface RetryBatchResult {
  batch: Batch;
  task: Task;
  /** Failed items put back to run, per tier. */
  retried: Array<{ tier: number; items: number }>;
  /** Failures left as they are because their category is not transient (mode transient_only). */
  skipped: number;
  /** Failures left as they are because they were retried max_retry_count times already. */
  exhausted: number;
  /** Tiers that run again: the lowest retried tier and every tier after it (they process what it newly writes). */
  reopenedTiers: number[];
}

const PAGE = 1_000;

/**
 * Retries the failed items of a finished batch (FAILED or COMPLETED_WITH_ERRORS): their
 * recorded failures are removed (the failed counts drop at once), the tiers from the lowest
 * retried one on go back to PENDING in a new retry round, and the batch goes back to QUEUED,
 * from where a poller claims it as usual (PROCESSING) and fans out only the items of each
 * reopened tier that have no outcome: the retried ones, and for later tiers the documents the
 * retried items newly write. Document ids are deterministic, so nothing is duplicated.
 *
 * transient_only retries failures whose category is transient (network, resource, dependency:
 * see TRANSIENT_CATEGORIES); `all` retries every failure.
 */
export class RetryBatch {
  private readonly get: GetBatch;
  private readonly tasksOf: GetTask;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks' | 'events' | 'wakeUps' | 'clock' | 'logger'>) {
    this.get = new GetBatch(deps);
    this.tasksOf = new GetTask(deps);
  }

  /** @throws NotFoundError, ValidationError (unknown tier), ConflictError (not finished, canceled, or nothing to retry) */
  async execute(command: RetryBatchCommand): Promise<RetryBatchResult> {
    const { batch, tiers } = await this.get.execute(command.namespaceId, command.bucket, command.batchId);
    if (batch.status === 'COMPLETED') {
      throw new ConflictError(`batch ${batch.batchId} is COMPLETED: no item failed, so there is nothing to retry`);
    }
    const allowed = transition(batch.status, { type: 'RETRY' });
    if (!allowed.ok) {
      const why = batch.status === 'CANCELED' ? 'a canceled batch is not retried; create a new batch' : 'retry works on a finished batch (FAILED or COMPLETED_WITH_ERRORS)';
      throw new ConflictError(`batch ${batch.batchId} is ${batch.status}: ${why}`, { details: { status: batch.status } });
    }
    const wanted = command.tierNums === null || command.tierNums.length === 0 ? null : new Set(command.tierNums);
    if (wanted !== null) {
      const unknown = [...wanted].filter((t) => !tiers.some((x) => x.tier === t));
      if (unknown.length > 0) {
        throw new ValidationError(`tier_nums names tier(s) ${unknown.join(', ')}, but batch ${batch.batchId} has tiers 0-${tiers.length - 1}`);
      }
    }

    const failures = await this.failures(batch.batchId, wanted);
    const ofMode = failures.filter((f) => command.mode === 'all' || TRANSIENT_CATEGORIES.has(f.category));
    const retries = await this.retryCounts(batch, tiers.filter((t) => t.retryRound > 0).map((t) => ({ tier: t.tier, rounds: t.retryRound })));
    const selected = ofMode.filter((f) => (retries.get(`${f.tier}:${f.collectionId}:${f.itemId}`) ?? 0) < command.maxRetryCount);
    const exhausted = ofMode.length - selected.length;
    if (selected.length === 0 && exhausted > 0) {
      throw new ConflictError(
        `batch ${batch.batchId}: the ${exhausted} failure(s) that match retry_mode ${command.mode} were retried ${command.maxRetryCount} time(s) already (max_retry_count); raise max_retry_count (up to 10) to retry them again`,
        { details: { retry_mode: command.mode, max_retry_count: command.maxRetryCount, exhausted } },
      );
    }
    if (selected.length === 0) {
      const byCategory: Partial<Record<ErrorCategory, number>> = {};
      for (const f of failures) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
      const scope = wanted === null ? '' : ` in tier(s) ${[...wanted].join(', ')}`;
      const hint =
        failures.length > 0
          ? `; the ${failures.length} failure(s)${scope} are not transient (${Object.entries(byCategory).map(([k, n]) => `${k}: ${n}`).join(', ')}): send retry_mode "all" to retry them`
          : '';
      throw new ConflictError(`batch ${batch.batchId} has no failed items to retry with retry_mode ${command.mode}${scope}${hint}`, {
        details: { retry_mode: command.mode, failed_items: failures.length, failed_by_category: byCategory },
      });
    }

    const lowest = Math.min(...selected.map((f) => f.tier));
    const reopenTiers = tiers.filter((t) => t.tier >= lowest).map((t) => t.tier);
    const items: RetryItem[] = selected.map((f) => ({ tier: f.tier, collectionId: f.collectionId, itemId: f.itemId }));
    const now = isoNow(this.deps.clock);
    const round = Math.max(...reopenTiers.map((t) => (tiers.find((x) => x.tier === t)?.retryRound ?? 0) + 1));
    // batch.queued of the round commits with the reopen (the outbox, docs/adr/0095-transactional-outbox.md).
    const queued = this.queuedEvent(batch, selected.length, round, now);
    const won = await this.deps.metadata.batches.reopenForRetry(command.namespaceId, batch.batchId, {
      from: batch.status,
      to: allowed.to,
      items,
      reopenTiers,
      now,
      outbox: [queued],
    });
    if (!won) throw new ConflictError(`batch ${batch.batchId} changed while being retried (another retry, or a delete); read it and try again`);

    const perTier = new Map<number, number>();
    for (const f of selected) perTier.set(f.tier, (perTier.get(f.tier) ?? 0) + 1);
    const retried = [...perTier].sort(([a], [b]) => a - b).map(([tier, n]) => ({ tier, items: n }));
    if (batch.taskId !== null) {
      // A terminal task status is final in the task store: the retry replaces the task under the
      // same id (clients polling it see the batch run again), keeping what it said about the batch.
      const previous = await this.tasksOf.execute(batch.taskId);
      await this.deps.tasks.delete(batch.taskId);
      const additionalData = { ...(previous.additionalData ?? {}) };
      delete additionalData['from_metadata_store'];
      await this.deps.tasks.create({ ...previous, additionalData, status: 'PENDING', error: null, outputs: null, updatedAt: now });
    }
    this.deps.wakeUps.batchQueued({ version: 1, batch_id: batch.batchId, namespace_id: command.namespaceId });
    await publishCommitted({ events: this.deps.events, outbox: this.deps.metadata.outbox, logger: this.deps.logger }, [queued]);
    this.deps.logger.info(
      { batch_id: batch.batchId, mode: command.mode, retried: selected.length, skipped: failures.length - ofMode.length, exhausted, reopened_tiers: reopenTiers },
      'batch queued for retry',
    );
    const updated = (await this.deps.metadata.batches.find(command.namespaceId, batch.batchId)) ?? { ...batch, status: allowed.to };
    const task = updated.taskId === null ? null : await this.tasksOf.execute(updated.taskId);
    if (task === null) throw new ConflictError(`batch ${batch.batchId} has no task`);
    return { batch: updated, task, retried, skipped: failures.length - ofMode.length, exhausted, reopenedTiers: reopenTiers };
  }

  /**
   * How often each item ran in a retry round: the rounds' plans (persisted by the poller at
   * `<ns>/batches/<batch>/tier-<n>-retry-<round>.json`, see tierPlanKey in @strata/poller-use-cases) list
   * the items each round ran. A round whose plan is missing (never started) counts nothing.
   */
  private async retryCounts(batch: Batch, tiers: Array<{ tier: number; rounds: number }>): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const { tier, rounds } of tiers) {
      for (let round = 1; round <= rounds; round += 1) {
        const key = `${batch.namespaceId}/batches/${batch.batchId}/tier-${tier}-retry-${round}.json`;
        if (!(await this.deps.objects.exists(key))) continue;
        const plan = JSON.parse((await this.deps.objects.get(key)).toString('utf8')) as { groups: Array<{ collection_id: string; item_ids: string[] }> };
        for (const g of plan.groups) {
          for (const id of g.item_ids) counts.set(`${tier}:${g.collection_id}:${id}`, (counts.get(`${tier}:${g.collection_id}:${id}`) ?? 0) + 1);
        }
      }
    }
    return counts;
  }

  /** Every recorded failure of the batch (optionally of some tiers), oldest first. */
  private async failures(batchId: string, tiers: ReadonlySet<number> | null): Promise<FailedItem[]> {
    const out: FailedItem[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.deps.metadata.batches.listFailedItems(batchId, { tier: null, collectionId: null, offset, limit: PAGE });
      for (const f of page.results) if (tiers === null || tiers.has(f.tier)) out.push(f);
      if (page.results.length < PAGE) return out;
    }
  }

  private queuedEvent(batch: Batch, items: number, round: number, now: string): OutboxMessage {
    const event = buildBatchEvent({ batch, type: 'batch.queued', occurredAt: now, metadata: { status: 'QUEUED', total_items: items }, retryRound: round });
    return { event, correlationId: batch.batchId };
  }
}
