import { isoNow, NotFoundError, Schedule } from '@strata/domain';
import type { ScheduleTimer } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';
import { GetSchedule } from './get-schedule';
import { checkScheduleFields, ScheduleFields } from './schedule-fields';

/** Updates a schedule (docs/adr/0050-batch-policies.md): stored first, then its timer is reconciled with it. */
export class UpdateSchedule {
  private readonly schedules: GetSchedule;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'> & { timer: ScheduleTimer }) {
    this.schedules = new GetSchedule(deps);
  }

  /** @throws NotFoundError, ValidationError */
  async execute(namespaceId: string, scheduleId: string, patch: Partial<ScheduleFields>): Promise<Schedule> {
    const existing = await this.schedules.execute(namespaceId, scheduleId);
    const next: Schedule = { ...existing, ...patch, updatedAt: isoNow(this.deps.clock) };
    // Enabling a schedule that paused itself is the user's "fixed, try again".
    if (patch.enabled === true) next.pausedReason = null;
    await checkScheduleFields(this.deps, namespaceId, existing.bucketId, next);
    if (!(await this.deps.metadata.schedules.update(next))) throw new NotFoundError('schedule', scheduleId);
    await this.deps.timer.sync(next);
    return next;
  }
}
