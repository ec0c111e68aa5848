import { terminalEventType } from '@strata/contracts';
import { Batch, BatchTier, isoNow, taskStatusOf } from '@strata/domain';
import { transition } from '@strata/status';
import { BatchReporter } from './batch-reporter';
import { CoordinatorDeps, CoordinatorOptions, retryRoundOf } from './coordinator-types';

/** Orphaned documents deleted per round trip when a batch finishes. */
const ORPHAN_PAGE = 500;

/**
 * How old a tombstone must be before the finisher prunes it (docs/adr/0050-batch-policies.md,
 * addendum 2026-12-07): a worker that read an object before it was deleted may still write its
 * documents (another batch's finisher must not drop the tombstone that finds them), and MongoDB
 * writes the tombstone just before it deletes the object.
 */
export const TOMBSTONE_GRACE_MS = 60 * 60 * 1000;

/** Why a running batch is failed: its error policy's threshold, or an error no retry can fix. */
export type FailureKind = 'error_policy' | 'permanent_error';

function totalsOf(tiers: readonly BatchTier[]) {
  return {
    succeeded: tiers.reduce((n, t) => n + t.succeededItems, 0),
    failed: tiers.reduce((n, t) => n + t.failedItems, 0),
    total: tiers.reduce((n, t) => n + t.totalItems, 0),
    skipped: tiers.reduce((n, t) => n + (t.skippedItems ?? 0), 0),
  };
}

/**
 * Ends a batch the coordinator holds: PROCESSING -> its outcome once every tier is done, or
 * PROCESSING -> FAILED with a reason. Each write is conditional on the lease, so a poller that
 * took over in between makes it a no-op; the task and the terminal event follow the batch.
 */
export class BatchFinisher {
  constructor(
    private readonly deps: Pick<CoordinatorDeps, 'metadata' | 'vectors' | 'tasks' | 'clock'>,
    private readonly options: Pick<CoordinatorOptions, 'owner'>,
    private readonly reporter: BatchReporter,
  ) {}

  async finish(batch: Batch, tiers: BatchTier[]): Promise<void> {
    const { succeeded, failed, total, skipped } = totalsOf(tiers);
    const change = transition('PROCESSING', { type: 'FINISH', succeeded, failed });
    if (!change.ok) throw new Error(change.reason);
    // While the batch is still PROCESSING under this lease: a poller that takes over repeats it.
    const deletedDocuments = await this.deleteOrphans(batch, tiers);
    const now = isoNow(this.deps.clock);
    const error = failed > 0 ? `${failed} of ${total} items failed; see failed documents for each error` : null;
    const eventType = terminalEventType(change.to);
    // The terminal event commits with the status (the outbox, docs/adr/0095-transactional-outbox.md).
    const outbox =
      eventType === null
        ? []
        : [
            this.reporter.event(
              batch,
              eventType,
              { status: change.to, total_items: total, succeeded_items: succeeded, failed_items: failed, skipped_items: skipped, deleted_documents: deletedDocuments },
              retryRoundOf(tiers),
            ),
          ];
    const done = await this.deps.metadata.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: change.to, owner: this.options.owner, now, error, outbox });
    if (!done) return;
    this.reporter.log(batch).info({ status: change.to, succeeded, failed, total, deleted_documents: deletedDocuments }, 'batch finished');
    if (batch.taskId !== null) {
      await this.deps.tasks.update(batch.taskId, {
        status: taskStatusOf(change.to),
        additionalData: await this.reporter.taskData(batch, tiers, change.to),
        error,
        outputs: [{ batch_id: batch.batchId, succeeded_items: succeeded, failed_items: failed, skipped_items: skipped, total_items: total, deleted_documents: deletedDocuments }],
        updatedAt: now,
      });
    }
    await this.reporter.publish(outbox);
  }

  /**
   * PROCESSING -> FAILED with `reason` (the error policy's crossed threshold, or a permanent
   * error such as a collection deleted under the batch). Workers check the batch's status on
   * every message (the cancel mechanism), so its remaining work is acked without running; open
   * tiers end FAILED; the batch error, the task error and the batch.failed event carry `reason`.
   */
  async fail(batch: Batch, tiers: BatchTier[], reason: string, kind: FailureKind): Promise<void> {
    const change = transition('PROCESSING', { type: 'FAIL', reason });
    if (!change.ok) throw new Error(change.reason);
    const now = isoNow(this.deps.clock);
    const { succeeded, failed, total } = totalsOf(tiers);
    const outbox = [
      this.reporter.event(batch, 'batch.failed', { status: change.to, total_items: total, succeeded_items: succeeded, failed_items: failed, error: reason }, retryRoundOf(tiers)),
    ];
    const done = await this.deps.metadata.batches.changeStatus(batch.batchId, { from: 'PROCESSING', to: change.to, owner: this.options.owner, now, error: reason, outbox });
    if (!done) return;
    for (const t of tiers) {
      if (t.status === 'PENDING' || t.status === 'PROCESSING') await this.deps.metadata.batches.completeTier(batch.batchId, t.tier, 'FAILED', now);
    }
    this.reporter
      .log(batch)
      .warn({ reason, succeeded, failed, total }, kind === 'error_policy' ? 'batch aborted by its error policy' : 'batch failed: it cannot be driven further');
    if (batch.taskId !== null) {
      await this.deps.tasks.update(batch.taskId, {
        status: taskStatusOf(change.to),
        additionalData: await this.reporter.taskData(batch, tiers),
        error: reason,
        outputs: [{ batch_id: batch.batchId, succeeded_items: succeeded, failed_items: failed, total_items: total }],
        updatedAt: now,
      });
    }
    await this.reporter.publish(outbox);
  }

  /**
   * Deletes the documents whose root object was deleted from the bucket, in the batch's
   * collections and every collection downstream of them (lineage: their documents carry the
   * same root object): vectors first, then the metadata row, so a search never returns a vector
   * whose document is gone. Idempotent: what is orphaned is recomputed from the stores each
   * time, so a redelivered wake-up or a poller taking over deletes only what is left. The
   * orphans are found from the tombstones of deleted objects; after the sweep over every
   * collection, the tombstones older than TOMBSTONE_GRACE_MS that no document needs any more are
   * pruned (a repeat prunes nothing new; a crash before the prune leaves them for the next one).
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
    const deletedBefore = new Date(this.deps.clock.now() - TOMBSTONE_GRACE_MS).toISOString();
    const pruned = await this.deps.metadata.documents.pruneTombstones(namespaceId, deletedBefore);
    if (pruned > 0) this.reporter.log(batch).debug({ pruned_tombstones: pruned }, 'tombstones of deleted objects pruned');
    if (deleted > 0) this.reporter.log(batch).info({ deleted_documents: deleted, collections: collectionIds.size }, 'documents of deleted objects removed');
    return deleted;
  }
}
