import type { ScoredPoint, VectorPoint, VectorSearchQuery, VectorStore } from '@strata/ports';
import type { VectorIndex } from '@strata/domain';

/**
 * A production decorator that adds latency to vector writes: every upsert waits `delayMs` before
 * it reaches the wrapped store, as a slow or overloaded vector database would. It ships in the
 * built extractor-worker on purpose, so the fault-injection suite measures the binary that runs in
 * production instead of a test build (docs/reliability.md). Selected only by
 * FAULT_VECTOR_WRITE_DELAY_MS (0 = off, the default; the worker logs a warning when it is on).
 */
export class WriteDelayVectorStore implements VectorStore {
  constructor(
    private readonly inner: VectorStore,
    private readonly delayMs: number,
  ) {}

  ensureIndex(index: VectorIndex): Promise<void> {
    return this.inner.ensureIndex(index);
  }

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.inner.upsert(points);
  }

  search(query: VectorSearchQuery): Promise<ScoredPoint[]> {
    return this.inner.search(query);
  }

  count(namespaceId: string, collectionId: string): Promise<number> {
    return this.inner.count(namespaceId, collectionId);
  }

  get(namespaceId: string, collectionId: string, id: string): Promise<VectorPoint | null> {
    return this.inner.get(namespaceId, collectionId, id);
  }

  getMany(namespaceId: string, collectionId: string, ids: readonly string[]): Promise<Map<string, VectorPoint>> {
    return this.inner.getMany(namespaceId, collectionId, ids);
  }

  deleteWhere(filter: Parameters<VectorStore['deleteWhere']>[0]): Promise<number> {
    return this.inner.deleteWhere(filter);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
