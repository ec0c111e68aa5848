import type { Blob, StoredObject } from '@strata/domain';
import type { ObjectRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import type { ObjectDoc } from './mongo-models';

/** `$in` lists are sent in slices so one query never approaches the 16 MB command limit. */
const IN_SLICE = 1_000;

function toObject(doc: ObjectDoc): StoredObject {
  return {
    namespaceId: doc.namespaceId,
    bucketId: doc.bucketId,
    objectId: doc.objectId,
    keyPrefix: doc.keyPrefix ?? null,
    metadata: doc.metadata ?? {},
    blobs: (doc.blobs ?? []) as Blob[],
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class MongoObjectRepository implements ObjectRepository {
  constructor(private readonly model: Model<ObjectDoc>) {}

  async create(o: StoredObject): Promise<void> {
    await this.model.create({
      objectId: o.objectId,
      namespaceId: o.namespaceId,
      bucketId: o.bucketId,
      keyPrefix: o.keyPrefix,
      metadata: o.metadata,
      blobs: o.blobs,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
    });
  }

  async find(namespaceId: string, bucketId: string, objectId: string): Promise<StoredObject | null> {
    const doc = await this.model.findOne({ objectId, namespaceId, bucketId }).lean<ObjectDoc>().exec();
    return doc === null ? null : toObject(doc);
  }

  async findMany(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    for (let i = 0; i < objectIds.length; i += IN_SLICE) {
      const ids = objectIds.slice(i, i + IN_SLICE);
      const docs = await this.model.find({ objectId: { $in: ids }, namespaceId, bucketId }).lean<ObjectDoc[]>().exec();
      for (const doc of docs) out.push(toObject(doc));
    }
    return out;
  }

  async missing(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<string[]> {
    const found = new Set<string>();
    for (let i = 0; i < objectIds.length; i += IN_SLICE) {
      const ids = objectIds.slice(i, i + IN_SLICE);
      const docs = await this.model
        .find({ objectId: { $in: ids }, namespaceId, bucketId }, { objectId: 1 })
        .lean<Array<{ objectId: string }>>()
        .exec();
      for (const doc of docs) found.add(doc.objectId);
    }
    return objectIds.filter((id) => !found.has(id));
  }
}
