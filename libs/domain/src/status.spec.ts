import { BATCH_OUTCOMES, BATCH_STATUSES, TASK_STATUSES, TIER_STATUSES, TERMINAL_BATCH_STATUSES, isTerminal, isTerminalStatus, isTierDone, taskStatusOf } from './status';

describe('status sets', () => {
  it('terminal statuses are the outcomes plus CANCELED, and every other batch status is live', () => {
    expect([...TERMINAL_BATCH_STATUSES].sort()).toEqual([...BATCH_OUTCOMES, 'CANCELED'].sort());
    expect(BATCH_STATUSES.filter((s) => !isTerminal(s))).toEqual(['DRAFT', 'QUEUED', 'PROCESSING']);
  });

  it('isTerminalStatus reads untyped strings: unknown or live names are not terminal', () => {
    expect(isTerminalStatus('CANCELED')).toBe(true);
    expect(isTerminalStatus('COMPLETED_WITH_ERRORS')).toBe(true);
    expect(isTerminalStatus('PENDING')).toBe(false);
    expect(isTerminalStatus('completed')).toBe(false);
  });

  it('a tier is done when it ran to its end; a CANCELED tier is not done', () => {
    expect(TIER_STATUSES.filter(isTierDone)).toEqual(['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED']);
  });

  it('every batch status maps to a task status', () => {
    for (const s of BATCH_STATUSES) expect(TASK_STATUSES).toContain(taskStatusOf(s));
  });
});
