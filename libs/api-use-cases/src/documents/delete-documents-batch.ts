import { type ListFilter, parseFilter } from '@strata/contracts';
import { ValidationError } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import { ListDocuments, matchingDocumentIds } from './list-documents';

/** Mixpeek's limit for one batch delete. */
export const MAX_DOCUMENTS_PER_DELETE = 1000;
/** Most documents one delete by filters removes; a broader filter is refused before anything is deleted. */
export const MAX_DOCUMENTS_PER_DELETE_BY_FILTERS = 10_000;
/** Documents re-read and deleted per step of a delete by filters. */
const DELETE_STEP = 500;

export interface DocumentDeleteResult {
  documentId: string;
  success: boolean;
  error: string | null;
}

function conditionCount(filter: ListFilter | null): number {
  if (filter === null) return 0;
  return 'logic' in filter ? filter.children.reduce((n, c) => n + conditionCount(c), 0) : 1;
}

/**
 * Deletes documents of a collection (Mixpeek's `DELETE .../documents/batch`): up to 1000 by id
 * (`document_ids`), or every document the filters match (`filters`). Either way the vectors of
 * the documents found go first, then their metadata, the same order as the single delete (a
 * delete cut short leaves documents that can be deleted again, never vectors without a document;
 * docs/adr/0076-document-writes.md).
 */
export class DeleteDocumentsBatch {
  private readonly collections: GetCollection;
  private readonly list: ListDocuments;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'vectors'>) {
    this.collections = new GetCollection(deps);
    this.list = new ListDocuments(deps);
  }

  /** By id; ids not in the collection are reported, not an error. @throws NotFoundError (collection), ValidationError (count) */
  async execute(namespaceId: string, collection: string, documentIds: readonly string[]): Promise<DocumentDeleteResult[]> {
    const ids = [...new Set(documentIds)];
    if (ids.length === 0 || ids.length > MAX_DOCUMENTS_PER_DELETE) {
      throw new ValidationError(`document_ids must hold 1 to ${MAX_DOCUMENTS_PER_DELETE} ids, not ${ids.length}`);
    }
    const c = await this.collections.execute(namespaceId, collection);
    const existing = new Set(await this.deleteFound(namespaceId, c.collectionId, ids));
    return ids.map((id) => (existing.has(id) ? { documentId: id, success: true, error: null } : { documentId: id, success: false, error: `document ${id} is not in collection ${c.collectionId}` }));
  }

  /**
   * Every document the filters match (the same documents `POST .../documents/list` shows with
   * them). A filter without any condition is refused (it would match every document). The
   * matching ids are read first; more than MAX_DOCUMENTS_PER_DELETE_BY_FILTERS is refused before
   * anything is deleted. Then they are deleted in steps of 500, each step re-read (a document
   * already gone is skipped, not counted), vectors then metadata.
   * @throws NotFoundError (collection), ValidationError (filters, too many matches)
   */
  async byFilters(namespaceId: string, collection: string, filters: unknown): Promise<{ deleted: number; matched: number }> {
    if (conditionCount(parseFilter(filters)) === 0) {
      throw new ValidationError(
        'invalid filters: body.filters: holds no condition, so it would match every document; name at least one condition (to delete every document, delete the collection)',
        [{ location: 'body.filters', message: 'holds no condition', type: 'value_error' }],
      );
    }
    const c = await this.collections.execute(namespaceId, collection);
    const ids = await matchingDocumentIds(this.list, namespaceId, c.collectionId, filters, MAX_DOCUMENTS_PER_DELETE_BY_FILTERS, 'one delete by filters removes');
    let deleted = 0;
    for (let i = 0; i < ids.length; i += DELETE_STEP) {
      deleted += (await this.deleteFound(namespaceId, c.collectionId, ids.slice(i, i + DELETE_STEP))).length;
    }
    return { deleted, matched: ids.length };
  }

  /** Deletes the documents among `ids` that are in the collection (vectors in one call, then metadata); returns their ids. */
  private async deleteFound(namespaceId: string, collectionId: string, ids: readonly string[]): Promise<string[]> {
    const present = (await this.deps.metadata.documents.findMany(namespaceId, ids)).filter((d) => d.collectionId === collectionId).map((d) => d.documentId);
    if (present.length > 0) await this.deps.vectors.deleteWhere({ namespaceId, collectionId, ids: present });
    for (const id of present) await this.deps.metadata.documents.delete(namespaceId, collectionId, id);
    return present;
  }
}
