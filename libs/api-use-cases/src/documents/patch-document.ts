import { DocumentRecord, NotFoundError, ValidationError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import { checkPayload, refuseSystemFields, withPayload, writeDocuments } from './document-writes';

export { SYSTEM_DOCUMENT_FIELDS } from './document-writes';

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

  /** @throws NotFoundError, ValidationError (system fields, empty patch, payload too big) */
  async execute(namespaceId: string, collection: string, documentId: string, fields: Record<string, unknown>): Promise<DocumentRecord> {
    if (Object.keys(fields).length === 0) throw new ValidationError('the patch is empty: send the document fields to change at the root of the body');
    refuseSystemFields(fields, 'body');
    const c = await this.collections.execute(namespaceId, collection);
    const found = await this.deps.metadata.documents.find(namespaceId, c.collectionId, documentId);
    if (found === null) throw new NotFoundError('document', documentId);
    const payload = { ...found.payload, ...fields };
    checkPayload(payload, 'body');
    const updated = withPayload(found, payload, this.deps);
    await writeDocuments(this.deps, [{ record: updated, vectors: null }]);
    return updated;
  }
}
