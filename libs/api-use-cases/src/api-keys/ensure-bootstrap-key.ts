import { hashApiKey } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { CreateApiKey } from './create-api-key';

/** Makes sure the operator's bootstrap key (STRATA_BOOTSTRAP_API_KEY) exists, with full access. */
export class EnsureBootstrapKey {
  private readonly create: CreateApiKey;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {
    this.create = new CreateApiKey(deps);
  }

  async execute(secret: string): Promise<void> {
    if ((await this.deps.metadata.apiKeys.findByHash(hashApiKey(secret))) !== null) return;
    try {
      await this.create.execute({ name: 'bootstrap', namespaces: null, secret });
    } catch (error) {
      // Another replica created it at the same moment.
      if ((await this.deps.metadata.apiKeys.findByHash(hashApiKey(secret))) === null) throw error;
    }
  }
}
