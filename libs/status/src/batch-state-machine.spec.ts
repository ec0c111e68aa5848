import { BATCH_STATUSES, BatchStatus } from '@strata/domain';
import { BatchEvent, outcomeOf, transition } from './batch-state-machine';

const EVENTS: BatchEvent[] = [
  { type: 'SUBMIT' },
  { type: 'CLAIM' },
  { type: 'FINISH', succeeded: 3, failed: 0 },
  { type: 'FAIL', reason: 'boom' },
  { type: 'CANCEL' },
  { type: 'RETRY' },
];

// The whole table: every status against every event. null = refused.
const EXPECTED: Record<BatchStatus, Record<BatchEvent['type'], BatchStatus | null>> = {
  DRAFT: { SUBMIT: 'QUEUED', CLAIM: null, FINISH: null, FAIL: null, CANCEL: 'CANCELED', RETRY: null },
  QUEUED: { SUBMIT: null, CLAIM: 'PROCESSING', FINISH: null, FAIL: 'FAILED', CANCEL: 'CANCELED', RETRY: null },
  PROCESSING: { SUBMIT: null, CLAIM: null, FINISH: 'COMPLETED', FAIL: 'FAILED', CANCEL: 'CANCELED', RETRY: null },
  COMPLETED: { SUBMIT: null, CLAIM: null, FINISH: null, FAIL: null, CANCEL: null, RETRY: null },
  COMPLETED_WITH_ERRORS: { SUBMIT: null, CLAIM: null, FINISH: null, FAIL: null, CANCEL: null, RETRY: 'QUEUED' },
  FAILED: { SUBMIT: null, CLAIM: null, FINISH: null, FAIL: null, CANCEL: null, RETRY: 'QUEUED' },
  CANCELED: { SUBMIT: null, CLAIM: null, FINISH: null, FAIL: null, CANCEL: null, RETRY: null },
};

describe('batch state machine', () => {
  it('covers every status', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...BATCH_STATUSES].sort());
  });

  for (const from of BATCH_STATUSES) {
    for (const event of EVENTS) {
      const expected = EXPECTED[from][event.type];
      it(`${from} + ${event.type} -> ${expected ?? 'refused'}`, () => {
        const result = transition(from, event);
        if (expected === null) {
          expect(result).toEqual({ ok: false, reason: expect.stringContaining(from) });
        } else {
          expect(result).toEqual({ ok: true, to: expected });
        }
      });
    }
  }

  it('finishes with the outcome of the counts', () => {
    expect(transition('PROCESSING', { type: 'FINISH', succeeded: 5, failed: 0 })).toEqual({ ok: true, to: 'COMPLETED' });
    expect(transition('PROCESSING', { type: 'FINISH', succeeded: 4, failed: 1 })).toEqual({
      ok: true,
      to: 'COMPLETED_WITH_ERRORS',
    });
    expect(transition('PROCESSING', { type: 'FINISH', succeeded: 0, failed: 5 })).toEqual({ ok: true, to: 'FAILED' });
    expect(transition('PROCESSING', { type: 'FINISH', succeeded: 0, failed: 0 })).toEqual({ ok: true, to: 'COMPLETED' });
  });

  it('refuses nonsensical finish counts', () => {
    expect(transition('PROCESSING', { type: 'FINISH', succeeded: -1, failed: 0 }).ok).toBe(false);
    expect(transition('PROCESSING', { type: 'FINISH', succeeded: 1.5, failed: 0 }).ok).toBe(false);
  });

  it('outcomeOf matches the documented partial-success rule', () => {
    expect(outcomeOf(0, 0)).toBe('COMPLETED');
    expect(outcomeOf(1, 0)).toBe('COMPLETED');
    expect(outcomeOf(1, 1)).toBe('COMPLETED_WITH_ERRORS');
    expect(outcomeOf(0, 1)).toBe('FAILED');
  });

  it('no terminal status except retryable failures can move', () => {
    for (const terminal of ['COMPLETED', 'CANCELED'] as const) {
      for (const event of EVENTS) expect(transition(terminal, event).ok).toBe(false);
    }
  });
});
