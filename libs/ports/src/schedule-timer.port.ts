import type { Schedule, ScheduleTrigger } from '@strata/domain';

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
  /**
   * Why this timer cannot fire the trigger (an expression its cron parser refuses, a time zone it
   * cannot use, a date that never comes), or null when it can. Checked before a schedule is stored.
   */
  check(trigger: ScheduleTrigger): string | null;
}
