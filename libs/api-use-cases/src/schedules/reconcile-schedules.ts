import type { ScheduleTimer } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';

/**
 * Makes the timers match the stored schedules: every enabled schedule has one, nothing else
 * does. Run at start-up (a change made while Redis was unreachable, or a flushed Redis). A
 * stored schedule the timer refuses (e.g. a cron expression saved before expressions were
 * checked) is reported in `failed` and skipped; the others are still synced (ADR 0086).
 */
export class ReconcileSchedules {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'logger'> & { timer: ScheduleTimer }) {}

  async execute(): Promise<{ synced: number; removed: number; failed: Array<{ scheduleId: string; reason: string }> }> {
    const schedules = await this.deps.metadata.schedules.listAll();
    const known = new Set(schedules.map((s) => s.scheduleId));
    const failed: Array<{ scheduleId: string; reason: string }> = [];
    let synced = 0;
    for (const s of schedules) {
      try {
        const why = s.enabled ? this.deps.timer.check(s.trigger) : null;
        if (why !== null) throw new Error(`its trigger cannot fire: ${why}`);
        await this.deps.timer.sync(s);
        synced += 1;
      } catch (error) {
        const reason = (error as Error).message;
        failed.push({ scheduleId: s.scheduleId, reason });
        this.deps.logger.error({ schedule_id: s.scheduleId, namespace_id: s.namespaceId, reason }, 'stored schedule skipped by reconciliation; fix or delete it');
      }
    }
    let removed = 0;
    for (const id of await this.deps.timer.scheduledIds()) {
      if (known.has(id)) continue;
      await this.deps.timer.remove(id);
      removed += 1;
    }
    return { synced, removed, failed };
  }
}
