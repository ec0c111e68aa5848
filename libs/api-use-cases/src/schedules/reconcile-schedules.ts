import type { ScheduleTimer } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';

/**
 * Makes the timers match the stored schedules: every enabled schedule has one, nothing else
 * does. Run at start-up (a change made while Redis was unreachable, or a flushed Redis).
 */
export class ReconcileSchedules {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'> & { timer: ScheduleTimer }) {}

  async execute(): Promise<{ synced: number; removed: number }> {
    const schedules = await this.deps.metadata.schedules.listAll();
    const known = new Set(schedules.map((s) => s.scheduleId));
    for (const s of schedules) await this.deps.timer.sync(s);
    let removed = 0;
    for (const id of await this.deps.timer.scheduledIds()) {
      if (known.has(id)) continue;
      await this.deps.timer.remove(id);
      removed += 1;
    }
    return { synced: schedules.length, removed };
  }
}
