import { ApiKey, NotFoundError, ValidationError, hashApiKey, isoNow, newApiKeySecret, newId } from '@strata/domain';
import type { IngestionDeps } from './deps';

/** Who is calling: a key's id and the namespaces it may use (null = all, and administration). */
export interface Principal {
  keyId: string | null;
  namespaceIds: string[] | null;
}

/** The principal of an installation running without authentication (AUTH_MODE=none). */
export const OPEN_PRINCIPAL: Principal = { keyId: null, namespaceIds: null };

const KEY_FORMAT = /^sk_[a-z0-9]{20,128}$/;

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

export class RevokeApiKey {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  async execute(keyId: string): Promise<void> {
    if (!(await this.deps.metadata.apiKeys.revoke(keyId, isoNow(this.deps.clock)))) throw new NotFoundError('api key', keyId);
  }
}

/** True when the principal may use the namespace. */
export function mayUseNamespace(principal: Principal, namespaceId: string): boolean {
  return principal.namespaceIds === null || principal.namespaceIds.includes(namespaceId);
}
