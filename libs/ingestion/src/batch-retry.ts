import { DomainEventV1 } from '@strata/contracts';
import { Batch, ConflictError, ErrorCategory, TRANSIENT_CATEGORIES, Task, ValidationError, derivedId, isoNow } from '@strata/domain';
import type { FailedItem, RetryItem } from '@strata/ports';
import { transition } from '@strata/status';
import type { IngestionDeps } from './deps';
import { GetBatch, GetTask } from './batches';

/** Mixpeek's RetryBatchRequest.retry_mode. */
export type RetryMode = 'transient_only' | 'all';

export interface RetryBatchCommand {
  namespaceId: string;
  bucket: string;
  batchId: string;
  mode: RetryMode;
  /** Only failures of these tiers; null or empty = every tier. */
  tierNums: readonly number[] | null;
}

export interface RetryBatchResult {
  batch: Batch;
  task: Task;
  /** Failed items put back to run, per tier. */
  retried: Array<{ tier: number; items: number }>;
  /** Failures left as they are because their category is not transient (mode transient_only). */
  skipped: number;
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

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'tasks' | 'events' | 'wakeUps' | 'clock' | 'logger'>) {
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
    const selected = failures.filter((f) => command.mode === 'all' || TRANSIENT_CATEGORIES.has(f.category));
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
    const won = await this.deps.metadata.batches.reopenForRetry(command.namespaceId, batch.batchId, {
      from: batch.status,
      to: allowed.to,
      items,
      reopenTiers,
      now,
    });
    if (!won) throw new ConflictError(`batch ${batch.batchId} changed while being retried (another retry, or a delete); read it and try again`);

    const perTier = new Map<number, number>();
    for (const f of selected) perTier.set(f.tier, (perTier.get(f.tier) ?? 0) + 1);
    const retried = [...perTier].sort(([a], [b]) => a - b).map(([tier, n]) => ({ tier, items: n }));
    if (batch.taskId !== null) {
      await this.deps.tasks.update(batch.taskId, { status: 'PENDING', error: null, outputs: null, updatedAt: now });
    }
    this.deps.wakeUps.batchQueued({ version: 1, batch_id: batch.batchId, namespace_id: command.namespaceId });
    await this.publishQueued(batch, selected.length, Math.max(...reopenTiers.map((t) => (tiers.find((x) => x.tier === t)?.retryRound ?? 0) + 1)), now);
    this.deps.logger.info(
      { batch_id: batch.batchId, mode: command.mode, retried: selected.length, skipped: failures.length - selected.length, reopened_tiers: reopenTiers },
      'batch queued for retry',
    );
    const updated = (await this.deps.metadata.batches.find(command.namespaceId, batch.batchId)) ?? { ...batch, status: allowed.to };
    const task = updated.taskId === null ? null : await this.tasksOf.execute(updated.taskId);
    if (task === null) throw new ConflictError(`batch ${batch.batchId} has no task`);
    return { batch: updated, task, retried, skipped: failures.length - selected.length, reopenedTiers: reopenTiers };
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

  private async publishQueued(batch: Batch, items: number, round: number, now: string): Promise<void> {
    const event: DomainEventV1 = {
      event_id: derivedId('event', batch.batchId, 'batch.queued', `retry-${round}`),
      event_type: 'batch.queued',
      occurred_at: now,
      namespace_id: batch.namespaceId,
      subject: { type: 'batch', id: batch.batchId },
      metadata: { batch_id: batch.batchId, bucket_id: batch.bucketId, status: 'QUEUED', task_id: batch.taskId, total_items: items, retry_round: round },
      version: 1,
    };
    try {
      await this.deps.events.publishEvent(event, batch.batchId);
    } catch (error) {
      this.deps.logger.error({ batch_id: batch.batchId, err: (error as Error).message }, 'could not publish batch.queued (retry)');
    }
  }
}
