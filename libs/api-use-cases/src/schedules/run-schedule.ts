import {
  consecutiveFailedRuns,
  derivedId,
  isoNow,
  isTerminal,
  Schedule,
  SCHEDULE_FAILURE_POLICY,
  scheduleBackoffMs,
  ScheduleFailurePolicy,
  ScheduleRun,
} from '@strata/domain';
import type { ScheduleTimer } from '@strata/ports';
import { CreateBatch } from '../batches/create-batch';
import { SubmitBatch } from '../batches/submit-batch';
import type { RunBatchDeps } from '../collections/trigger-collection';
import { selectObjectIds } from '../objects/select-object-ids';

/**
 * One tick of a schedule: records the run once per tick, skips it when the previous run's batch
 * has not finished (runs never overlap), else selects the objects and creates + submits a batch.
 */
export class RunSchedule {
  private readonly create: CreateBatch;
  private readonly submit: SubmitBatch;
  private readonly failurePolicy: ScheduleFailurePolicy;

  /** `timer`: removed when the schedule pauses itself; `failurePolicy`: tests shorten it (ADR 0086). */
  constructor(private readonly deps: RunBatchDeps & { timer?: ScheduleTimer; failurePolicy?: ScheduleFailurePolicy }) {
    this.failurePolicy = deps.failurePolicy ?? SCHEDULE_FAILURE_POLICY;
    this.create = new CreateBatch(deps);
    this.submit = new SubmitBatch(deps);
  }

  /** `tick` identifies the firing (the job's id); the same tick handled twice records one run. Null when nothing ran. */
  async execute(command: { namespaceId: string; scheduleId: string; tick: string }): Promise<ScheduleRun | null> {
    const schedule = await this.deps.metadata.schedules.find(command.namespaceId, command.scheduleId);
    if (schedule === null || !schedule.enabled) return null;
    const firedAt = isoNow(this.deps.clock);
    const run: ScheduleRun = {
      namespaceId: schedule.namespaceId,
      scheduleId: schedule.scheduleId,
      runId: derivedId('scheduleRun', schedule.scheduleId, command.tick),
      firedAt,
      status: 'SUBMITTED',
      batchId: null,
      objectCount: 0,
      reason: null,
    };
    const previous = await this.deps.metadata.schedules.listRuns(schedule.namespaceId, schedule.scheduleId, { offset: 0, limit: 50 });
    // Back-off: after failed runs in a row, ticks within the back-off are dropped, not recorded.
    const failedInARow = consecutiveFailedRuns(previous.results);
    const lastFailed = previous.results.find((r) => r.status === 'FAILED');
    const backoff = scheduleBackoffMs(failedInARow, this.failurePolicy);
    if (backoff > 0 && lastFailed !== undefined && this.deps.clock.now() - Date.parse(lastFailed.firedAt) < backoff) {
      this.deps.logger.debug({ schedule_id: schedule.scheduleId, failed_in_a_row: failedInARow, backoff_ms: backoff }, 'schedule tick dropped: backing off after failed runs');
      return null;
    }
    if (!(await this.deps.metadata.schedules.recordRun(run))) return null;
    const finish = async (change: Partial<ScheduleRun>): Promise<ScheduleRun> => {
      const done = { ...run, ...change };
      await this.deps.metadata.schedules.updateRun(done);
      this.deps.logger.info({ schedule_id: schedule.scheduleId, run_id: run.runId, status: done.status, batch_id: done.batchId, reason: done.reason }, 'schedule run');
      return done;
    };
    try {
      const lastSubmitted = previous.results.find((r) => r.status === 'SUBMITTED' && r.batchId !== null);
      if (lastSubmitted !== undefined) {
        const batch = await this.deps.metadata.batches.find(schedule.namespaceId, lastSubmitted.batchId as string);
        if (batch !== null && !isTerminal(batch.status) && batch.status !== 'CANCELED') {
          return finish({ status: 'SKIPPED', reason: `the previous run's batch ${batch.batchId} is still ${batch.status}; runs of a schedule never overlap` });
        }
      }
      const since = previous.results.find((r) => r.status === 'SUBMITTED' || r.status === 'EMPTY');
      const objectIds = await selectObjectIds(this.deps, schedule.namespaceId, schedule.bucketId, {
        filters: schedule.selection.mode === 'filter' ? schedule.selection.filters : undefined,
        updatedAfter: schedule.selection.mode === 'changed_since_last_run' ? (since?.firedAt ?? null) : null,
      });
      if (objectIds.length === 0) return finish({ status: 'EMPTY', reason: 'no object matched the selection' });
      const batch = await this.create.execute({
        namespaceId: schedule.namespaceId,
        bucket: schedule.bucketId,
        objectIds,
        metadata: { schedule_id: schedule.scheduleId, schedule_run_id: run.runId },
        policy: schedule.policy,
      });
      await this.deps.metadata.schedules.updateRun({ ...run, batchId: batch.batchId, objectCount: objectIds.length });
      await this.submit.execute({
        namespaceId: schedule.namespaceId,
        bucket: schedule.bucketId,
        batchId: batch.batchId,
        includeProcessingHistory: true,
        rootCollectionIds: schedule.collectionIds,
      });
      return finish({ status: 'SUBMITTED', batchId: batch.batchId, objectCount: objectIds.length });
    } catch (error) {
      const failed = await finish({ status: 'FAILED', reason: (error as Error).message.slice(0, 1_000) });
      if (failedInARow + 1 >= this.failurePolicy.pauseAfter) await this.pause(schedule, failedInARow + 1, failed.reason ?? 'unknown error');
      return failed;
    }
  }

  /** Disables a schedule whose runs keep failing, with the reason, and removes its timer. */
  private async pause(schedule: Schedule, failedInARow: number, lastReason: string): Promise<void> {
    const current = await this.deps.metadata.schedules.find(schedule.namespaceId, schedule.scheduleId);
    if (current === null || !current.enabled) return;
    const pausedReason = `paused after ${failedInARow} failed runs in a row; last error: ${lastReason}`.slice(0, 1_000);
    await this.deps.metadata.schedules.update({ ...current, enabled: false, pausedReason, updatedAt: isoNow(this.deps.clock) });
    await this.deps.timer?.remove(schedule.scheduleId).catch(() => undefined);
    this.deps.logger.warn({ schedule_id: schedule.scheduleId, namespace_id: schedule.namespaceId, reason: pausedReason }, 'schedule paused itself');
  }
}
