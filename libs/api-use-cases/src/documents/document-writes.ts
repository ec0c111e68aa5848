import { Collection, DocumentRecord, isoNow, ValidationError } from '@strata/domain';
import type { VectorPoint } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';

/**
 * What the document write routes share (docs/adr/0076-document-writes.md): which fields a user
 * may write, how big a payload may be, how vectors are checked against the collection's indexes,
 * and the one write order (vector store first, then the metadata, under the same document id).
 */

/** Fields the system owns: a write may not set them (they come from the document's identity and lineage). */
export const SYSTEM_DOCUMENT_FIELDS = ['document_id', 'collection_id', 'object_id', 'bucket_id', 'source_document_id', '_internal', 'internal_metadata', 'vectors'] as const;

/** Largest user payload of one document, as compact JSON (the vector store keeps a copy of it). */
export const MAX_DOCUMENT_PAYLOAD_BYTES = 256 * 1024;

/** Most user fields at the root of one document. */
export const MAX_DOCUMENT_FIELDS = 500;

/** A vector per index name, as Mixpeek's NamedDenseVectors (`{"text_embedding": [0.1, ...]}`). */
export type NamedVectors = Record<string, number[]>;

/** Refuses system fields among the keys of a write. @throws ValidationError */
export function refuseSystemFields(fields: Record<string, unknown>, location: string): void {
  const system = Object.keys(fields).filter((k) => (SYSTEM_DOCUMENT_FIELDS as readonly string[]).includes(k));
  if (system.length > 0) {
    throw new ValidationError(`${location}: ${system.join(', ')} ${system.length === 1 ? 'is a system field' : 'are system fields'} and cannot be written`, [
      { location, message: `system field(s): ${system.join(', ')}`, type: 'value_error' },
    ]);
  }
}

/** Checks the size of a payload about to be stored. @throws ValidationError */
export function checkPayload(payload: Record<string, unknown>, location: string): void {
  const fields = Object.keys(payload).length;
  if (fields > MAX_DOCUMENT_FIELDS) throw new ValidationError(`${location}: a document holds at most ${MAX_DOCUMENT_FIELDS} fields, not ${fields}`);
  const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (bytes > MAX_DOCUMENT_PAYLOAD_BYTES) {
    throw new ValidationError(`${location}: the document's fields take ${bytes} bytes as JSON; at most ${MAX_DOCUMENT_PAYLOAD_BYTES} are stored`);
  }
}

/**
 * Checks vectors against the collection's indexes: each name an index of the collection, each a
 * list of finite numbers of the index's dimensions, and every index present (a document is
 * searchable under all of its collection's indexes or not in the vector store at all).
 * @throws ValidationError
 */
export function checkVectors(collection: Collection, vectors: NamedVectors, location: string): Record<string, Float32Array> {
  const indexes = new Map(collection.vectorIndexes.map((i) => [i.name, i]));
  const out: Record<string, Float32Array> = {};
  for (const [name, values] of Object.entries(vectors)) {
    const index = indexes.get(name);
    if (index === undefined) {
      throw new ValidationError(`${location}.${name}: collection ${collection.collectionId} has no vector index '${name}' (its indexes: ${[...indexes.keys()].join(', ') || 'none'})`);
    }
    if (!Array.isArray(values) || values.length !== index.dimensions) {
      throw new ValidationError(`${location}.${name}: index '${name}' takes ${index.dimensions} dimensions, not ${Array.isArray(values) ? values.length : typeof values}`);
    }
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new ValidationError(`${location}.${name}: every dimension must be a finite number`);
    out[name] = Float32Array.from(values);
  }
  const missing = [...indexes.keys()].filter((name) => out[name] === undefined);
  if (Object.keys(out).length > 0 && missing.length > 0) {
    throw new ValidationError(`${location}: vectors for every index of the collection or none; missing ${missing.join(', ')}`);
  }
  return out;
}

/** A document's user fields replaced or merged, with updated_at moved on. */
export function withPayload(found: DocumentRecord, payload: Record<string, unknown>, deps: Pick<IngestionDeps, 'clock'>): DocumentRecord {
  return { ...found, payload, updatedAt: isoNow(deps.clock) };
}

/**
 * Writes documents to both stores: the vector store's points first (the given vectors, or the
 * point's own when none are given and it exists; a document without vectors and without a point
 * stays metadata only), then the metadata rows in one upsert. A write cut short between the two
 * is repaired by sending it again; nothing is written twice (same ids). Processing history is
 * kept as stored (the metadata upsert leaves it when the record carries none).
 */
export async function writeDocuments(
  deps: Pick<IngestionDeps, 'metadata' | 'vectors'>,
  documents: ReadonlyArray<{ record: DocumentRecord; vectors: Record<string, Float32Array> | null }>,
): Promise<void> {
  if (documents.length === 0) return;
  const points: VectorPoint[] = [];
  for (const { record, vectors } of documents) {
    const payload = { ...record.payload, document_id: record.documentId };
    if (vectors !== null && Object.keys(vectors).length > 0) {
      points.push({ id: record.documentId, namespaceId: record.namespaceId, collectionId: record.collectionId, vectors, payload });
      continue;
    }
    const point = await deps.vectors.get(record.namespaceId, record.collectionId, record.documentId);
    if (point !== null) points.push({ ...point, payload });
  }
  if (points.length > 0) await deps.vectors.upsert(points);
  await deps.metadata.documents.upsertMany(documents.map(({ record }) => ({ ...record, processingHistory: [] })));
}
