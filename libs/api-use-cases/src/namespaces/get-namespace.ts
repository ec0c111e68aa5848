import { Namespace, NotFoundError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export class GetNamespace {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError */
  async execute(idOrName: string): Promise<Namespace> {
    const found = await this.deps.metadata.namespaces.findByIdOrName(idOrName);
    if (found === null) throw new NotFoundError('namespace', idOrName);
    return found;
  }
}
