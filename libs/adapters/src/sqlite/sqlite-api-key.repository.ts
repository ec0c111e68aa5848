import { AlreadyExistsError, ApiKey } from '@strata/domain';
import type { ApiKeyRepository } from '@strata/ports';
import { SqliteDb, isUniqueViolation, json, parseJson } from './sqlite-database';
import { str, strOrNull } from './sqlite-rows';
import type { Row } from './sqlite-rows';

function toApiKey(row: Row): ApiKey {
  const ns = strOrNull(row['namespace_ids']);
  return {
    keyId: str(row['key_id']),
    name: str(row['name']),
    keyHash: str(row['key_hash']),
    prefix: str(row['prefix']),
    namespaceIds: ns === null ? null : parseJson<string[]>(ns, []),
    createdAt: str(row['created_at']),
    revokedAt: strOrNull(row['revoked_at']),
  };
}

export class SqliteApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(k: ApiKey): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO api_keys (key_id, name, key_hash, prefix, namespace_ids, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(k.keyId, k.name, k.keyHash, k.prefix, k.namespaceIds === null ? null : json(k.namespaceIds), k.createdAt, k.revokedAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError('this API key already exists');
      throw error;
    }
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE key_hash = ?').get(keyHash) as Row | undefined;
    return row === undefined ? null : toApiKey(row);
  }

  async list(): Promise<ApiKey[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, key_id').all() as Row[]).map(toApiKey);
  }

  async revoke(keyId: string, now: string): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE key_id = ?').run(now, keyId).changes > 0;
  }
}
