import { AlreadyExistsError, StoredObject } from '@strata/domain';
import { type ListRequest, objectRecord, runListRequest } from '@strata/contracts';
import type { ObjectRepository, OutboxMessage, Page, PageQuery } from '@strata/ports';
import { copy } from './copy';
import { constraint, Tables, byCreated, pageOf, tombstoneKey } from './in-memory-tables';
import { InMemoryOutboxRepository } from './in-memory-outbox.repository';

export class InMemoryObjectRepository implements ObjectRepository {
  constructor(
    private readonly t: Tables,
    private readonly outbox: InMemoryOutboxRepository = new InMemoryOutboxRepository(),
  ) {}

  async create(object: StoredObject, outbox?: readonly OutboxMessage[]): Promise<void> {
    if (this.t.objects.has(object.objectId)) throw constraint(`UNIQUE objects.object_id ${object.objectId}`);
    if (!this.t.buckets.has(object.bucketId)) throw constraint(`FOREIGN KEY objects.bucket_id ${object.bucketId}`);
    this.checkUniqueKey(object);
    this.t.objects.set(object.objectId, copy(object));
    this.outbox.insert(outbox, Date.now());
  }

  /** All or nothing, like the stores' one transaction: every check runs before the first insert. */
  async createMany(objects: readonly StoredObject[], outbox?: readonly OutboxMessage[]): Promise<void> {
    const keys = new Set<string>();
    for (const object of objects) {
      if (this.t.objects.has(object.objectId)) throw constraint(`UNIQUE objects.object_id ${object.objectId}`);
      if (!this.t.buckets.has(object.bucketId)) throw constraint(`FOREIGN KEY objects.bucket_id ${object.bucketId}`);
      this.checkUniqueKey(object);
      const key = object.uniqueKeyValue ?? null;
      if (key === null) continue;
      const scoped = `${object.namespaceId}/${object.bucketId}/${key}`;
      if (keys.has(scoped)) throw new AlreadyExistsError(`an object with unique key ${key} already exists in this bucket`);
      keys.add(scoped);
    }
    for (const object of objects) this.t.objects.set(object.objectId, copy(object));
    this.outbox.insert(outbox, Date.now());
  }

  private checkUniqueKey(object: StoredObject): void {
    const value = object.uniqueKeyValue ?? null;
    if (value === null) return;
    for (const o of this.t.objects.values()) {
      if (o.objectId !== object.objectId && o.namespaceId === object.namespaceId && o.bucketId === object.bucketId && o.uniqueKeyValue === value) {
        throw new AlreadyExistsError(`an object with unique key ${value} already exists in this bucket`);
      }
    }
  }

  async update(object: StoredObject, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    const o = this.inBucket(object.namespaceId, object.bucketId, object.objectId);
    if (o === undefined) return false;
    this.checkUniqueKey(object);
    this.t.objects.set(object.objectId, { ...copy(object), createdAt: o.createdAt });
    this.outbox.insert(outbox, Date.now());
    return true;
  }

  async delete(
    namespaceId: string,
    bucketId: string,
    objectId: string,
    outbox?: readonly OutboxMessage[],
    deletedAt: string = new Date().toISOString(),
  ): Promise<boolean> {
    if (this.inBucket(namespaceId, bucketId, objectId) === undefined) return false;
    this.t.objects.delete(objectId);
    this.t.deletedObjects.set(tombstoneKey(namespaceId, objectId), { namespaceId, objectId, bucketId, deletedAt });
    this.outbox.insert(outbox, Date.now());
    return true;
  }

  async list(namespaceId: string, bucketId: string, page: PageQuery): Promise<Page<StoredObject>> {
    const all = [...this.t.objects.values()]
      .filter((o) => o.namespaceId === namespaceId && o.bucketId === bucketId)
      .sort(byCreated((o: StoredObject) => o.objectId));
    return pageOf(all, page);
  }

  /** The reference semantics (runListRequest) over the bucket in list order. */
  async query(namespaceId: string, bucketId: string, request: ListRequest): Promise<Page<StoredObject>> {
    const { results: all } = await this.list(namespaceId, bucketId, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return runListRequest(all, (o) => objectRecord(o), request);
  }

  async findByUniqueKey(namespaceId: string, bucketId: string, uniqueKeyValue: string): Promise<StoredObject | null> {
    const found = [...this.t.objects.values()].find(
      (o) => o.namespaceId === namespaceId && o.bucketId === bucketId && o.uniqueKeyValue === uniqueKeyValue,
    );
    return found === undefined ? null : copy(found);
  }

  async findByBlobHash(namespaceId: string, bucketId: string, hash: string): Promise<StoredObject | null> {
    const found = [...this.t.objects.values()]
      .filter((o) => o.namespaceId === namespaceId && o.bucketId === bucketId && o.blobs.some((b) => b.hash === hash))
      .sort(byCreated((o: StoredObject) => o.objectId))[0];
    return found === undefined ? null : copy(found);
  }

  private inBucket(namespaceId: string, bucketId: string, objectId: string): StoredObject | undefined {
    const o = this.t.objects.get(objectId);
    return o !== undefined && o.namespaceId === namespaceId && o.bucketId === bucketId ? o : undefined;
  }

  async find(namespaceId: string, bucketId: string, objectId: string): Promise<StoredObject | null> {
    const o = this.inBucket(namespaceId, bucketId, objectId);
    return o === undefined ? null : copy(o);
  }

  async findMany(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    for (const id of new Set(objectIds)) {
      const o = this.inBucket(namespaceId, bucketId, id);
      if (o !== undefined) out.push(copy(o));
    }
    return out;
  }

  async missing(namespaceId: string, bucketId: string, objectIds: readonly string[]): Promise<string[]> {
    return objectIds.filter((id) => this.inBucket(namespaceId, bucketId, id) === undefined);
  }
}
