import type { Blob, StoredObject } from '@strata/domain';
import { AlreadyExistsError } from '@strata/domain';
import type { ListRequest } from '@strata/contracts';
import { MONGO_OBJECT_LIST, findListPage } from './mongo-list-query';
import type { ObjectRepository, OutboxMessage, Page, PageQuery } from '@strata/ports';
import type { Model } from 'mongoose';
import { DeletedObjectDoc, ObjectDoc, OutboxDoc, isDuplicateKey } from './mongo-models';
import { inSession, writeWithEvents } from './mongo-outbox.repository';
import { MongoTransactions } from './mongo-transactions';

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
    uniqueKeyValue: doc.uniqueKeyValue ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The stored shape of an object (one place for create and createMany). */
function objectDoc(o: StoredObject) {
  return {
    objectId: o.objectId,
    namespaceId: o.namespaceId,
    bucketId: o.bucketId,
    keyPrefix: o.keyPrefix,
    metadata: o.metadata,
    blobs: o.blobs,
    uniqueKeyValue: o.uniqueKeyValue ?? null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export class MongoObjectRepository implements ObjectRepository {
  /**
   * `outbox`: the lifecycle events' collection; a change and its events commit in one transaction
   * when the server has them, else the change first and its events as the next ordered write
   * (docs/adr/0095-transactional-outbox.md). `deletedObjects`: the tombstones `delete` writes.
   */
  constructor(
    private readonly model: Model<ObjectDoc>,
    private readonly deletedObjects: Model<DeletedObjectDoc>,
    private readonly outbox: Model<OutboxDoc> | null = null,
    private readonly tx: MongoTransactions = MongoTransactions.none(),
  ) {}

  async create(o: StoredObject, outbox?: readonly OutboxMessage[]): Promise<void> {
    try {
      await writeWithEvents(
        this.tx,
        this.outbox,
        outbox,
        () => true,
        async (session) => {
          await this.model.create([objectDoc(o)], inSession(session));
        },
      );
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`an object with unique key ${o.uniqueKeyValue ?? ''} already exists in this bucket`);
      throw error;
    }
  }

  /**
   * One ordered insertMany. Without transactions a duplicate key stops it part way: the objects
   * it inserted are removed again before AlreadyExistsError, so the chunk is all or nothing and
   * the caller can retry it object by object.
   */
  async createMany(objects: readonly StoredObject[], outbox?: readonly OutboxMessage[]): Promise<void> {
    if (objects.length === 0) return;
    try {
      await writeWithEvents(
        this.tx,
        this.outbox,
        outbox,
        () => true,
        async (session) => {
          await this.model.insertMany(objects.map(objectDoc), { ordered: true, ...inSession(session) });
        },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // writeWithEvents opens a transaction only for a write with events on a server that has them.
      const rolledBack = this.tx.supported && outbox !== undefined && outbox.length > 0;
      if (!rolledBack) await this.model.deleteMany({ objectId: { $in: objects.map((o) => o.objectId) } }).exec();
      throw new AlreadyExistsError('an object of this chunk has a unique key value that already exists in this bucket');
    }
  }

  async update(o: StoredObject, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    try {
      return await writeWithEvents(
        this.tx,
        this.outbox,
        outbox,
        (applied) => applied,
        async (session) => {
          const result = await this.model
            .updateOne(
              { namespaceId: o.namespaceId, bucketId: o.bucketId, objectId: o.objectId },
              {
                $set: {
                  keyPrefix: o.keyPrefix,
                  metadata: o.metadata,
                  blobs: o.blobs,
                  uniqueKeyValue: o.uniqueKeyValue ?? null,
                  updatedAt: o.updatedAt,
                },
              },
              inSession(session),
            )
            .exec();
          return result.matchedCount > 0;
        },
      );
    } catch (error) {
      if (isDuplicateKey(error)) throw new AlreadyExistsError(`an object with unique key ${o.uniqueKeyValue ?? ''} already exists in this bucket`);
      throw error;
    }
  }

  /**
   * The tombstone is written before the object goes (no transaction without a replica set): a
   * delete cut short between the two leaves a tombstone whose object exists, which listOrphaned
   * ignores and pruneTombstones removes (docs/adr/0050-batch-policies.md, addendum 2026-12-07).
   */
  async delete(
    namespaceId: string,
    bucketId: string,
    objectId: string,
    outbox?: readonly OutboxMessage[],
    deletedAt: string = new Date().toISOString(),
  ): Promise<boolean> {
    return writeWithEvents(
      this.tx,
      this.outbox,
      outbox,
      (applied) => applied,
      async (session) => {
        const exists = await this.model.exists({ namespaceId, bucketId, objectId }).session(session).exec();
        if (exists === null) return false;
        await this.deletedObjects
          .updateOne({ namespaceId, objectId }, { $set: { bucketId, deletedAt } }, { upsert: true, ...inSession(session) })
          .exec();
        const result = await this.model.deleteOne({ namespaceId, bucketId, objectId }, inSession(session)).exec();
        return result.deletedCount > 0;
      },
    );
  }

  /** Filters and sorts run here (mongo-list-query.ts); null for what MongoDB cannot run exactly (search, regex, ...: the API scans). */
  async query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<StoredObject> | null> {
    const page = await findListPage(this.model, MONGO_OBJECT_LIST, { namespaceId, bucketId }, { createdAt: 1, objectId: 1 }, request);
    return page === null ? null : { results: page.docs.map(toObject), total: page.total };
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<StoredObject>> {
    const [docs, total] = await Promise.all([
      this.model.find({ namespaceId, bucketId }).sort({ createdAt: 1, objectId: 1 }).skip(page.offset).limit(page.limit).lean<ObjectDoc[]>().exec(),
      this.model.countDocuments({ namespaceId, bucketId }).exec(),
    ]);
    return { results: docs.map(toObject), total };
  }

  async findByUniqueKey(namespaceId: string, bucketId: string, uniqueKeyValue: string): Promise<StoredObject | null> {
    const doc = await this.model.findOne({ namespaceId, bucketId, uniqueKeyValue }).lean<ObjectDoc>().exec();
    return doc === null ? null : toObject(doc);
  }

  async findByBlobHash(namespaceId: string, bucketId: string, hash: string): Promise<StoredObject | null> {
    const doc = await this.model.findOne({ namespaceId, bucketId, 'blobs.hash': hash }).sort({ createdAt: 1, objectId: 1 }).lean<ObjectDoc>().exec();
    return doc === null ? null : toObject(doc);
  }

  async find(namespaceId: string, bucketId: string, objectId: string): Promise<StoredObject | null> {
    const doc = await this.model.findOne({ objectId, namespaceId, bucketId }).lean<ObjectDoc>().exec();
    return doc === null ? null : toObject(doc);
  }

  async findMany(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    for (let i = 0; i < objectIds.length; i += IN_SLICE) {
      const ids = objectIds.slice(i, i + IN_SLICE);
      const docs = await this.model
        .find({ objectId: { $in: ids }, namespaceId, bucketId })
        .lean<ObjectDoc[]>()
        .exec();
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
