import { isoNow, NotFoundError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';

/**
 * Deletes one document from both stores: its vectors first, then its metadata, so a delete cut
 * short leaves a document that is still listed and can be deleted again (never an orphan vector
 * that search would return without a document behind it).
 */
export class DeleteDocument {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors' | 'clock'>) {
    this.collections = new GetCollection(deps);
  }

  /** @throws NotFoundError */
  async execute(namespaceId: string, collection: string, documentId: string): Promise<{ deletedAt: string }> {
    const c = await this.collections.execute(namespaceId, collection);
    const found = await this.deps.metadata.documents.find(namespaceId, c.collectionId, documentId);
    if (found === null) throw new NotFoundError('document', documentId);
    await this.deps.vectors.deleteWhere({ namespaceId, collectionId: c.collectionId, ids: [documentId] });
    await this.deps.metadata.documents.delete(namespaceId, c.collectionId, documentId);
    return { deletedAt: isoNow(this.deps.clock) };
  }
}
