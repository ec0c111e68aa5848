import { BatchStatus, BatchTier, Lease, isTerminal, isTierDone } from '@strata/domain';

/** Completions recorded in one second (persisted by the store, so every API replica agrees). */
export interface CompletionSample {
  /** Start of the second, epoch milliseconds. */
  atMs: number;
  items: number;
}

export interface ProgressInput {
  status: BatchStatus;
  tiers: readonly BatchTier[];
  /** Number of tiers in the batch's DAG (later tiers may have no row or no total yet). */
  totalTiers: number;
  /** Name of each tier's stage, e.g. "text_extractor@v1". */
  stageNames: readonly string[];
  samples: readonly CompletionSample[];
  startedAt: string | null;
  nowMs: number;
  /** Length of the rate window. */
  windowMs?: number;
  /**
   * Collections of each tier of the batch's DAG (`batch.dagTiers[k].length`), to estimate the
   * items of tiers not started yet; absent = read from the tier rows (1 for a tier without one).
   */
  tierCollectionCounts?: readonly number[];
}

export interface BatchProgress {
  /** Always succeeded + failed + skipped: each recorded item counts in exactly one of the three. */
  processed: number;
  total: number;
  /** Items whose extractor ran and wrote their documents (skipped ones not included). */
  succeeded: number;
  failed: number;
  /** Items skipped because their source and extractor were unchanged (docs/adr/0050-batch-policies.md); not in `succeeded`. */
  skipped: number;
  /**
   * True while `total` includes an estimate of the tiers not started yet (their items are the
   * documents the tier before writes, known only when it completes): see {@link estimateTierItems}.
   */
  total_estimated: boolean;
  /** 0-100, weighted by tier so that it never goes back when a later tier's total becomes known. */
  percent: number;
  items_per_second: number;
  eta_seconds: number | null;
  current_stage: { name: string; index: number; total: number } | null;
  errors: number;
}

export const DEFAULT_RATE_WINDOW_MS = 60_000;

function sum(tiers: readonly BatchTier[], pick: (t: BatchTier) => number): number {
  return tiers.reduce((n, t) => n + pick(t), 0);
}

/**
 * Items per second over the last window of persisted completions. The window starts no earlier
 * than the batch did, so a batch that has run 10 s is not averaged over 60.
 */
export function itemsPerSecond(samples: readonly CompletionSample[], nowMs: number, startedAtMs: number | null, windowMs = DEFAULT_RATE_WINDOW_MS): number {
  const from = Math.max(nowMs - windowMs, startedAtMs ?? nowMs - windowMs);
  const items = samples.filter((s) => s.atMs + 1_000 > from && s.atMs <= nowMs).reduce((n, s) => n + s.items, 0);
  if (items === 0) return 0;
  const seconds = Math.max((nowMs - from) / 1_000, 1);
  return items / seconds;
}

/** A tier's skipped items (never more than its succeeded ones, which include them in the stores). */
export function tierSkipped(t: Pick<BatchTier, 'succeededItems' | 'skippedItems'>): number {
  return Math.min(t.skippedItems ?? 0, t.succeededItems);
}

/** A tier's counts as reported: processed = succeeded + failed + skipped. */
export function tierCounts(t: Pick<BatchTier, 'succeededItems' | 'failedItems' | 'skippedItems'>): { processed: number; succeeded: number; failed: number; skipped: number } {
  const skipped = tierSkipped(t);
  return { processed: t.succeededItems + t.failedItems, succeeded: t.succeededItems - skipped, failed: t.failedItems, skipped };
}

/** Documents written per item that ran (not skipped) in a tier; null before one has run. */
function fanOut(t: BatchTier): number | null {
  const ran = t.succeededItems - tierSkipped(t);
  return ran > 0 ? t.documentsWritten / ran : null;
}

