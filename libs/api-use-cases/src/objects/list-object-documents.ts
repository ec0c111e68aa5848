import { DocumentRecord, ValidationError, isId } from '@strata/domain';
import type { Page, PageQuery } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';

/**
 * What an object produced: the documents whose root object it is, in every collection or in the
 * given ones (Mixpeek's `GET /v1/objects/{object_id}/documents`). Documents stay after their
 * object is deleted until a batch of their collection removes the orphans (docs/adr/0050-batch-policies.md),
 * so a missing object is not an error here: it lists what is left.
 */
export class ListObjectDocuments {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError on a malformed object id */
  async execute(namespaceId: string, objectId: string, query: PageQuery & { collectionIds: readonly string[] | null }): Promise<Page<DocumentRecord>> {
    if (!isId('object', objectId)) throw new ValidationError(`object_id '${objectId}' is not an object id (obj_ followed by 6 to 64 lowercase letters or digits)`);
    return this.deps.metadata.documents.listByObject(namespaceId, objectId, query);
  }
}
