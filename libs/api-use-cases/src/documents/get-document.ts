import { DocumentRecord, NotFoundError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';

export class GetDocument {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors'>) {
    this.collections = new GetCollection(deps);
  }

  async execute(
    namespaceId: string,
    collection: string,
    documentId: string,
    withVectors: boolean,
  ): Promise<{ document: DocumentRecord; vectors: Record<string, number[]> | null }> {
    const c = await this.collections.execute(namespaceId, collection);
    const document = await this.deps.metadata.documents.find(namespaceId, c.collectionId, documentId);
    if (document === null) throw new NotFoundError('document', documentId);
    if (!withVectors) return { document, vectors: null };
    const point = await this.deps.vectors.get(namespaceId, c.collectionId, documentId);
    const vectors: Record<string, number[]> = {};
    for (const [name, v] of Object.entries(point?.vectors ?? {})) vectors[name] = Array.from(v);
    return { document, vectors };
  }
}
