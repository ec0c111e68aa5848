import { AlreadyExistsError, ApiKey } from '@strata/domain';
import type { ApiKeyRepository } from '@strata/ports';
import { copy } from './copy';

export class InMemoryApiKeyRepository implements ApiKeyRepository {
  private readonly keys = new Map<string, ApiKey>();

  async create(k: ApiKey): Promise<void> {
    if ([...this.keys.values()].some((x) => x.keyHash === k.keyHash)) throw new AlreadyExistsError('this API key already exists');
    this.keys.set(k.keyId, copy(k));
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const found = [...this.keys.values()].find((k) => k.keyHash === keyHash);
    return found === undefined ? null : copy(found);
  }

  async list(): Promise<ApiKey[]> {
    return [...this.keys.values()].map(copy);
  }

  async revoke(keyId: string, now: string): Promise<boolean> {
    const k = this.keys.get(keyId);
    if (k === undefined) return false;
    k.revokedAt = k.revokedAt ?? now;
    return true;
  }
}
