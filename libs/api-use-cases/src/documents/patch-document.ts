import { DocumentRecord, isoNow, NotFoundError, ValidationError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';

/** Fields the system owns: a patch may not set them (they come from the document's identity and lineage). */
export const SYSTEM_DOCUMENT_FIELDS = ['document_id', 'collection_id', 'object_id', 'bucket_id', 'source_document_id', '_internal', 'internal_metadata', 'vectors'] as const;

/**
 * Merges user fields into a document's payload (Mixpeek's `PATCH .../documents/{document_id}`):
 * the vector store's copy of the payload first, then the metadata, under the same document id,
 * so search filters and the document agree and nothing is written twice. A patch cut short
 * between the two writes is repaired by sending it again. The next batch that re-processes the
 * document's source rewrites the payload from the source.
 */
export class PatchDocument {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>) {
    this.collections = new GetCollection(deps);
  }

  /** @throws NotFoundError, ValidationError (system fields, empty patch) */
  async execute(namespaceId: string, collection: string, documentId: string, fields: Record<string, unknown>): Promise<DocumentRecord> {
    const keys = Object.keys(fields);
    if (keys.length === 0) throw new ValidationError('the patch is empty: send the document fields to change at the root of the body');
    const system = keys.filter((k) => (SYSTEM_DOCUMENT_FIELDS as readonly string[]).includes(k));
    if (system.length > 0) throw new ValidationError(`${system.join(', ')} ${system.length === 1 ? 'is a system field' : 'are system fields'} and cannot be patched`);
    const c = await this.collections.execute(namespaceId, collection);
    const found = await this.deps.metadata.documents.find(namespaceId, c.collectionId, documentId);
    if (found === null) throw new NotFoundError('document', documentId);
    const payload = { ...found.payload, ...fields };
    const point = await this.deps.vectors.get(namespaceId, c.collectionId, documentId);
    if (point !== null) await this.deps.vectors.upsert([{ ...point, payload: { ...payload, document_id: documentId } }]);
    const updated: DocumentRecord = { ...found, payload, processingHistory: [], updatedAt: isoNow(this.deps.clock) };
    await this.deps.metadata.documents.upsertMany([updated]);
    return { ...updated, processingHistory: found.processingHistory };
  }
}
