import { DocumentRecord, NotFoundError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import { checkPayload, checkVectors, NamedVectors, refuseSystemFields, withPayload, writeDocuments } from './document-writes';

/**
 * Replaces a document's user fields (Mixpeek's `PUT .../documents/{document_id}`): the fields
 * sent become the whole payload (PATCH merges instead); vectors sent replace the point's, else
 * the point keeps its own. Identity, lineage and processing history stay. Vector store first,
 * then the metadata (writeDocuments), so a PUT cut short is repaired by sending it again.
 */
export class UpdateDocument {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>) {
    this.collections = new GetCollection(deps);
  }

  /** @throws NotFoundError, ValidationError (system fields, vectors, payload too big) */
  async execute(namespaceId: string, collection: string, documentId: string, fields: Record<string, unknown>, vectors: NamedVectors): Promise<DocumentRecord> {
    refuseSystemFields(fields, 'body');
    checkPayload(fields, 'body');
    const c = await this.collections.execute(namespaceId, collection);
    const checked = checkVectors(c, vectors, 'body.vectors');
    const found = await this.deps.metadata.documents.find(namespaceId, c.collectionId, documentId);
    if (found === null) throw new NotFoundError('document', documentId);
    const updated = withPayload(found, fields, this.deps);
    await writeDocuments(this.deps, [{ record: updated, vectors: Object.keys(checked).length > 0 ? checked : null }]);
    return updated;
  }
}
