import type { Schedule } from '@strata/domain';

/**
 * What fires schedules (BullMQ job schedulers on Redis in every deployment). The stored schedules
 * are the truth; the timer is reconciled with them on every change and at start-up.
 */
export interface ScheduleTimer {
  /** Creates or replaces the timer of an enabled schedule; removes the timer of a disabled one. */
  sync(schedule: Schedule): Promise<void>;
  remove(scheduleId: string): Promise<void>;
  /** Ids of the schedules that have a timer now. */
  scheduledIds(): Promise<string[]>;
}