/**
 * Estimated items of each tier that has not started yet (null for a tier whose total is known).
 * A later tier's items are the documents its source collections write in the tier before, known
 * only when that tier completes; until then each is estimated as: its collections x (items per
 * collection of the tier before) x that tier's fan-out (documents written per item that ran; the
 * nearest earlier tier's while it has none yet, tier 0's at first; 1 before any item ran).
 * docs/architecture.md "Progress".
 */
export function estimateTierItems(
  tiers: readonly BatchTier[],
  tierCount: number,
  collectionCounts: readonly number[] = [],
): (number | null)[] {
  const byTier = new Map(tiers.map((t) => [t.tier, t]));
  const collectionsOf = (k: number): number => Math.max(collectionCounts[k] ?? byTier.get(k)?.collectionIds.length ?? 1, 1);
  const estimates: (number | null)[] = [];
  let items = 0;
  let ratio = 1;
  for (let k = 0; k < tierCount; k += 1) {
    const t = byTier.get(k);
    const notStarted = k > 0 && (t === undefined || (t.status === 'PENDING' && t.retryRound === 0 && t.totalItems === 0));
    if (notStarted) {
      const estimate = Math.round(collectionsOf(k) * (items / collectionsOf(k - 1)) * ratio);
      estimates.push(estimate);
      items = estimate;
      continue;
    }
    estimates.push(null);
    items = t?.totalItems ?? 0;
    const f = t === undefined ? null : fanOut(t);
    if (f !== null) ratio = f;
  }
  return estimates;
}

/** Live progress of a batch from its persisted counters. Pure: same input, same answer on any replica. */
export function computeProgress(input: ProgressInput): BatchProgress {
  const { tiers, totalTiers } = input;
  const processed = sum(tiers, (t) => t.succeededItems + t.failedItems);
  // The stores count a skipped item as a succeeded one too (it settles the tier); reported apart
  // so that processed = succeeded + failed + skipped, on the batch and on every tier.
  const skipped = sum(tiers, (t) => tierSkipped(t));
  const succeeded = sum(tiers, (t) => t.succeededItems) - skipped;
  const failed = sum(tiers, (t) => t.failedItems);
  const tierCount = Math.max(totalTiers, tiers.length, 1);
  const terminal = isTerminal(input.status);
  // Tiers not started yet count with an estimate while the batch can still reach them.
  const estimates = terminal || input.status === 'DRAFT' ? [] : estimateTierItems(tiers, tierCount, input.tierCollectionCounts);
  const estimated = estimates.reduce<number>((n, e) => n + (e ?? 0), 0);
  const total_estimated = estimates.some((e) => e !== null);
  const total = sum(tiers, (t) => t.totalItems) + estimated;
  let fraction = 0;
  for (const t of tiers) {
    const done = isTierDone(t.status);
    fraction += done ? 1 : t.totalItems > 0 ? Math.min((t.succeededItems + t.failedItems) / t.totalItems, 1) : 0;
  }
  let percent = (fraction / tierCount) * 100;
  if (input.status === 'COMPLETED' || input.status === 'COMPLETED_WITH_ERRORS' || (input.status === 'FAILED' && processed >= total)) {
    percent = 100;
  }
  percent = Math.round(Math.min(percent, 100) * 10) / 10;
  const startedAtMs = input.startedAt === null ? null : Date.parse(input.startedAt);
  const rate = input.status === 'PROCESSING' ? itemsPerSecond(input.samples, input.nowMs, startedAtMs, input.windowMs) : 0;
  const remaining = Math.max(total - processed, 0);
  const eta = input.status === 'PROCESSING' && rate > 0 ? Math.ceil(remaining / rate) : input.status === 'PROCESSING' && remaining === 0 ? 0 : null;
  const active = tiers.find((t) => t.status === 'PENDING' || t.status === 'PROCESSING');
  const stageTier = terminal ? tiers[tiers.length - 1] : active;
  const current_stage =
    stageTier === undefined || input.status === 'DRAFT' || input.status === 'QUEUED'
      ? null
      : { name: input.stageNames[stageTier.tier] ?? `tier ${stageTier.tier}`, index: stageTier.tier, total: tierCount };
  return {
    processed,
    total,
    succeeded,
    failed,
    skipped,
    total_estimated,
    percent,
    items_per_second: Math.round(rate * 100) / 100,
    eta_seconds: eta,
    current_stage,
    errors: failed,
  };
}

