import type { BatchTier } from '@strata/domain';
import {
  BatchProgress,
  DEFAULT_HEALTH_THRESHOLDS,
  assessHealth,
  computeProgress,
  estimateTierItems,
  formatDuration,
  itemsPerSecond,
  statusMessage,
  taskProgressOf,
  tierCounts,
} from './batch-progress';

const T0 = Date.parse('2026-11-29T12:00:00.000Z');

function tier(over: Partial<BatchTier> = {}): BatchTier {
  return {
    batchId: 'btch_1',
    tier: 0,
    status: 'PROCESSING',
    collectionIds: ['col_1'],
    totalItems: 100,
    succeededItems: 0,
    failedItems: 0,
    skippedItems: 0,
    documentsWritten: 0,
    publishedChunks: 2,
    totalChunks: 2,
    chunkSize: 64,
    errorSummary: {},
    startedAt: new Date(T0).toISOString(),
    completedAt: null,
    lastProgressAt: null,
    retryRound: 0,
    ...over,
  };
}

function progress(over: Partial<BatchProgress> = {}): BatchProgress {
  return {
    processed: 0,
    total: 100,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    total_estimated: false,
    percent: 0,
    items_per_second: 0,
    eta_seconds: null,
    current_stage: null,
    errors: 0,
    ...over,
  };
}

describe('itemsPerSecond', () => {
  it('averages the persisted completions over the last window', () => {
    const samples = Array.from({ length: 60 }, (_, i) => ({ atMs: T0 + i * 1_000, items: 2 }));
    expect(itemsPerSecond(samples, T0 + 120_000, T0)).toBeCloseTo(0, 5);
    expect(itemsPerSecond(samples, T0 + 60_000, T0)).toBeCloseTo(2, 1);
  });

  it('does not dilute a young batch over the whole window', () => {
    const samples = [{ atMs: T0 + 9_000, items: 50 }];
    // Started 10 s ago: 50 items in 10 s, not in 60 s.
    expect(itemsPerSecond(samples, T0 + 10_000, T0)).toBeCloseTo(5, 5);
  });

  it('is 0 without completions, and ignores samples outside the window', () => {
    expect(itemsPerSecond([], T0 + 5_000, T0)).toBe(0);
    expect(itemsPerSecond([{ atMs: T0, items: 10 }], T0 + 200_000, T0)).toBe(0);
  });
});

