import { DomainError } from '@strata/domain';
import {
  BatchPlanError,
  BatchStepError,
  CollectionGoneError,
  STEP_BACKOFF_BASE_MS,
  STEP_BACKOFF_MAX_MS,
  isPermanentBatchError,
  nextAttemptDelayMs,
} from './coordinator-errors';

describe('coordinator errors', () => {
  it('says in the type which errors fail the batch and which are retried', () => {
    const gone = new CollectionGoneError('btch_1', 'col_1');
    const plan = new BatchPlanError('tier 1 of batch btch_1 has 2 chunks planned but 3 recorded');
    const cause = new Error('connection reset');
    const step = new BatchStepError('btch_1', cause);
    expect([gone.retryable, plan.retryable, step.retryable]).toEqual([false, false, true]);
    expect([isPermanentBatchError(gone), isPermanentBatchError(plan), isPermanentBatchError(step), isPermanentBatchError(cause)]).toEqual([true, true, false, false]);
    expect(gone).toBeInstanceOf(DomainError);
    expect(gone.message).toBe('collection col_1 of batch btch_1 no longer exists');
    expect(step.cause).toBe(cause);
    expect(step.message).toContain('connection reset');
  });

  it('backs off from the next heartbeat, doubling, bounded', () => {
    expect(nextAttemptDelayMs(1)).toBe(0);
    expect(nextAttemptDelayMs(2)).toBe(STEP_BACKOFF_BASE_MS);
    expect(nextAttemptDelayMs(3)).toBe(2 * STEP_BACKOFF_BASE_MS);
    expect(nextAttemptDelayMs(100)).toBe(STEP_BACKOFF_MAX_MS);
  });
});
