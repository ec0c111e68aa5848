import { Reconciliation } from '@strata/status';
import type { IngestionDeps } from '../shared/deps';
import { type BatchView, type BatchViewDeps, viewOf } from './batch-view';
import { GetBatch } from './get-batch';

/**
 * The health endpoint: the cheap rules of every view plus a reconciliation of the stores, per
 * collection: documents the workers reported vs documents found, and metadata vs vector points.
 */
export class CheckBatchHealth {
  private readonly get: GetBatch;

  constructor(private readonly deps: BatchViewDeps & Pick<IngestionDeps, 'vectors'>) {
    this.get = new GetBatch(deps);
  }

  async execute(namespaceId: string, bucket: string, batchId: string): Promise<{ view: BatchView; reconciliation: Reconciliation[] }> {
    const { batch, tiers } = await this.get.execute(namespaceId, bucket, batchId);
    const reported = await this.deps.metadata.batches.documentsByCollection(batchId);
    const reconciliation: Reconciliation[] = [];
    for (const r of reported) {
      const [written, documentsTotal, vectorsTotal] = await Promise.all([
        this.deps.metadata.documents.countForBatch(namespaceId, r.collectionId, batchId, r.tier),
        this.deps.metadata.documents.count(namespaceId, r.collectionId),
        this.deps.vectors.count(namespaceId, r.collectionId),
      ]);
      reconciliation.push({ collectionId: r.collectionId, tier: r.tier, expected: r.documents, written, documentsTotal, vectorsTotal });
    }
    return { view: await viewOf(this.deps, batch, tiers, reconciliation), reconciliation };
  }
}