describe('computeProgress', () => {
  const base = { totalTiers: 1, stageNames: ['text_extractor@v1'], samples: [], startedAt: new Date(T0).toISOString(), nowMs: T0 + 10_000 };

  it('reports skipped items apart from succeeded ones: processed = succeeded + failed + skipped, on the batch and each tier', () => {
    // A retry of a COMPLETED_WITH_ERRORS batch whose two failed objects turn out unchanged: the
    // stores count them succeeded (they settle the tier) and skipped.
    const t0 = tier({ status: 'COMPLETED', totalItems: 10, succeededItems: 10, failedItems: 0, skippedItems: 2 });
    const t1 = tier({ tier: 1, status: 'COMPLETED', totalItems: 10, succeededItems: 8, failedItems: 2, skippedItems: 0 });
    const p = computeProgress({ ...base, totalTiers: 2, status: 'COMPLETED_WITH_ERRORS', tiers: [t0, t1] });
    expect(p).toMatchObject({ processed: 20, succeeded: 16, failed: 2, skipped: 2 });
    expect(p.processed).toBe(p.succeeded + p.failed + p.skipped);
    for (const t of [t0, t1]) {
      const c = tierCounts(t);
      expect(c.processed).toBe(c.succeeded + c.failed + c.skipped);
    }
    expect(tierCounts(t0)).toEqual({ processed: 10, succeeded: 8, failed: 0, skipped: 2 });
    expect(statusMessage('COMPLETED_WITH_ERRORS', p, 10)).toBe('Completed with errors: 16 succeeded, 2 failed, 2 unchanged (skipped) of 20 items');
  });

  it('counts processed, failed, percent, rate and ETA from the counters and samples', () => {
    const p = computeProgress({
      ...base,
      status: 'PROCESSING',
      tiers: [tier({ succeededItems: 45, failedItems: 5 })],
      samples: [{ atMs: T0 + 9_000, items: 50 }],
    });
    expect(p).toMatchObject({ processed: 50, total: 100, succeeded: 45, failed: 5, errors: 5, percent: 50, items_per_second: 5, eta_seconds: 10 });
    expect(p.current_stage).toEqual({ name: 'text_extractor@v1', index: 0, total: 1 });
  });

  it('has no ETA before the first completion', () => {
    const p = computeProgress({ ...base, status: 'PROCESSING', tiers: [tier()] });
    expect(p.eta_seconds).toBeNull();
    expect(p.items_per_second).toBe(0);
  });

  it('weights tiers so the percentage never goes back when a later tier gets its total', () => {
    const firstTierDone = computeProgress({
      ...base,
      totalTiers: 2,
      status: 'PROCESSING',
      tiers: [tier({ status: 'COMPLETED', succeededItems: 100 })],
    });
    const secondStarted = computeProgress({
      ...base,
      totalTiers: 2,
      status: 'PROCESSING',
      tiers: [tier({ status: 'COMPLETED', succeededItems: 100 }), tier({ tier: 1, totalItems: 400 })],
    });
    expect(firstTierDone.percent).toBe(50);
    expect(secondStarted.percent).toBe(50);
    expect(secondStarted.total).toBe(500);
    expect(secondStarted.current_stage?.index).toBe(1);
  });

  it('is 100% when completed and never above it', () => {
    const p = computeProgress({ ...base, status: 'COMPLETED', tiers: [tier({ status: 'COMPLETED', succeededItems: 100 })] });
    expect(p.percent).toBe(100);
    expect(p.eta_seconds).toBeNull();
    expect(p.items_per_second).toBe(0);
  });

  it('estimates the items of tiers not started yet from the fan-out so far, and says so', () => {
    // 100 objects, one collection per tier; 50 done in tier 0 wrote 150 documents: 3 per item.
    const t0 = tier({ succeededItems: 50, documentsWritten: 150 });
    const t1 = tier({ tier: 1, status: 'PENDING', totalItems: 0, startedAt: null, collectionIds: ['col_2', 'col_3'] });
    const p = computeProgress({ ...base, totalTiers: 2, status: 'PROCESSING', tiers: [t0, t1], tierCollectionCounts: [1, 2] });
    // Two tier-1 collections, each reading the 300 documents tier 0 will write.
    expect(p).toMatchObject({ processed: 50, total: 100 + 600, total_estimated: true });
    expect(estimateTierItems([t0, t1], 3, [1, 2, 1])).toEqual([null, 600, 900]);
    const message = statusMessage('PROCESSING', p, 100);
    expect(message).toMatch(/^Processing 50\/~700 items \(25\.0%\) · tier 1\/2/);
    expect(message).toContain('estimated');
    // Before any item ran the fan-out is unknown: one document per item is assumed.
    expect(computeProgress({ ...base, totalTiers: 2, status: 'PROCESSING', tiers: [tier()] })).toMatchObject({ total: 200, total_estimated: true });
    // Tier rows may not exist yet for later tiers (counted from the DAG).
    expect(computeProgress({ ...base, totalTiers: 3, status: 'PROCESSING', tiers: [t0], tierCollectionCounts: [1, 1, 1] }).total).toBe(100 + 300 + 900);
  });

  it('has an exact total once every tier started, and estimates nothing for a finished batch', () => {
    const t0 = tier({ status: 'COMPLETED', succeededItems: 100, documentsWritten: 300 });
    const started = computeProgress({ ...base, totalTiers: 2, status: 'PROCESSING', tiers: [t0, tier({ tier: 1, totalItems: 290 })] });
    expect(started).toMatchObject({ total: 390, total_estimated: false });
    expect(statusMessage('PROCESSING', started, 100)).toMatch(/^Processing 100\/390 items/);
    const failed = computeProgress({ ...base, totalTiers: 2, status: 'FAILED', tiers: [t0, tier({ tier: 1, status: 'PENDING', totalItems: 0 })] });
    expect(failed).toMatchObject({ total: 100, total_estimated: false });
    // A tier that started with no items (its sources wrote nothing) is exact, not estimated.
    const empty = computeProgress({ ...base, totalTiers: 2, status: 'PROCESSING', tiers: [t0, tier({ tier: 1, status: 'COMPLETED', totalItems: 0 })] });
    expect(empty).toMatchObject({ total: 100, total_estimated: false });
  });

  it('has no stage while DRAFT or QUEUED', () => {
    expect(computeProgress({ ...base, status: 'QUEUED', tiers: [tier({ status: 'PENDING' })] }).current_stage).toBeNull();
  });
});

