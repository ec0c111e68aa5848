import type { VectorIndex } from '@strata/domain';

export interface VectorPoint {
  /** The document id; upserting the same id again overwrites the point. */
  id: string;
  namespaceId: string;
  collectionId: string;
  vectors: Record<string, Float32Array>;
  payload: Record<string, unknown>;
}

export interface VectorSearchQuery {
  namespaceId: string;
  collectionId: string;
  vectorIndex: string;
  vector: Float32Array;
  topK: number;
}

export interface ScoredPoint {
  id: string;
  /** Similarity: higher is closer (1 - cosine distance for cosine indexes). */
  score: number;
  payload: Record<string, unknown>;
}

/** Vectors plus payload, searchable by similarity within one collection of one namespace. */
export interface VectorStore {
  /** Creates the storage for a vector index if it is missing; idempotent. */
  ensureIndex(index: VectorIndex): Promise<void>;
  /** Inserts or overwrites points by id; all in one write where the store allows it. */
  upsert(points: readonly VectorPoint[]): Promise<void>;
  search(query: VectorSearchQuery): Promise<ScoredPoint[]>;
  count(namespaceId: string, collectionId: string): Promise<number>;
  get(namespaceId: string, collectionId: string, id: string): Promise<VectorPoint | null>;
  /**
   * The points of `ids` in one collection, read in one batch (a list page with its vectors), by id;
   * ids without a point are absent from the map.
   */
  getMany(namespaceId: string, collectionId: string, ids: readonly string[]): Promise<Map<string, VectorPoint>>;
  /**
   * Deletes the points of a namespace, of one collection of it, or the given ids of that
   * collection (`ids` needs `collectionId`); returns how many went.
   */
  deleteWhere(filter: { namespaceId: string; collectionId?: string; ids?: readonly string[] }): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
