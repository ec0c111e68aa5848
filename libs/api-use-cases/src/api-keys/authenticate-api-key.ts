import { hashApiKey } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { KEY_FORMAT } from './create-api-key';
import type { Principal } from './principal';

export class AuthenticateApiKey {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** The principal of a live key, or null for an unknown or revoked one. */
  async execute(secret: string): Promise<Principal | null> {
    if (!KEY_FORMAT.test(secret)) return null;
    const key = await this.deps.metadata.apiKeys.findByHash(hashApiKey(secret));
    if (key === null || key.revokedAt !== null) return null;
    return { keyId: key.keyId, namespaceIds: key.namespaceIds };
  }
}
