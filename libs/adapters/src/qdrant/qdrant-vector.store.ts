import { QdrantClient } from '@qdrant/js-client-rest';
import { TransientError, ValidationError, VectorIndex } from '@strata/domain';
import type { ScoredPoint, VectorPoint, VectorSearchQuery, VectorStore } from '@strata/ports';
import {
  DISTANCE,
  INDEXED_FIELDS,
  PAYLOAD_KEYS,
  batchBySize,
  collectionName,
  namespaceCollectionPrefix,
  pointId,
  vectorName,
} from './qdrant-mapping';

export interface QdrantVectorStoreOptions {
  url: string;
  apiKey?: string;
  /** Prefix of every collection name, so installations (and tests) can share a server. */
  collectionPrefix?: string;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** Attempts per request for network errors, 429 and 5xx (bounded; default 3). */
  maxAttempts?: number;
}

type Filter = { must?: Array<Record<string, unknown>> };

function isRetryable(error: unknown): boolean {
  const e = error as { status?: number; name?: string; code?: string; cause?: { code?: string } };
  if (typeof e.status === 'number') return e.status === 429 || e.status >= 500;
  return ['AbortError', 'TimeoutError', 'TypeError'].includes(e.name ?? '') || e.code !== undefined || e.cause?.code !== undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The JSON size of a point in the request (floats print as up to ~20 characters: measure, do not guess). */
function pointBytes(p: { vector: Record<string, number[]>; payload: Record<string, unknown> }): number {
  return Buffer.byteLength(JSON.stringify(p)) + 1;
}

/**
 * The vector store on Qdrant (REST). One Qdrant collection per namespace and vector index, with
 * one named vector `<index>_<dims>` in it; the Strata collection, namespace and document id are
 * payload fields with keyword indexes, and every read carries the collection filter.
 */
export class QdrantVectorStore implements VectorStore {
  readonly client: QdrantClient;
  private readonly prefix: string;
  private readonly maxAttempts: number;
  private readonly indexes = new Map<string, VectorIndex>();
  /** Qdrant collections known to exist (created or seen). */
  private readonly ready = new Map<string, Promise<void>>();

  constructor(options: QdrantVectorStoreOptions) {
    this.client = new QdrantClient({
      url: options.url,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      timeout: options.timeoutMs ?? 30_000,
      checkCompatibility: false,
    });
    this.prefix = options.collectionPrefix ?? 'strata';
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  }

  /** Runs a request with bounded retries and backoff on transient failures. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        return await fn();
      } catch (error) {
        last = error;
        if (!isRetryable(error) || attempt === this.maxAttempts) break;
        await sleep(100 * 2 ** (attempt - 1));
      }
    }
    if (isRetryable(last)) throw new TransientError(`qdrant ${what} failed: ${(last as Error).message}`, { cause: last });
    throw last;
  }

  async ensureIndex(index: VectorIndex): Promise<void> {
    const key = vectorName(index.name, index.dimensions);
    const known = this.indexes.get(key);
    if (known !== undefined && known.distance !== index.distance) {
      throw new ValidationError(
        `vector index ${index.name} (${index.dimensions} dimensions) exists with distance ${known.distance}; ${index.distance} requested`,
      );
    }
    this.indexes.set(key, index);
  }

  private indexFor(name: string, dimensions: number): VectorIndex {
    const found = this.indexes.get(vectorName(name, dimensions));
    if (found === undefined) {
      const sizes = [...this.indexes.values()].filter((i) => i.name === name).map((i) => i.dimensions);
      throw new ValidationError(
        sizes.length === 0
          ? `vector index ${name} does not exist`
          : `vector index ${name} has no ${dimensions}-dimension vectors (it has ${sizes.join(', ')} dimensions)`,
      );
    }
    return found;
  }

  /** Creates the Qdrant collection and its payload indexes once; concurrent callers share the work. */
  private ensureCollection(namespaceId: string, index: VectorIndex): Promise<void> {
    const name = collectionName(this.prefix, namespaceId, index.name, index.dimensions);
    let p = this.ready.get(name);
    if (p === undefined) {
      p = this.createCollection(name, index).catch((error: unknown) => {
        this.ready.delete(name);
        throw error;
      });
      this.ready.set(name, p);
    }
    return p;
  }

  private async createCollection(name: string, index: VectorIndex): Promise<void> {
    const { exists } = await this.call('collection exists', () => this.client.collectionExists(name));
    if (!exists) {
      try {
        await this.call('create collection', () =>
          this.client.createCollection(name, {
            vectors: { [vectorName(index.name, index.dimensions)]: { size: index.dimensions, distance: DISTANCE[index.distance] } },
          }),
        );
      } catch (error) {
        // Another process created it first: fine.
        if ((error as { status?: number }).status !== 409) throw error;
      }
    }
    for (const field of INDEXED_FIELDS) {
      await this.call('create payload index', () =>
        this.client.createPayloadIndex(name, { field_name: field, field_schema: 'keyword', wait: true }),
      );
    }
  }

  async upsert(points: readonly VectorPoint[]): Promise<void> {
    // Group by Qdrant collection: each vector of a point goes to its index's collection.
    const groups = new Map<string, { namespaceId: string; index: VectorIndex; points: Array<{ id: string; vector: Record<string, number[]>; payload: Record<string, unknown> }> }>();
    for (const point of points) {
      for (const [name, vector] of Object.entries(point.vectors)) {
        const index = this.indexFor(name, vector.length);
        const qname = collectionName(this.prefix, point.namespaceId, index.name, index.dimensions);
        let group = groups.get(qname);
        if (group === undefined) {
          group = { namespaceId: point.namespaceId, index, points: [] };
          groups.set(qname, group);
        }
        group.points.push({
          id: pointId(point.id),
          vector: { [vectorName(index.name, index.dimensions)]: Array.from(vector) },
          payload: {
            ...point.payload,
            [PAYLOAD_KEYS.id]: point.id,
            [PAYLOAD_KEYS.namespace]: point.namespaceId,
            [PAYLOAD_KEYS.collection]: point.collectionId,
          },
        });
      }
    }
    for (const [qname, group] of groups) {
      await this.ensureCollection(group.namespaceId, group.index);
      for (const batch of batchBySize(group.points, pointBytes)) {
        await this.call('upsert', () => this.client.upsert(qname, { wait: true, points: batch }));
      }
    }
  }

  private collectionFilter(collectionId: string, extra: Array<Record<string, unknown>> = []): Filter {
    return { must: [{ key: PAYLOAD_KEYS.collection, match: { value: collectionId } }, ...extra] };
  }

  /** An index this process has not ensured may exist on the server (made by another process): learn it there. */
  private async discover(namespaceId: string, name: string, dimensions: number): Promise<void> {
    if (this.indexes.has(vectorName(name, dimensions))) return;
    const qname = collectionName(this.prefix, namespaceId, name, dimensions);
    if (!(await this.exists(qname))) return;
    const info = await this.call('get collection', () => this.client.getCollection(qname));
    const vectors = (info.config.params.vectors ?? {}) as Record<string, { distance?: string }>;
    const distance = vectors[vectorName(name, dimensions)]?.distance;
    const known = Object.entries(DISTANCE).find(([, d]) => d === distance)?.[0] as VectorIndex['distance'] | undefined;
    if (known !== undefined) this.indexes.set(vectorName(name, dimensions), { name, dimensions, distance: known });
  }

  async search(query: VectorSearchQuery): Promise<ScoredPoint[]> {
    await this.discover(query.namespaceId, query.vectorIndex, query.vector.length);
    const index = this.indexFor(query.vectorIndex, query.vector.length);
    const qname = collectionName(this.prefix, query.namespaceId, index.name, index.dimensions);
    if (!(await this.exists(qname))) return [];
    const results = await this.call('search', () =>
      this.client.search(qname, {
        vector: { name: vectorName(index.name, index.dimensions), vector: Array.from(query.vector) },
        filter: this.collectionFilter(query.collectionId),
        limit: query.topK,
        with_payload: true,
      }),
    );
    return results.map((r) => ({
      id: String((r.payload ?? {})[PAYLOAD_KEYS.id]),
      // Qdrant returns similarity for Cosine/Dot and distance for Euclid; higher must mean closer.
      score: index.distance === 'euclidean' ? -r.score : r.score,
      payload: stripOwnKeys(r.payload ?? {}),
    }));
  }

  /** The Qdrant collections of a namespace (any vector index). */
  private async namespaceCollections(namespaceId: string): Promise<string[]> {
    const prefix = namespaceCollectionPrefix(this.prefix, namespaceId);
    const { collections } = await this.call('list collections', () => this.client.getCollections());
    return collections.map((c) => c.name).filter((n) => n.startsWith(prefix));
  }

  private async exists(name: string): Promise<boolean> {
    if (this.ready.has(name)) return true;
    const { exists } = await this.call('collection exists', () => this.client.collectionExists(name));
    return exists;
  }

  /** Points of a collection; a point with vectors of several indexes counts once (max over indexes). */
  async count(namespaceId: string, collectionId: string): Promise<number> {
    let n = 0;
    for (const qname of await this.namespaceCollections(namespaceId)) {
      const { count } = await this.call('count', () =>
        this.client.count(qname, { filter: this.collectionFilter(collectionId), exact: true }),
      );
      n = Math.max(n, count);
    }
    return n;
  }

  async get(namespaceId: string, collectionId: string, id: string): Promise<VectorPoint | null> {
    return (await this.getMany(namespaceId, collectionId, [id])).get(id) ?? null;
  }

  /** Points by id: one retrieve per Qdrant collection of the namespace (one per vector index), whatever the number of ids. */
  async getMany(namespaceId: string, collectionId: string, ids: readonly string[]): Promise<Map<string, VectorPoint>> {
    const found = new Map<string, VectorPoint>();
    if (ids.length === 0) return found;
    const wanted = new Set(ids);
    for (const qname of await this.namespaceCollections(namespaceId)) {
      const points = await this.call('retrieve', () =>
        this.client.retrieve(qname, { ids: ids.map(pointId), with_payload: true, with_vector: true }),
      );
      for (const point of points) {
        const payload = point.payload ?? {};
        const id = String(payload[PAYLOAD_KEYS.id]);
        if (payload[PAYLOAD_KEYS.collection] !== collectionId || !wanted.has(id)) continue;
        let entry = found.get(id);
        if (entry === undefined) {
          entry = { id, namespaceId, collectionId, vectors: {}, payload: stripOwnKeys(payload) };
          found.set(id, entry);
        }
        for (const [name, vector] of Object.entries((point.vector ?? {}) as Record<string, number[]>)) {
          // `<index>_<dims>` back to the index name; a process that never ensured the index (an API
          // restarted since the collection was made) still knows the naming rule.
          const index = [...this.indexes.values()].find((i) => vectorName(i.name, i.dimensions) === name);
          entry.vectors[index?.name ?? name.replace(/_\d+$/, '')] = Float32Array.from(vector);
        }
      }
    }
    return found;
  }

  /** Pages through the points of a collection (payload only), `pageSize` at a time. */
  async *scroll(namespaceId: string, collectionId: string, pageSize = 256): AsyncGenerator<{ id: string; payload: Record<string, unknown> }> {
    const [qname] = await this.namespaceCollections(namespaceId);
    if (qname === undefined) return;
    let offset: string | number | undefined | null = undefined;
    do {
      const page = await this.call('scroll', () =>
        this.client.scroll(qname, {
          filter: this.collectionFilter(collectionId),
          limit: pageSize,
          with_payload: true,
          with_vector: false,
          ...(offset === undefined || offset === null ? {} : { offset }),
        }),
      );
      for (const p of page.points) yield { id: String((p.payload ?? {})[PAYLOAD_KEYS.id]), payload: stripOwnKeys(p.payload ?? {}) };
      offset = page.next_page_offset as string | number | null | undefined;
    } while (offset !== undefined && offset !== null);
  }

  /** Deletes a collection's points, or those whose payload `field` equals `value` (e.g. one object's). */
  async deleteByFilter(namespaceId: string, collectionId: string, match?: { field: string; value: string }): Promise<void> {
    const extra = match === undefined ? [] : [{ key: match.field, match: { value: match.value } }];
    for (const qname of await this.namespaceCollections(namespaceId)) {
      await this.call('delete', () => this.client.delete(qname, { wait: true, filter: this.collectionFilter(collectionId, extra) }));
    }
  }

  /**
   * Deletes the points of a namespace or of one of its collections and returns how many went. A
   * point with vectors of several indexes lives in several Qdrant collections but counts once,
   * as in count(): the ids are gathered (payload id only) before the filtered deletes.
   */
  async deleteWhere(filter: { namespaceId: string; collectionId?: string; ids?: readonly string[] }): Promise<number> {
    if (filter.ids !== undefined && filter.collectionId === undefined) throw new Error('deleteWhere: ids need a collectionId');
    if (filter.ids !== undefined && filter.ids.length === 0) return 0;
    const where: Filter =
      filter.collectionId === undefined
        ? { must: [{ key: PAYLOAD_KEYS.namespace, match: { value: filter.namespaceId } }] }
        : this.collectionFilter(
            filter.collectionId,
            filter.ids === undefined ? [] : [{ key: PAYLOAD_KEYS.id, match: { any: [...filter.ids] } }],
          );
    const ids = new Set<string>();
    const qnames = await this.namespaceCollections(filter.namespaceId);
    for (const qname of qnames) {
      let offset: string | number | undefined | null = undefined;
      do {
        const page = await this.call('scroll', () =>
          this.client.scroll(qname, {
            filter: where,
            limit: 1_000,
            with_payload: [PAYLOAD_KEYS.id],
            with_vector: false,
            ...(offset === undefined || offset === null ? {} : { offset }),
          }),
        );
        for (const p of page.points) ids.add(String((p.payload ?? {})[PAYLOAD_KEYS.id]));
        offset = page.next_page_offset as string | number | null | undefined;
      } while (offset !== undefined && offset !== null);
    }
    for (const qname of qnames) {
      await this.call('delete', () => this.client.delete(qname, { wait: true, filter: where }));
    }
    return ids.size;
  }

  async ping(): Promise<void> {
    await this.call('list collections', () => this.client.getCollections());
  }

  async close(): Promise<void> {
    // The REST client keeps no connection state to release.
  }

  /** Deletes every Qdrant collection of this prefix (tests clean up after themselves). */
  async dropAll(): Promise<void> {
    const { collections } = await this.client.getCollections();
    for (const c of collections) if (c.name.startsWith(`${this.prefix}__`)) await this.client.deleteCollection(c.name);
    this.ready.clear();
  }
}

function stripOwnKeys(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (!(Object.values(PAYLOAD_KEYS) as string[]).includes(k)) out[k] = v;
  return out;
}
