import { ChartGeometry, ProgressSample, addSample, chartLines } from './chart';

const G: ChartGeometry = { width: 200, height: 120, padding: { top: 10, right: 10, bottom: 10, left: 10 } };
const s = (at: number, processed: number, itemsPerSecond = 0, total = 10): ProgressSample => ({ at, processed, total, itemsPerSecond });

describe('the progress chart', () => {
  it('keeps samples in time order, without repeats, and caps them keeping the first', () => {
    let samples: ProgressSample[] = [];
    samples = addSample(samples, s(1000, 0));
    samples = addSample(samples, s(2000, 0));
    expect(samples).toHaveLength(1);
    samples = addSample(samples, s(500, 3));
    expect(samples).toHaveLength(1);
    for (let i = 1; i <= 10; i += 1) samples = addSample(samples, s(1000 + i * 1000, i), 5);
    expect(samples).toHaveLength(5);
    expect(samples[0]).toEqual(s(1000, 0));
    expect(samples.at(-1)).toEqual(s(11_000, 10));
  });

  it('maps progress to 0..100 % of the inner height and time to the inner width', () => {
    const lines = chartLines([s(0, 0), s(5000, 5), s(10_000, 10)], G);
    expect(lines).not.toBeNull();
    // x from 10 to 190, y from 110 (0 %) to 10 (100 %).
    expect(lines?.progress).toBe('10,110 100,60 190,10');
    expect(lines?.latestPercent).toBe(100);
  });

  it("plots the server's rate, and the rate the samples imply where the server reports none", () => {
    const reported = chartLines([s(0, 0), s(1000, 2, 4), s(2000, 4, 2)], G);
    expect(reported?.maxRate).toBe(4);
    expect(reported?.rate).toBe('10,110 100,10 190,60');
    // Seen only at its start and its end: 10 items in 2 s.
    const implied = chartLines([s(0, 0), s(2000, 10)], G);
    expect(implied?.maxRate).toBe(5);
  });

  it('draws a single sample as a flat line, and nothing without samples', () => {
    expect(chartLines([], G)).toBeNull();
    expect(chartLines([s(0, 5)], G)?.progress).toBe('10,60 190,60');
  });
});
