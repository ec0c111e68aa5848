import { Collection, NotFoundError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export class GetCollection {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  async execute(namespaceId: string, idOrName: string): Promise<Collection> {
    const found = await this.deps.metadata.collections.findByIdOrName(namespaceId, idOrName);
    if (found === null) throw new NotFoundError('collection', idOrName);
    return found;
  }
}
