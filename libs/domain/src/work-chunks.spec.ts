import { MIN_TIER_MESSAGES, workChunkSize } from './work-chunks';

describe('workChunkSize', () => {
  it('uses the configured maximum when the tier is large enough to fill the minimum number of messages', () => {
    expect(workChunkSize(10_000, 256)).toBe(256);
    expect(workChunkSize(1_000_000, 256)).toBe(256);
    expect(workChunkSize(256 * MIN_TIER_MESSAGES, 256)).toBe(256);
  });

  it('cuts a small tier into the minimum number of messages, never fewer than one item each', () => {
    expect(workChunkSize(1_000, 256)).toBe(63);
    expect(Math.ceil(1_000 / workChunkSize(1_000, 256))).toBe(MIN_TIER_MESSAGES);
    expect(workChunkSize(5, 256)).toBe(1);
    expect(workChunkSize(0, 256)).toBe(1);
  });

  it('takes another minimum number of messages', () => {
    expect(workChunkSize(7, 3, 1)).toBe(3);
    expect(workChunkSize(100, 64, 4)).toBe(25);
  });

  it('refuses a maximum that is not a positive integer', () => {
    expect(() => workChunkSize(10, 0)).toThrow(RangeError);
    expect(() => workChunkSize(10, 2.5)).toThrow(RangeError);
  });
});
