import type { BatchPolicy } from './policies';

/** When a schedule fires: a cron expression in a time zone, or a fixed interval. */
export type ScheduleTrigger =
  | { type: 'cron'; expression: string; timezone: string }
  | { type: 'interval'; everySeconds: number };

/** What a run submits from the bucket. */
export type ScheduleSelection =
  | { mode: 'all' }
  /** Objects created or updated since the last run that submitted (all objects on the first run). */
  | { mode: 'changed_since_last_run' }
  /** Objects matching a filter (the objects list's AND/OR/NOT filter syntax). */
  | { mode: 'filter'; filters: Record<string, unknown> };

export const SCHEDULE_SELECTION_MODES = ['all', 'changed_since_last_run', 'filter'] as const;

/** A recurring batch over one bucket, fired by a BullMQ job scheduler (see docs/adr/0050). */
export interface Schedule {
  namespaceId: string;
  scheduleId: string;
  bucketId: string;
  scheduleName: string;
  description: string | null;
  trigger: ScheduleTrigger;
  selection: ScheduleSelection;
  /** Collections of the bucket to run (with the collections sourcing them); empty = all. */
  collectionIds: string[];
  enabled: boolean;
  /** Default policy of the batches the schedule submits. */
  policy: BatchPolicy;
  createdAt: string;
  updatedAt: string;
}

export const SCHEDULE_RUN_STATUSES = ['SUBMITTED', 'SKIPPED', 'EMPTY', 'FAILED'] as const;
/**
 * SUBMITTED: a batch was created and submitted. SKIPPED: the previous run's batch had not finished
 * (runs never overlap). EMPTY: nothing matched the selection. FAILED: the run could not submit.
 */
export type ScheduleRunStatus = (typeof SCHEDULE_RUN_STATUSES)[number];

/** One firing of a schedule. The run id is derived from the schedule and the tick, so a tick is recorded once. */
export interface ScheduleRun {
  namespaceId: string;
  scheduleId: string;
  runId: string;
  /** The tick this run belongs to (the scheduler's planned time). */
  firedAt: string;
  status: ScheduleRunStatus;
  batchId: string | null;
  objectCount: number;
  reason: string | null;
}
