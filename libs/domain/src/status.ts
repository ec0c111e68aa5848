/** Batch lifecycle statuses (Mixpeek's five plus partial success and cancel). */
export const BATCH_STATUSES = [
  'DRAFT',
  'QUEUED',
  'PROCESSING',
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'CANCELED',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const TERMINAL_BATCH_STATUSES: ReadonlySet<BatchStatus> = new Set([
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'CANCELED',
]);

export function isTerminal(status: BatchStatus): boolean {
  return TERMINAL_BATCH_STATUSES.has(status);
}

/** Statuses of a tier inside a batch (Mixpeek's TierTaskInfo.status values we use). */
export type TierStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'FAILED' | 'CANCELED';

/** Mixpeek's TaskStatusEnum values that a task can take in Strata. */
export type TaskStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'FAILED' | 'CANCELED';

/** The task status shown for a batch status (a QUEUED batch's task is PENDING). */
export function taskStatusOf(status: BatchStatus): TaskStatus {
  switch (status) {
    case 'DRAFT':
    case 'QUEUED':
      return 'PENDING';
    default:
      return status;
  }
}