describe('statusMessage', () => {
  it('reads like the seed for a running batch', () => {
    const p = progress({ processed: 21_611, total: 46_160, percent: 46.8, items_per_second: 1.4, eta_seconds: 17_820 });
    expect(statusMessage('PROCESSING', p, 46_160)).toBe('Processing 21,611/46,160 objects (46.8%) · 1.4 items/sec · ~4h 57m remaining');
  });

  it('has a sensible text for every status', () => {
    const p = progress({ processed: 10, total: 10, succeeded: 8, failed: 2, percent: 100 });
    expect(statusMessage('DRAFT', p, 10)).toContain('submit');
    expect(statusMessage('QUEUED', p, 10)).toContain('waiting for a poller');
    expect(statusMessage('PROCESSING', progress(), 10)).toContain('waiting for the first results');
    expect(statusMessage('COMPLETED', progress({ processed: 10, total: 10 }), 10)).toBe('Completed 10/10 objects');
    expect(statusMessage('COMPLETED_WITH_ERRORS', p, 10)).toBe('Completed with errors: 8 succeeded, 2 failed of 10 objects');
    expect(statusMessage('FAILED', progress({ processed: 10, failed: 10, total: 10 }), 10)).toBe('Failed: 10 of 10 objects failed');
    expect(statusMessage('CANCELED', progress({ processed: 3, total: 10 }), 10)).toBe('Canceled after 3/10 objects');
  });

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(200)).toBe('3m 20s');
    expect(formatDuration(17_820)).toBe('4h 57m');
  });
});