/** `1h 2m`, `4h 57m`, `3m 20s`, `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${r}s`;
  return `${r}s`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * A one-line human summary, e.g. "Processing 21,611/46,160 objects (46.8%) · 1.4 items/sec · ~4h 57m remaining".
 * Over several tiers the counts are work items (a source item run through one collection), not
 * objects, and a total that includes tiers not started yet is marked as an estimate ("~").
 */
export function statusMessage(status: BatchStatus, progress: BatchProgress, objectCount: number): string {
  const p = progress;
  const failedPart = p.failed > 0 ? ` · ${count(p.failed)} failed` : '';
  const unit = p.current_stage !== null && p.current_stage.total > 1 ? 'items' : 'objects';
  const ofTotal = `${p.total_estimated ? '~' : ''}${count(p.total)} ${unit}`;
  const estimatePart = p.total_estimated ? ' · total estimated from the fan-out of the tiers so far' : '';
  switch (status) {
    case 'DRAFT':
      return `Draft with ${count(objectCount)} objects · submit to start processing`;
    case 'QUEUED':
      return `Queued ${count(objectCount)} objects · waiting for a poller to pick it up`;
    case 'PROCESSING': {
      const stage = p.current_stage !== null && p.current_stage.total > 1 ? ` · tier ${p.current_stage.index + 1}/${p.current_stage.total}` : '';
      const rate = p.items_per_second > 0 ? ` · ${p.items_per_second.toFixed(1)} items/sec` : ' · waiting for the first results';
      const eta = p.eta_seconds !== null && p.items_per_second > 0 ? ` · ~${formatDuration(p.eta_seconds)} remaining` : '';
      return `Processing ${count(p.processed)}/${ofTotal} (${p.percent.toFixed(1)}%)${stage}${rate}${eta}${failedPart}${estimatePart}`;
    }
    case 'COMPLETED':
      return `Completed ${count(p.processed)}/${ofTotal}${p.skipped > 0 ? ` (${count(p.skipped)} unchanged, skipped)` : ''}`;
    case 'COMPLETED_WITH_ERRORS':
      return `Completed with errors: ${count(p.succeeded)} succeeded, ${count(p.failed)} failed${p.skipped > 0 ? `, ${count(p.skipped)} unchanged (skipped)` : ''} of ${ofTotal}`;
    case 'FAILED':
      return `Failed: ${count(p.failed)} of ${ofTotal} failed${p.succeeded > 0 ? `, ${count(p.succeeded)} succeeded` : ''}`;
    case 'CANCELED':
      return `Canceled after ${count(p.processed)}/${ofTotal}`;
  }
}

export type HealthLevel = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthThresholds {
  /** Failed/processed ratio above which the batch is degraded, and unhealthy. */
  degradedErrorRatio: number;
  unhealthyErrorRatio: number;
  /** Items processed before the error ratio is judged (a first failure is not a trend). */
  minItemsForRatio: number;
  /** PROCESSING without a completion for this long is a stall. */
  stallMs: number;
  /** A lease expired this long ago and not taken over means no poller is driving the batch. */
  leaseGraceMs: number;
  /** QUEUED for this long without a poller claiming it: no running poller serves the batch. */
  unclaimedMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  degradedErrorRatio: 0.05,
  unhealthyErrorRatio: 0.5,
  minItemsForRatio: 10,
  stallMs: 5 * 60_000,
  leaseGraceMs: 5_000,
  unclaimedMs: 60_000,
};

