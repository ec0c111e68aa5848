import type { Clock } from '@strata/domain';

/** 2025-01-01T00:00:00.000Z: a fixed, readable start so timestamps in assertions are stable. */
export const MANUAL_CLOCK_START = Date.UTC(2025, 0, 1);

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number = MANUAL_CLOCK_START) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` (never backwards: leases and durations assume monotonic time). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('ManualClock.advance(ms) needs a finite ms >= 0');
    this.current += ms;
    return this.current;
  }

  iso(): string {
    return new Date(this.current).toISOString();
  }
}
