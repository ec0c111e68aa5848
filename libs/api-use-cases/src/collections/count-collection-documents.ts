import type { IngestionDeps } from '../shared/deps';

/**
 * Document counts of the collections of a listing page: each distinct collection is counted once,
 * the counts read concurrently instead of one after another per row.
 */
export class CountCollectionDocuments {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, collectionIds: readonly string[]): Promise<Map<string, number>> {
    const ids = [...new Set(collectionIds)];
    const counts = await Promise.all(ids.map((id) => this.deps.metadata.documents.count(namespaceId, id)));
    return new Map(ids.map((id, i) => [id, counts[i] ?? 0]));
  }
}
