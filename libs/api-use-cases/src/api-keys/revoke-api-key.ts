import { isoNow, NotFoundError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export class RevokeApiKey {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  async execute(keyId: string): Promise<void> {
    if (!(await this.deps.metadata.apiKeys.revoke(keyId, isoNow(this.deps.clock)))) throw new NotFoundError('api key', keyId);
  }
}
