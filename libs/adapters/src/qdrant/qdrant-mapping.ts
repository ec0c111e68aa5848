import { createHash } from 'node:crypto';

/** Payload keys the adapter owns (prefixed so they never clash with extractor output). */
export const PAYLOAD_KEYS = {
  id: '_strata_id',
  namespace: '_strata_namespace_id',
  collection: '_strata_collection_id',
} as const;

/** Payload fields indexed in every collection: what every read and delete filters on. */
export const INDEXED_FIELDS = [PAYLOAD_KEYS.collection, PAYLOAD_KEYS.id, 'object_id', 'root_object_id'] as const;

/** The named vector of a vector index: name and size, as the embedded store keys indexes. */
export function vectorName(index: string, dimensions: number): string {
  return `${index}_${dimensions}`;
}

/** Qdrant collection of a namespace and vector index (see docs/adr/0032 for why not one per namespace). */
export function collectionName(prefix: string, namespaceId: string, index: string, dimensions: number): string {
  return `${prefix}__${namespaceId}__${vectorName(index, dimensions)}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The namespace part of collection names, to list a namespace's collections. */
export function namespaceCollectionPrefix(prefix: string, namespaceId: string): string {
  return `${prefix}__${namespaceId}__`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Qdrant point ids must be unsigned integers or UUIDs; ours are strings like `doc_...`. The id is
 * a name-based UUID (RFC 4122 version 5 layout, SHA-1 of the document id), so the same document
 * always maps to the same point and a redelivery overwrites instead of duplicating.
 */
export function pointId(documentId: string): string {
  const h = createHash('sha1').update(`strata:${documentId}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const DISTANCE = { cosine: 'Cosine', dot: 'Dot', euclidean: 'Euclid' } as const;

/** Upsert batches: 64 to 256 points, and under ~5 MB of JSON (Qdrant's default limit is 32 MB). */
export const MAX_BATCH_POINTS = 256;
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

/** Splits items into batches of at most `maxPoints` and at most `maxBytes` by the size estimate. */
export function batchBySize<T>(
  items: readonly T[],
  size: (item: T) => number,
  maxPoints = MAX_BATCH_POINTS,
  // Headroom for the request envelope (`{"points":[...]}`).
  maxBytes = MAX_BATCH_BYTES - 1024,
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const s = size(item);
    if (current.length > 0 && (current.length >= maxPoints || bytes + s > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += s;
  }
  if (current.length > 0) out.push(current);
  return out;
}
