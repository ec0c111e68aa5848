import { Batch, BatchTier } from '@strata/domain';
import { type BatchView, type BatchViewDeps, viewOf } from './batch-view';

/** The view of a batch the caller already holds (just created or changed), without reading it again. */
export class BuildBatchView {
  constructor(private readonly deps: BatchViewDeps) {}

  execute(batch: Batch, tiers: BatchTier[] = []): Promise<BatchView> {
    return viewOf(this.deps, batch, tiers);
  }
}
