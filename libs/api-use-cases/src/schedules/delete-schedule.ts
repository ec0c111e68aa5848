import type { ScheduleTimer } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';
import { GetSchedule } from './get-schedule';

/** Deletes a schedule: its timer first, so no tick fires for a schedule that is gone. */
export class DeleteSchedule {
  private readonly schedules: GetSchedule;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'> & { timer: ScheduleTimer }) {
    this.schedules = new GetSchedule(deps);
  }

  /** @throws NotFoundError */
  async execute(namespaceId: string, scheduleId: string): Promise<void> {
    await this.schedules.execute(namespaceId, scheduleId);
    await this.deps.timer.remove(scheduleId);
    await this.deps.metadata.schedules.delete(namespaceId, scheduleId);
  }
}