/** Why a batch is not healthy; the one list the API's schema and clients read. */
export const HEALTH_REASON_CODES = ['error_ratio', 'stalled', 'waiting', 'unclaimed', 'lease_lost', 'documents_missing', 'vectors_missing'] as const;
export type HealthReasonCode = (typeof HEALTH_REASON_CODES)[number];

export interface HealthReason {
  code: HealthReasonCode;
  level: Exclude<HealthLevel, 'healthy'>;
  message: string;
}

/** What the stores hold for one collection of a batch, against what the workers reported. */
export interface Reconciliation {
  collectionId: string;
  tier: number;
  /** Documents the workers reported writing for this batch. */
  expected: number;
  /** Of those, documents found in the metadata store. */
  written: number;
  /** All documents of the collection in the metadata store, and all points in the vector store. */
  documentsTotal: number;
  vectorsTotal: number;
}

export interface HealthInput {
  status: BatchStatus;
  progress: BatchProgress;
  tiers: readonly BatchTier[];
  lease: Lease | null;
  startedAt: string | null;
  /** When the batch last became QUEUED (submitted, or retried); only read while it is QUEUED. */
  queuedAt?: string | null;
  nowMs: number;
  /** Per collection and tier: documents the workers reported vs found; store totals to compare. */
  reconciliation?: readonly Reconciliation[];
}

export interface BatchHealth {
  health: HealthLevel;
  reasons: HealthReason[];
  /**
   * Seconds in which the batch could have progressed and did not: since the last finished item of
   * its running tier (0 while that tier has no finished item yet, or when not PROCESSING).
   */
  stall_seconds: number;
  recommendations: string[];
}

