import { Bucket, NotFoundError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export class GetBucket {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError */
  async execute(namespaceId: string, idOrName: string): Promise<Bucket> {
    const found = await this.deps.metadata.buckets.findByIdOrName(namespaceId, idOrName);
    if (found === null) throw new NotFoundError('bucket', idOrName);
    return found;
  }
}
