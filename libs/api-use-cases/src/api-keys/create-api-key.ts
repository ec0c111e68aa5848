import { ApiKey, hashApiKey, isoNow, newApiKeySecret, newId, NotFoundError, ValidationError } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export const KEY_FORMAT = /^sk_[a-z0-9]{20,128}$/;

export class CreateApiKey {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  /**
   * Creates a key scoped to the given namespaces (ids or names; null = every namespace) and
   * returns its secret, which is not stored and cannot be shown again.
   */
  async execute(command: { name: string; namespaces: string[] | null; secret?: string }): Promise<{ key: ApiKey; secret: string }> {
    if (command.name.trim().length === 0 || command.name.length > 200) throw new ValidationError('a key name of 1-200 characters is required');
    const secret = command.secret ?? newApiKeySecret();
    if (!KEY_FORMAT.test(secret)) throw new ValidationError('an API key must look like sk_ followed by 20-128 lowercase letters or digits');
    let namespaceIds: string[] | null = null;
    if (command.namespaces !== null) {
      namespaceIds = [];
      for (const ref of command.namespaces) {
        const ns = await this.deps.metadata.namespaces.findByIdOrName(ref);
        if (ns === null) throw new NotFoundError('namespace', ref);
        namespaceIds.push(ns.namespaceId);
      }
    }
    const key: ApiKey = {
      keyId: newId('apiKey'),
      name: command.name,
      keyHash: hashApiKey(secret),
      prefix: `${secret.slice(0, 7)}...`,
      namespaceIds,
      createdAt: isoNow(this.deps.clock),
      revokedAt: null,
    };
    await this.deps.metadata.apiKeys.create(key);
    return { key, secret };
  }
}
