import type { TierProgress } from '@strata/sdk';

/**
 * The batch page's funnel: one row per tier (the DAG's levels), from what entered the tier to
 * what it wrote. Pure (no DOM). Widths are shares of the widest row so the funnel narrows where
 * items fail, are filtered out, or fan out into fewer documents.
 */
export interface FunnelRow {
  tier: number;
  status: string;
  collections: string[];
  /** What the tier had to process: items submitted to the engine. */
  entered: number;
  processed: number;
  succeeded: number;
  failed: number;
  written: number;
  /** 0..1 of the widest `entered` (or written) across the tiers. */
  enteredShare: number;
  succeededShare: number;
  failedShare: number;
  writtenShare: number;
}

export function funnelRows(tiers: readonly TierProgress[] | null | undefined): FunnelRow[] {
  // A retried tier appears once per retry round: the latest round of each tier is the current one.
  const latest = new Map<number, TierProgress>();
  for (const t of tiers ?? []) {
    const seen = latest.get(t.tier_num);
    if (seen === undefined || t.retry_round >= seen.retry_round) latest.set(t.tier_num, t);
  }
  const ordered = [...latest.values()].sort((a, b) => a.tier_num - b.tier_num);
  const widest = Math.max(1, ...ordered.map((t) => Math.max(t.documents_submitted_to_engine, t.items_processed, t.documents_written)));
  return ordered.map((t) => ({
    tier: t.tier_num,
    status: t.status,
    collections: t.collection_ids,
    entered: t.documents_submitted_to_engine,
    processed: t.items_processed,
    succeeded: t.items_succeeded,
    failed: t.items_failed,
    written: t.documents_written,
    enteredShare: Math.max(t.documents_submitted_to_engine, t.items_processed) / widest,
    succeededShare: t.items_succeeded / widest,
    failedShare: t.items_failed / widest,
    writtenShare: t.documents_written / widest,
  }));
}
