import { BatchOutcome, BatchStatus } from '@strata/domain';

export type { BatchOutcome };

/** Everything that may change a batch's status. */
export type BatchEvent =
  | { type: 'SUBMIT' }
  | { type: 'CLAIM' }
  | { type: 'FINISH'; succeeded: number; failed: number }
  | { type: 'FAIL'; reason: string }
  | { type: 'CANCEL' }
  | { type: 'RETRY' };

export type BatchEventType = BatchEvent['type'];

export type TransitionResult = { ok: true; to: BatchStatus } | { ok: false; reason: string };

/** Outcome of a batch whose work is all done: every item either succeeded or failed for good. */
export function outcomeOf(succeeded: number, failed: number): BatchOutcome {
  if (failed === 0) return 'COMPLETED';
  if (succeeded === 0) return 'FAILED';
  return 'COMPLETED_WITH_ERRORS';
}

const ALLOWED: Record<BatchEventType, ReadonlySet<BatchStatus>> = {
  SUBMIT: new Set(['DRAFT']),
  CLAIM: new Set(['QUEUED']),
  FINISH: new Set(['PROCESSING']),
  FAIL: new Set(['QUEUED', 'PROCESSING']),
  CANCEL: new Set(['DRAFT', 'QUEUED', 'PROCESSING']),
  RETRY: new Set(['FAILED', 'COMPLETED_WITH_ERRORS']),
};

/**
 * The batch state machine. Pure: the only place that decides whether a status change is allowed.
 * Stores apply its result with a conditional write (`WHERE status = from`), so two processes
 * racing on the same batch cannot both win.
 */
export function transition(from: BatchStatus, event: BatchEvent): TransitionResult {
  if (!ALLOWED[event.type].has(from)) {
    return { ok: false, reason: `cannot ${event.type.toLowerCase()} a batch that is ${from}` };
  }
  switch (event.type) {
    case 'SUBMIT':
    case 'RETRY':
      return { ok: true, to: 'QUEUED' };
    case 'CLAIM':
      return { ok: true, to: 'PROCESSING' };
    case 'FINISH':
      if (!Number.isInteger(event.succeeded) || !Number.isInteger(event.failed) || event.succeeded < 0 || event.failed < 0) {
        return { ok: false, reason: 'finish counts must be non-negative integers' };
      }
      return { ok: true, to: outcomeOf(event.succeeded, event.failed) };
    case 'FAIL':
      return { ok: true, to: 'FAILED' };
    case 'CANCEL':
      return { ok: true, to: 'CANCELED' };
  }
}
