import { AlreadyExistsError, Bucket, BucketSchema } from '@strata/domain';
import type { BucketRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import { BucketDoc, isDuplicateKey } from './mongo-models';

export class MongoBucketRepository implements BucketRepository {
  constructor(private readonly model: Model<BucketDoc>) {}

  async create(b: Bucket): Promise<void> {
    try {
      await this.model.create({
        bucketId: b.bucketId,
        namespaceId: b.namespaceId,
        bucketName: b.bucketName,
        description: b.description,
        bucketSchema: b.bucketSchema,
        metadata: b.metadata,
        createdAt: b.createdAt,
        updatedAt: b.updatedAt,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`a bucket named '${b.bucketName}' already exists in this namespace`);
      throw error;
    }
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Bucket | null> {
    const doc = await this.model
      .findOne({ namespaceId, $or: [{ bucketId: idOrName }, { bucketName: idOrName }] })
      .lean<BucketDoc>()
      .exec();
    if (doc === null) return null;
    return {
      namespaceId: doc.namespaceId,
      bucketId: doc.bucketId,
      bucketName: doc.bucketName,
      description: doc.description ?? null,
      bucketSchema: (doc.bucketSchema ?? { properties: {} }) as BucketSchema,
      metadata: doc.metadata ?? {},
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
    };
  }
}
