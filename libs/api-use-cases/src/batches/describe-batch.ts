import { ChangeTokenCache } from '../shared/change-token-cache';
import { type BatchView, type BatchViewDeps, viewOf } from './batch-view';
import { GetBatch } from './get-batch';

/** How long a view computed while nothing changed in the store is reused (time-based fields: ETA, health). */
export const VIEW_REUSE_MS = 1_000;
/** Views kept per process (the least recently computed go first). */
const VIEW_CACHE_ENTRIES = 1_000;

/**
 * GET batch: the batch with its tiers, progress, health and ETA. Under load (many clients polling
 * one running batch) the same view is asked for hundreds of times a second; a view is reused
 * while the store's change token (MetadataStore.changeToken) is the one it was computed at and it
 * is under VIEW_REUSE_MS old, so an answer is never older than the last change a request could
 * see, and its time-based fields at most that old. Stores without a token compute every time.
 */
export class DescribeBatch {
  private readonly get: GetBatch;
  private readonly views = new ChangeTokenCache<BatchView>(VIEW_CACHE_ENTRIES, VIEW_REUSE_MS);

  constructor(private readonly deps: BatchViewDeps) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string): Promise<BatchView> {
    const token = this.deps.metadata.changeToken?.();
    const key = `${namespaceId}\u0000${bucket}\u0000${batchId}`;
    const nowMs = this.deps.clock.now();
    const reusable = this.views.get(key, token, nowMs);
    if (reusable !== undefined) return reusable;
    const { batch, tiers } = await this.get.execute(namespaceId, bucket, batchId);
    const view = await viewOf(this.deps, batch, tiers);
    this.views.set(key, token, nowMs, view);
    return view;
  }
}
