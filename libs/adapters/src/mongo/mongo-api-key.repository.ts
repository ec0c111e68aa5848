import { AlreadyExistsError, ApiKey } from '@strata/domain';
import type { ApiKeyRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import { ApiKeyDoc, isDuplicateKey } from './mongo-models';

function toApiKey(doc: ApiKeyDoc): ApiKey {
  return {
    keyId: doc.keyId,
    name: doc.name,
    keyHash: doc.keyHash,
    prefix: doc.prefix,
    namespaceIds: doc.namespaceIds ?? null,
    createdAt: doc.createdAt,
    revokedAt: doc.revokedAt ?? null,
  };
}

/** API keys (organisation scoped: no namespace filter). Only the hash of a key is stored. */
export class MongoApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly model: Model<ApiKeyDoc>) {}

  async create(k: ApiKey): Promise<void> {
    try {
      await this.model.create({
        keyId: k.keyId,
        name: k.name,
        keyHash: k.keyHash,
        prefix: k.prefix,
        namespaceIds: k.namespaceIds,
        createdAt: k.createdAt,
        revokedAt: k.revokedAt,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError('this API key already exists');
      throw error;
    }
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const doc = await this.model.findOne({ keyHash }).lean<ApiKeyDoc>().exec();
    return doc === null ? null : toApiKey(doc);
  }

  async list(): Promise<ApiKey[]> {
    const docs = await this.model.find({}).sort({ createdAt: 1, keyId: 1 }).lean<ApiKeyDoc[]>().exec();
    return docs.map(toApiKey);
  }

  async revoke(keyId: string, now: string): Promise<boolean> {
    // The first revocation time is kept: revoking twice does not move it.
    const first = await this.model.updateOne({ keyId, revokedAt: null }, { $set: { revokedAt: now } }).exec();
    if (first.matchedCount > 0) return true;
    return (await this.model.exists({ keyId }).exec()) !== null;
  }
}
