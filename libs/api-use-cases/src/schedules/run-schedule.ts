import { derivedId, isoNow, isTerminal, ScheduleRun } from '@strata/domain';
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

  constructor(private readonly deps: RunBatchDeps) {
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
      return finish({ status: 'FAILED', reason: (error as Error).message.slice(0, 1_000) });
    }
  }
}