/** Health verdict from persisted state, with every reason that made it worse than healthy. */
export function assessHealth(input: HealthInput, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): BatchHealth {
  const reasons: HealthReason[] = [];
  const recommendations: string[] = [];
  const { progress } = input;
  if (progress.processed >= thresholds.minItemsForRatio) {
    const ratio = progress.failed / progress.processed;
    if (ratio > thresholds.degradedErrorRatio) {
      const level = ratio > thresholds.unhealthyErrorRatio ? 'unhealthy' : 'degraded';
      reasons.push({
        code: 'error_ratio',
        level,
        message: `${(ratio * 100).toFixed(1)}% of processed items failed (${progress.failed}/${progress.processed})`,
      });
      recommendations.push('Inspect the failed items and their error categories; fix the inputs or retry transient failures.');
    }
  }
  let stallSeconds = 0;
  if (input.status === 'QUEUED' && input.queuedAt !== undefined && input.queuedAt !== null) {
    // Pollers claim QUEUED batches at every poll (POLL_INTERVAL_MS, a second by default): one
    // still unclaimed after the threshold has no running poller serving it (none runs, none
    // serves its namespace, or all of them are full). docs/reliability.md "Stall accounting".
    const waited = input.nowMs - Date.parse(input.queuedAt);
    if (waited > thresholds.unclaimedMs) {
      reasons.push({
        code: 'unclaimed',
        level: 'degraded',
        message: `no poller has picked the batch up in ${Math.floor(waited / 1_000)} s since it was submitted: no poller is running, none serves this namespace, or all are full`,
      });
      recommendations.push('Start a poller (check POLLER_NAMESPACES and MAX_HELD_BATCHES): a running poller claims the batch at its next poll.');
    }
  }
  if (input.status === 'PROCESSING') {
    // Stall accounting (docs/reliability.md, "Stall accounting"): a running tier whose first item
    // has not finished yet is waiting for a worker, its messages queued behind earlier work on the
    // same stream (other batches' included): that time is not a stall, as the batch could not
    // progress. It is reported as `waiting` (degraded) once it lasts longer than the stall
    // threshold, since no worker consuming the tier looks the same. From its first finished item
    // on, the stall clock counts from the last finished item.
    const running = input.tiers.filter((t) => t.status === 'PROCESSING');
    const started = running.filter((t) => t.succeededItems + t.failedItems > 0);
    if (started.length === 0) {
      const since = Math.max(
        ...running.map((t) => (t.startedAt === null ? 0 : Date.parse(t.startedAt))),
        ...input.tiers.map((t) => (t.completedAt === null ? 0 : Date.parse(t.completedAt))),
        input.startedAt === null ? 0 : Date.parse(input.startedAt),
      );
      const waited = since > 0 ? input.nowMs - since : 0;
      if (progress.processed < progress.total && waited > thresholds.stallMs) {
        const tier = running[0]?.tier ?? 0;
        reasons.push({
          code: 'waiting',
          level: 'degraded',
          message: `no item of tier ${tier} has finished in ${Math.floor(waited / 1_000)} s: its work is queued behind other work, or no worker consumes it`,
        });
        recommendations.push('Check that extractor workers for this tier are running; if they are busy with other batches, this batch is queued behind them.');
      }
    } else {
      const lastProgress = Math.max(
        ...started.map((t) => (t.lastProgressAt === null ? 0 : Date.parse(t.lastProgressAt))),
        ...started.map((t) => (t.startedAt === null ? 0 : Date.parse(t.startedAt))),
      );
      const idle = lastProgress > 0 ? input.nowMs - lastProgress : 0;
      stallSeconds = Math.max(0, Math.floor(idle / 1_000));
      if (progress.processed < progress.total && idle > thresholds.stallMs) {
        reasons.push({ code: 'stalled', level: 'unhealthy', message: `no item has finished for ${stallSeconds} s` });
        recommendations.push('Check that extractor workers are running and consuming this tier, and their logs for errors.');
      }
    }
    if (input.lease !== null && input.lease.expiresAt + thresholds.leaseGraceMs < input.nowMs) {
      const ago = Math.floor((input.nowMs - input.lease.expiresAt) / 1_000);
      reasons.push({ code: 'lease_lost', level: 'unhealthy', message: `no poller holds the batch: its lease expired ${ago} s ago` });
      recommendations.push('Start a poller (or check POLLER_NAMESPACES): a live poller takes the batch over at its next poll.');
    }
  }
  for (const r of input.reconciliation ?? []) {
    if (r.written < r.expected) {
      reasons.push({
        code: 'documents_missing',
        level: 'unhealthy',
        message: `collection ${r.collectionId}: ${r.expected - r.written} of ${r.expected} reported documents are missing from the metadata store`,
      });
    }
    if (r.vectorsTotal < r.documentsTotal) {
      reasons.push({
        code: 'vectors_missing',
        level: 'unhealthy',
        message: `collection ${r.collectionId}: ${r.documentsTotal - r.vectorsTotal} documents have no point in the vector store`,
      });
    }
  }
  if (reasons.some((r) => r.code === 'documents_missing' || r.code === 'vectors_missing')) {
    recommendations.push('Retry the affected items: document ids are deterministic, so rewriting them cannot duplicate.');
  }
  const health: HealthLevel = reasons.some((r) => r.level === 'unhealthy')
    ? 'unhealthy'
    : reasons.length > 0
      ? 'degraded'
      : 'healthy';
  return { health, reasons, stall_seconds: stallSeconds, recommendations };
}

/** The progress a task carries in its additional_data (GET /v1/tasks/{id}). */
export interface TaskProgress {
  processed: number;
  total: number;
  percent: number;
  failed: number;
}

/**
 * A task's progress: the same tier-weighted formula as GET batch ({@link computeProgress}), so the
 * poller's live task, its final write and the API's fallback after the task expired all agree.
 */
export function taskProgressOf(input: { status: BatchStatus; tiers: readonly BatchTier[]; totalTiers: number; tierCollectionCounts?: readonly number[] }): TaskProgress {
  const p = computeProgress({ ...input, stageNames: [], samples: [], startedAt: null, nowMs: 0 });
  return { processed: p.processed, total: p.total, percent: p.percent, failed: p.failed };
}
