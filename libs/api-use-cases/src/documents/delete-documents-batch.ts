import { ValidationError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';

/** Mixpeek's limit for one batch delete. */
export const MAX_DOCUMENTS_PER_DELETE = 1000;

export interface DocumentDeleteResult {
  documentId: string;
  success: boolean;
  error: string | null;
}

/**
 * Deletes up to 1000 documents of a collection (Mixpeek's `DELETE .../documents/batch` with
 * `document_ids`): the vectors of the ones that exist in one call, then their metadata, the same
 * order as the single delete (a delete cut short leaves documents that can be deleted again,
 * never vectors without a document). Ids not in the collection are reported, not an error.
 */
export class DeleteDocumentsBatch {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors'>) {
    this.collections = new GetCollection(deps);
  }

  /** @throws NotFoundError (collection), ValidationError (count) */
  async execute(namespaceId: string, collection: string, documentIds: readonly string[]): Promise<DocumentDeleteResult[]> {
    const ids = [...new Set(documentIds)];
    if (ids.length === 0 || ids.length > MAX_DOCUMENTS_PER_DELETE) {
      throw new ValidationError(`document_ids must hold 1 to ${MAX_DOCUMENTS_PER_DELETE} ids, not ${ids.length}`);
    }
    const c = await this.collections.execute(namespaceId, collection);
    const existing = new Set(
      (await this.deps.metadata.documents.findMany(namespaceId, ids)).filter((d) => d.collectionId === c.collectionId).map((d) => d.documentId),
    );
    const present = ids.filter((id) => existing.has(id));
    if (present.length > 0) await this.deps.vectors.deleteWhere({ namespaceId, collectionId: c.collectionId, ids: present });
    for (const id of present) await this.deps.metadata.documents.delete(namespaceId, c.collectionId, id);
    return ids.map((id) => (existing.has(id) ? { documentId: id, success: true, error: null } : { documentId: id, success: false, error: `document ${id} is not in collection ${c.collectionId}` }));
  }
}
