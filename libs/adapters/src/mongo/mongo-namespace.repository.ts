import { AlreadyExistsError, Namespace } from '@strata/domain';
import type { NamespaceRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import { NamespaceDoc, isDuplicateKey } from './mongo-models';

export class MongoNamespaceRepository implements NamespaceRepository {
  constructor(private readonly model: Model<NamespaceDoc>) {}

  async create(ns: Namespace): Promise<void> {
    try {
      await this.model.create({
        namespaceId: ns.namespaceId,
        namespaceName: ns.namespaceName,
        description: ns.description,
        createdAt: ns.createdAt,
        updatedAt: ns.updatedAt,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`a namespace named '${ns.namespaceName}' already exists`);
      throw error;
    }
  }

  async findByIdOrName(idOrName: string): Promise<Namespace | null> {
    const doc = await this.model.findOne({ $or: [{ namespaceId: idOrName }, { namespaceName: idOrName }] }).lean<NamespaceDoc>().exec();
    if (doc === null) return null;
    return {
      namespaceId: doc.namespaceId,
      namespaceName: doc.namespaceName,
      description: doc.description ?? null,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
    };
  }
}
