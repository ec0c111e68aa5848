import type { BatchProgressView } from '@strata/sdk';
import { exitCodeFor, plainLine, renderBatch } from './watch';

const batch = {
  batch_id: 'btch_1',
  status: 'PROCESSING',
  status_message: 'Processing 50/100 objects',
  progress: { processed: 50, total: 100, percent: 50, succeeded: 48, failed: 2, items_per_second: 12.5, eta_seconds: 4, errors: 2, skipped: 0, current_stage: null },
  health: { status: 'degraded', reasons: [{ code: 'error_ratio', level: 'degraded', message: '4% of items failed' }], stall_seconds: 0 },
  tier_tasks: [{ tier_num: 0, status: 'IN_PROGRESS', items_processed: 50, documents_submitted_to_engine: 100, items_failed: 2 }],
} as unknown as BatchProgressView;

describe('batch watch display', () => {
  const plain = { width: 100, paint: (_c: string, t: string) => t };

  it('draws a bar per tier with rate, ETA, errors and health reasons', () => {
    const lines = renderBatch(batch, plain);
    expect(lines[0]).toBe('batch btch_1  PROCESSING  health degraded');
    expect(lines[1]).toMatch(/^ {2}all {5}[█░]{30} {2}50\.0% {2}50\/100 items {2}12\.5 items\/s {2}ETA 4s {2}errors 2$/);
    expect(lines[2]).toMatch(/^ {2}tier 0 {2}█{15}░{15} 50\/100 {2}IN_PROGRESS {2}failed 2$/);
    expect(lines[3]).toBe('  ! 4% of items failed');
  });

  it('prints one plain line per update for pipes', () => {
    expect(plainLine(batch)).toBe('PROCESSING  50/100  50.0%  12.5 items/s  eta 4s  errors 2  health degraded  t0:50/100  (4% of items failed)');
  });

  it('exits 0 on COMPLETED, 2 on COMPLETED_WITH_ERRORS, 1 on FAILED or CANCELED', () => {
    expect(['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'].map(exitCodeFor)).toEqual([0, 2, 1, 1]);
  });
});

describe('hostile text', () => {
  it('shows escape sequences in names and messages as text', () => {
    const hostile = { ...batch, status_message: 'x\x1b[2Jy', health: { status: 'degraded', reasons: [{ code: 'stalled', level: 'degraded', message: '\x1b]0;pwned\x07' }], stall_seconds: 0 } } as unknown as BatchProgressView;
    const text = renderBatch(hostile, { width: 100, paint: (_c: string, t: string) => t }).join('\n') + plainLine(hostile);
    expect(text).not.toContain('\x1b');
    expect(text).toContain('x\\x1b[2Jy');
  });
});
