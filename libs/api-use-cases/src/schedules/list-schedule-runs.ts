import { BatchStatus, NotFoundError, ScheduleRun } from '@strata/domain';
import type { Page } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';

/** A run of a schedule with the current status of the batch it submitted (null: no batch, or deleted). */
export interface ScheduleRunView {
  run: ScheduleRun;
  batchStatus: BatchStatus | null;
}

/**
 * A page of a schedule's runs with their batches' statuses: the distinct batches of the page are
 * read concurrently, once each, instead of one read per run in turn.
 */
export class ListScheduleRuns {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, scheduleId: string, page: { offset: number; limit: number }): Promise<Page<ScheduleRunView>> {
    if ((await this.deps.metadata.schedules.find(namespaceId, scheduleId)) === null) throw new NotFoundError('schedule', scheduleId);
    const runs = await this.deps.metadata.schedules.listRuns(namespaceId, scheduleId, page);
    const batchIds = [...new Set(runs.results.flatMap((r) => (r.batchId === null ? [] : [r.batchId])))];
    const batches = await Promise.all(batchIds.map((id) => this.deps.metadata.batches.find(namespaceId, id)));
    const statuses = new Map<string, BatchStatus>();
    for (const b of batches) if (b !== null) statuses.set(b.batchId, b.status);
    return {
      results: runs.results.map((run) => ({ run, batchStatus: run.batchId === null ? null : (statuses.get(run.batchId) ?? null) })),
      total: runs.total,
    };
  }
}
