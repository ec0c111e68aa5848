import { ValidationError, VectorIndex, cosineSimilarity, euclideanDistance } from '@strata/domain';
import type { ScoredPoint, VectorPoint, VectorSearchQuery, VectorStore } from '@strata/ports';
import { copy } from './copy';

/**
 * VectorStore in memory, with the semantics of SqliteVecVectorStore: indexes must be ensured
 * before use and keep their dimensions; upsert by id overwrites the payload and the vectors it
 * carries (a point keeps the namespace and collection it was first written with); search is exact
 * and filtered by namespace and collection; score = cosine similarity (dot indexes too), or minus
 * the L2 distance for euclidean indexes.
 */
export class InMemoryVectorStore implements VectorStore {
  private readonly indexes = new Map<string, VectorIndex>();
  private readonly points = new Map<string, VectorPoint>();

  async ensureIndex(index: VectorIndex): Promise<void> {
    const known = this.indexes.get(index.name);
    if (known !== undefined) {
      if (known.dimensions !== index.dimensions) {
        throw new ValidationError(`vector index ${index.name} exists with ${known.dimensions} dimensions; ${index.dimensions} requested`);
      }
      return;
    }
    this.indexes.set(index.name, { ...index });
  }

  private index(name: string): VectorIndex {
    const found = this.indexes.get(name);
    if (found === undefined) throw new ValidationError(`vector index ${name} does not exist`);
    return found;
  }

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    // Validate everything first: the real store writes all points in one transaction.
    for (const point of points) {
      for (const [name, vector] of Object.entries(point.vectors)) {
        const { dimensions } = this.index(name);
        if (vector.length !== dimensions) {
          throw new ValidationError(`vector ${name} of point ${point.id} has ${vector.length} dimensions; index has ${dimensions}`);
        }
      }
    }
    for (const point of points) {
      const existing = this.points.get(point.id);
      this.points.set(point.id, {
        id: point.id,
        namespaceId: existing?.namespaceId ?? point.namespaceId,
        collectionId: existing?.collectionId ?? point.collectionId,
        vectors: { ...(existing?.vectors ?? {}), ...copy(point.vectors) },
        payload: copy(point.payload),
      });
    }
  }

  async search(query: VectorSearchQuery): Promise<ScoredPoint[]> {
    const { dimensions, distance } = this.index(query.vectorIndex);
    if (query.vector.length !== dimensions) {
      throw new ValidationError(`query vector has ${query.vector.length} dimensions; index ${query.vectorIndex} has ${dimensions}`);
    }
    const scored: ScoredPoint[] = [];
    for (const point of this.points.values()) {
      if (point.namespaceId !== query.namespaceId || point.collectionId !== query.collectionId) continue;
      const vector = point.vectors[query.vectorIndex];
      if (vector === undefined) continue;
      const score = distance === 'euclidean' ? -euclideanDistance(query.vector, vector) : cosineSimilarity(query.vector, vector);
      scored.push({ id: point.id, score, payload: copy(point.payload) });
    }
    return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, Math.max(0, query.topK));
  }

  async count(namespaceId: string, collectionId: string): Promise<number> {
    let n = 0;
    for (const point of this.points.values()) if (point.namespaceId === namespaceId && point.collectionId === collectionId) n += 1;
    return n;
  }

  async get(namespaceId: string, collectionId: string, id: string): Promise<VectorPoint | null> {
    const point = this.points.get(id);
    if (point === undefined || point.namespaceId !== namespaceId || point.collectionId !== collectionId) return null;
    return copy(point);
  }

  async getMany(namespaceId: string, collectionId: string, ids: readonly string[]): Promise<Map<string, VectorPoint>> {
    const found = new Map<string, VectorPoint>();
    for (const id of ids) {
      const point = this.points.get(id);
      if (point !== undefined && point.namespaceId === namespaceId && point.collectionId === collectionId) found.set(id, copy(point));
    }
    return found;
  }

  async deleteWhere(filter: { namespaceId: string; collectionId?: string; ids?: readonly string[] }): Promise<number> {
    if (filter.ids !== undefined && filter.collectionId === undefined) throw new Error('deleteWhere: ids need a collectionId');
    const only = filter.ids === undefined ? null : new Set(filter.ids);
    let n = 0;
    for (const [id, point] of [...this.points]) {
      if (point.namespaceId !== filter.namespaceId) continue;
      if (filter.collectionId !== undefined && point.collectionId !== filter.collectionId) continue;
      if (only !== null && !only.has(point.id)) continue;
      this.points.delete(id);
      n += 1;
    }
    return n;
  }

  async ping(): Promise<void> {
    // Always reachable.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }

  /** Test helper: the indexes ensured so far. */
  indexNames(): string[] {
    return [...this.indexes.keys()].sort();
  }
}
