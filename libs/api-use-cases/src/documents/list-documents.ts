import { DocumentRecord } from '@strata/domain';
import { GetCollection } from '../collections/get-collection';
import type { IngestionDeps } from '../shared/deps';
import type { ListQuery, ListResult } from '../shared/list-query';
import { listFiltered } from '../shared/record-filter';
import { documentRecord } from './document-records';

export class ListDocuments {
  private readonly collections: GetCollection;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {
    this.collections = new GetCollection(deps);
  }

  /** Filters (AND/OR/NOT), search and sort as every list; a plain page reads one page. @throws NotFoundError, ValidationError */
  async execute(namespaceId: string, collection: string, query: ListQuery): Promise<ListResult<DocumentRecord> & { collectionId: string }> {
    const c = await this.collections.execute(namespaceId, collection);
    const result = await listFiltered(query, (p) => this.deps.metadata.documents.list(namespaceId, c.collectionId, p), documentRecord);
    return { ...result, collectionId: c.collectionId };
  }
}
