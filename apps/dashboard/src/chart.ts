/**
 * The batch page's chart of progress and rate over time, as SVG coordinates. Pure (no DOM): the
 * samples come from the batch's event stream while the page is open (the API keeps no history
 * of progress), seeded with the batch's start and end times so a finished batch still has a line.
 */

/** One observation of a batch. */
export interface ProgressSample {
  /** Epoch milliseconds. */
  at: number;
  processed: number;
  total: number;
  itemsPerSecond: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Space for the axis labels. */
  padding: { top: number; right: number; bottom: number; left: number };
}

export interface ChartLines {
  /** `x,y x,y ...` for an SVG polyline: processed / total, 0..100 %. */
  progress: string;
  /** The same for items per second, scaled to the highest rate seen. */
  rate: string;
  maxRate: number;
  startedAt: number;
  endedAt: number;
  latestPercent: number;
}

/** Adds a sample in time order, skipping exact repeats of the previous one; at most `limit` are kept. */
export function addSample(samples: readonly ProgressSample[], sample: ProgressSample, limit = 600): ProgressSample[] {
  const last = samples.at(-1);
  if (last !== undefined && sample.at < last.at) return [...samples];
  if (last !== undefined && last.processed === sample.processed && last.total === sample.total && last.itemsPerSecond === sample.itemsPerSecond) {
    return [...samples];
  }
  const next = [...samples, sample];
  // Over the cap: drop the oldest points after the first, which anchors the start of the line.
  if (next.length > limit) next.splice(1, next.length - limit);
  return next;
}

export function chartLines(samples: readonly ProgressSample[], g: ChartGeometry): ChartLines | null {
  if (samples.length === 0) return null;
  const first = samples[0] as ProgressSample;
  const last = samples.at(-1) as ProgressSample;
  const startedAt = first.at;
  // Samples at a single instant still span a second so that the line has a width.
  const endedAt = last.at > startedAt ? last.at : startedAt + 1000;
  const innerW = g.width - g.padding.left - g.padding.right;
  const innerH = g.height - g.padding.top - g.padding.bottom;
  // The server's rate where it reports one; between two samples without it (a batch seen only at
  // its start and end, or one too quick for the server's window), the rate the samples imply.
  const rates = samples.map((s, i) => {
    if (s.itemsPerSecond > 0 || i === 0) return s.itemsPerSecond;
    const prev = samples[i - 1] as ProgressSample;
    const seconds = (s.at - prev.at) / 1000;
    return seconds > 0 && s.processed > prev.processed ? (s.processed - prev.processed) / seconds : 0;
  });
  const maxRate = Math.max(...rates, 0);
  const x = (at: number) => g.padding.left + ((at - startedAt) / (endedAt - startedAt)) * innerW;
  const y = (share: number) => g.padding.top + (1 - Math.min(1, Math.max(0, share))) * innerH;
  const round = (n: number) => Math.round(n * 10) / 10;
  const points = (share: (s: ProgressSample, i: number) => number) => {
    const list = samples.map((s, i) => `${round(x(s.at))},${round(y(share(s, i)))}`);
    // One sample: draw it as a flat segment across the chart.
    if (samples.length === 1) list.push(`${round(x(endedAt))},${round(y(share(first, 0)))}`);
    return list.join(' ');
  };
  const percent = (s: ProgressSample) => (s.total > 0 ? s.processed / s.total : 0);
  return {
    progress: points(percent),
    rate: points((_s, i) => (maxRate > 0 ? (rates[i] ?? 0) / maxRate : 0)),
    maxRate,
    startedAt,
    endedAt,
    latestPercent: percent(last) * 100,
  };
}