describe('assessHealth', () => {
  const running = { status: 'PROCESSING' as const, lease: { owner: 'p', expiresAt: T0 + 30_000 }, startedAt: new Date(T0).toISOString() };

  it('is healthy while items finish and errors are rare', () => {
    const h = assessHealth({
      ...running,
      progress: progress({ processed: 100, failed: 2 }),
      tiers: [tier({ succeededItems: 98, failedItems: 2, lastProgressAt: new Date(T0 + 9_000).toISOString() })],
      nowMs: T0 + 10_000,
    });
    expect(h).toMatchObject({ health: 'healthy', reasons: [], stall_seconds: 1 });
  });

  it('is degraded, then unhealthy, as the error ratio grows', () => {
    const at = { ...running, tiers: [tier({ lastProgressAt: new Date(T0).toISOString() })], nowMs: T0 + 1_000 };
    expect(assessHealth({ ...at, progress: progress({ processed: 100, failed: 10 }) }).health).toBe('degraded');
    const bad = assessHealth({ ...at, progress: progress({ processed: 100, failed: 60 }) });
    expect(bad.health).toBe('unhealthy');
    expect(bad.reasons[0]).toMatchObject({ code: 'error_ratio', message: expect.stringContaining('60.0%') });
    // Too few items to judge.
    expect(assessHealth({ ...at, progress: progress({ processed: 2, failed: 2 }) }).health).toBe('healthy');
  });

  it('reports a stall when nothing finished for longer than the threshold', () => {
    const h = assessHealth({
      ...running,
      lease: { owner: 'p', expiresAt: T0 + 1_000_000 },
      progress: progress({ processed: 10 }),
      tiers: [tier({ succeededItems: 10, lastProgressAt: new Date(T0).toISOString() })],
      nowMs: T0 + DEFAULT_HEALTH_THRESHOLDS.stallMs + 5_000,
    });
    expect(h.health).toBe('unhealthy');
    expect(h.reasons.map((r) => r.code)).toEqual(['stalled']);
    expect(h.stall_seconds).toBe(305);
  });

  it('does not count as a stall the time a tier waits for its first item (queued behind other work)', () => {
    const waiting = (nowMs: number, tiers: BatchTier[]) =>
      assessHealth({ ...running, lease: { owner: 'p', expiresAt: nowMs + 10_000 }, progress: progress({ processed: 0 }), tiers, nowMs });
    // 229 s behind other batches' messages: healthy, stall_seconds 0.
    expect(waiting(T0 + 229_000, [tier()])).toMatchObject({ health: 'healthy', reasons: [], stall_seconds: 0 });
    // Beyond the stall threshold: degraded 'waiting' (a missing worker looks the same), still no stall.
    const long = waiting(T0 + DEFAULT_HEALTH_THRESHOLDS.stallMs + 1_000, [tier()]);
    expect(long).toMatchObject({ health: 'degraded', stall_seconds: 0 });
    expect(long.reasons).toEqual([expect.objectContaining({ code: 'waiting', message: expect.stringContaining('no item of tier 0 has finished in 301 s') })]);
    // Tier 1 started when tier 0 completed long ago: its wait counts from its own start, and it is no stall.
    const tier0Done = tier({ status: 'COMPLETED', succeededItems: 100, completedAt: new Date(T0 + 1_000).toISOString(), lastProgressAt: new Date(T0 + 1_000).toISOString() });
    const tier1 = tier({ tier: 1, startedAt: new Date(T0 + 1_000).toISOString() });
    expect(waiting(T0 + 200_000, [tier0Done, tier1])).toMatchObject({ health: 'healthy', stall_seconds: 0 });
    // Once items of the running tier finish, the stall clock runs from the last one.
    const moving = tier({ tier: 1, startedAt: new Date(T0 + 1_000).toISOString(), succeededItems: 5, lastProgressAt: new Date(T0 + 150_000).toISOString() });
    expect(waiting(T0 + 200_000, [tier0Done, moving])).toMatchObject({ health: 'healthy', stall_seconds: 50 });
  });

  it('reports a QUEUED batch that no poller claimed within the threshold as unclaimed (degraded)', () => {
    const queued = (nowMs: number) =>
      assessHealth({ status: 'QUEUED', lease: null, startedAt: null, queuedAt: new Date(T0).toISOString(), progress: progress(), tiers: [tier({ status: 'PENDING' })], nowMs });
    expect(queued(T0 + DEFAULT_HEALTH_THRESHOLDS.unclaimedMs - 1_000)).toMatchObject({ health: 'healthy', reasons: [] });
    const late = queued(T0 + DEFAULT_HEALTH_THRESHOLDS.unclaimedMs + 5_000);
    expect(late).toMatchObject({ health: 'degraded', stall_seconds: 0 });
    expect(late.reasons).toEqual([expect.objectContaining({ code: 'unclaimed', level: 'degraded', message: expect.stringContaining('no poller has picked the batch up in 65 s') })]);
    expect(late.recommendations.join(' ')).toContain('Start a poller');
    // A custom threshold (UNCLAIMED_SECONDS).
    const custom = assessHealth(
      { status: 'QUEUED', lease: null, startedAt: null, queuedAt: new Date(T0).toISOString(), progress: progress(), tiers: [], nowMs: T0 + 3_000 },
      { ...DEFAULT_HEALTH_THRESHOLDS, unclaimedMs: 2_000 },
    );
    expect(custom.reasons.map((r) => r.code)).toEqual(['unclaimed']);
  });

  it('reports a lost lease that nobody took over', () => {
    const h = assessHealth({
      ...running,
      lease: { owner: 'p', expiresAt: T0 },
      progress: progress({ processed: 10 }),
      tiers: [tier({ lastProgressAt: new Date(T0 + 59_000).toISOString() })],
      nowMs: T0 + 60_000,
    });
    expect(h.reasons.map((r) => r.code)).toEqual(['lease_lost']);
    expect(h.reasons[0]?.message).toContain('60 s ago');
  });

  it('reports documents or vectors missing from the stores', () => {
    const h = assessHealth({
      status: 'COMPLETED',
      lease: null,
      startedAt: null,
      progress: progress({ processed: 100, total: 100 }),
      tiers: [tier({ status: 'COMPLETED' })],
      nowMs: T0,
      reconciliation: [{ collectionId: 'col_1', tier: 0, expected: 200, written: 190, documentsTotal: 190, vectorsTotal: 180 }],
    });
    expect(h.health).toBe('unhealthy');
    expect(h.reasons.map((r) => r.code)).toEqual(['documents_missing', 'vectors_missing']);
    expect(h.recommendations.join(' ')).toContain('deterministic');
  });

  it('does not judge stalls or leases of a finished batch', () => {
    const h = assessHealth({
      status: 'COMPLETED',
      lease: null,
      startedAt: new Date(T0).toISOString(),
      progress: progress({ processed: 100, total: 100 }),
      tiers: [tier({ status: 'COMPLETED', lastProgressAt: new Date(T0).toISOString() })],
      nowMs: T0 + 10 * 3_600_000,
    });
    expect(h).toMatchObject({ health: 'healthy', stall_seconds: 0 });
  });
});

describe('taskProgressOf', () => {
  it('weights by tier like GET batch, not by items', () => {
    // Tier 0 done with 10 items, tier 1 half done with 90: the item ratio (55%) would jump back
    // when a later total becomes known; the tier weighting says 75%.
    const tiers = [
      tier({ tier: 0, status: 'COMPLETED', totalItems: 10, succeededItems: 10 }),
      tier({ tier: 1, status: 'PROCESSING', totalItems: 90, succeededItems: 40, failedItems: 5 }),
    ];
    expect(taskProgressOf({ status: 'PROCESSING', tiers, totalTiers: 2 })).toEqual({ processed: 55, total: 100, percent: 75, failed: 5 });
  });
  it('says 100% once the batch completed', () => {
    const tiers = [tier({ tier: 0, status: 'COMPLETED_WITH_ERRORS', totalItems: 4, succeededItems: 3, failedItems: 1 })];
    expect(taskProgressOf({ status: 'COMPLETED_WITH_ERRORS', tiers, totalTiers: 1 }).percent).toBe(100);
  });
});
