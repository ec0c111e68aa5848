import type { TierProgress } from '@strata/sdk';
import { funnelRows } from './funnel';

function tier(tier_num: number, over: Partial<TierProgress> = {}): TierProgress {
  return {
    tier_num,
    retry_round: 0,
    task_id: null,
    status: 'COMPLETED',
    collection_ids: [`col_${tier_num}`],
    source_type: tier_num === 0 ? 'bucket' : 'collection',
    source_collection_ids: null,
    started_at: null,
    completed_at: null,
    duration_ms: null,
    last_progress_at: null,
    source_documents_fetched: 0,
    documents_after_source_filter: 0,
    documents_missing_input_fields: 0,
    documents_submitted_to_engine: 0,
    items_processed: 0,
    items_succeeded: 0,
    items_failed: 0,
    items_skipped: 0,
    documents_written: 0,
    error_summary: null,
    errors: [],
    performance: null,
    ...over,
  };
}

describe('the tier funnel', () => {
  it('orders tiers and scales every bar to the widest count', () => {
    const rows = funnelRows([
      tier(1, { documents_submitted_to_engine: 20, items_processed: 20, items_succeeded: 15, items_failed: 5, documents_written: 15 }),
      tier(0, { documents_submitted_to_engine: 10, items_processed: 10, items_succeeded: 10, documents_written: 40 }),
    ]);
    expect(rows.map((r) => r.tier)).toEqual([0, 1]);
    expect(rows[0]).toMatchObject({ entered: 10, written: 40, enteredShare: 0.25, writtenShare: 1 });
    expect(rows[1]).toMatchObject({ entered: 20, succeededShare: 0.375, failedShare: 0.125 });
  });

  it('shows the latest retry round of a tier only', () => {
    const rows = funnelRows([tier(0, { items_failed: 3 }), tier(0, { retry_round: 1, items_failed: 1, status: 'IN_PROGRESS' })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ failed: 1, status: 'IN_PROGRESS' });
  });

  it('is empty before any tier starts, and never divides by zero', () => {
    expect(funnelRows(null)).toEqual([]);
    expect(funnelRows([tier(0)])[0]).toMatchObject({ enteredShare: 0, writtenShare: 0 });
  });
});
