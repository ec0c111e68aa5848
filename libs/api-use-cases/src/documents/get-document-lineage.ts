import { DocumentRecord } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { GetDocument } from './get-document';

/** Ancestors followed at most: deeper than any collection chain a namespace can build, and it stops a cycle. */
export const MAX_LINEAGE_DEPTH = 32;

export interface DocumentLineageView {
  document: DocumentRecord;
  /** The source documents, nearest first; the last one was extracted from the root object. */
  ancestors: DocumentRecord[];
  /** False when an ancestor is gone (deleted or re-processed since): the chain stops there. */
  complete: boolean;
}

/** A document's lineage (Mixpeek's `GET /v1/collections/{collection_id}/documents/{document_id}/lineage`). */
export class GetDocumentLineage {
  private readonly documents: GetDocument;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors'>) {
    this.documents = new GetDocument(deps);
  }

  /** @throws NotFoundError */
  async execute(namespaceId: string, collection: string, documentId: string): Promise<DocumentLineageView> {
    const { document } = await this.documents.execute(namespaceId, collection, documentId, false);
    const ancestors: DocumentRecord[] = [];
    const seen = new Set([document.documentId]);
    let next = document.lineage.sourceDocumentId;
    while (next !== null && next !== undefined && ancestors.length < MAX_LINEAGE_DEPTH && !seen.has(next)) {
      seen.add(next);
      const [found] = await this.deps.metadata.documents.findMany(namespaceId, [next]);
      if (found === undefined) return { document, ancestors, complete: false };
      ancestors.push(found);
      next = found.lineage.sourceDocumentId;
    }
    return { document, ancestors, complete: next === null || next === undefined };
  }
}
