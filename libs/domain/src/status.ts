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

/**
 * Whether a status string read from outside the type system (a Redis hash, an HTTP body, a SQL
 * row) is terminal. Batches, tiers and tasks share the terminal names, so one set serves all three.
 */
export function isTerminalStatus(status: string): boolean {
  return (TERMINAL_BATCH_STATUSES as ReadonlySet<string>).has(status);
}

/** How a batch that ran ends (CANCELED is the caller's decision, not an outcome). */
export const BATCH_OUTCOMES = ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'] as const satisfies readonly BatchStatus[];
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

/** Statuses of a tier inside a batch (Mixpeek's TierTaskInfo.status values we use). */
export const TIER_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'] as const;
export type TierStatus = (typeof TIER_STATUSES)[number];

/** A tier is done when it ran to its end, whatever the outcome; a CANCELED tier did not run to its end. */
export function isTierDone(status: TierStatus): boolean {
  return (BATCH_OUTCOMES as readonly TierStatus[]).includes(status);
}

/** Mixpeek's TaskStatusEnum values that a task can take in Strata. */
export const TASK_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

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
