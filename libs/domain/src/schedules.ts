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
  /**
   * Why the schedule paused itself (its runs kept failing, see SCHEDULE_FAILURE_POLICY); null or
   * absent while it runs or when it was disabled by hand. Cleared when it is enabled again.
   */
  pausedReason?: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * What a schedule whose runs keep failing does (docs/adr/0086): after `backoffAfter` failed runs
 * in a row, ticks are skipped (not recorded) until `backoffBaseMs` × 2^(failures − backoffAfter)
 * (at most `backoffMaxMs`) has passed since the last failed run; after `pauseAfter` failed runs in
 * a row the schedule disables itself with the reason. So a broken schedule records at most
 * `pauseAfter` failed runs, whatever its interval.
 */
export interface ScheduleFailurePolicy {
  backoffAfter: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  pauseAfter: number;
}

export const SCHEDULE_FAILURE_POLICY: ScheduleFailurePolicy = {
  backoffAfter: 3,
  backoffBaseMs: 60_000,
  backoffMaxMs: 3_600_000,
  pauseAfter: 10,
};

/** Failed runs in a row, most recent first (runs skipped for overlap neither break nor extend the streak). */
export function consecutiveFailedRuns(runsNewestFirst: ReadonlyArray<Pick<ScheduleRun, 'status'>>): number {
  let failed = 0;
  for (const run of runsNewestFirst) {
    if (run.status === 'SKIPPED') continue;
    if (run.status !== 'FAILED') break;
    failed += 1;
  }
  return failed;
}

/** How long after the last failed run the next run may start; 0 when no back-off applies. */
export function scheduleBackoffMs(failedInARow: number, policy: ScheduleFailurePolicy = SCHEDULE_FAILURE_POLICY): number {
  if (failedInARow < policy.backoffAfter) return 0;
  return Math.min(policy.backoffBaseMs * 2 ** (failedInARow - policy.backoffAfter), policy.backoffMaxMs);
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
