import { type ListRequest, collectionRecord, runListRequest } from '@strata/contracts';
import { AlreadyExistsError, Collection, CollectionOutputSchema } from '@strata/domain';
import type { CollectionPatch, CollectionRepository, OutboxMessage, Page, PageQuery } from '@strata/ports';
import { InMemoryOutboxRepository } from './in-memory-outbox.repository';
import { copy } from './copy';
import {
  constraint,
  Tables,
  byCreated,
  pageOf,
  dropWhere,
} from './in-memory-tables';

export class InMemoryCollectionRepository implements CollectionRepository {
  constructor(
    private readonly t: Tables,
    private readonly outbox: InMemoryOutboxRepository = new InMemoryOutboxRepository(),
  ) {}

  async create(collection: Collection, outbox?: readonly OutboxMessage[]): Promise<void> {
    const taken = [...this.t.collections.values()].some(
      (c) =>
        c.collectionId === collection.collectionId ||
        (c.namespaceId === collection.namespaceId && c.collectionName === collection.collectionName),
    );
    if (taken) throw new AlreadyExistsError(`a collection named '${collection.collectionName}' already exists in this namespace`);
    if (!this.t.namespaces.has(collection.namespaceId)) {
      throw constraint(`FOREIGN KEY collections.namespace_id ${collection.namespaceId}`);
    }
    this.t.collections.set(collection.collectionId, copy(collection));
    this.outbox.insert(outbox, Date.now());
  }

  async findByIdOrName(namespaceId: string, idOrName: string): Promise<Collection | null> {
    const found = [...this.t.collections.values()].find(
      (c) => c.namespaceId === namespaceId && (c.collectionId === idOrName || c.collectionName === idOrName),
    );
    return found === undefined ? null : copy(found);
  }

  async findMany(namespaceId: string, collectionIds: readonly string[]): Promise<Collection[]> {
    const wanted = new Set(collectionIds);
    return [...this.t.collections.values()].filter((c) => c.namespaceId === namespaceId && wanted.has(c.collectionId)).map(copy);
  }

  async listBySourceBucket(namespaceId: string, bucketId: string): Promise<Collection[]> {
    return this.bySource(namespaceId, (c) => c.source.bucketIds.includes(bucketId));
  }

  async listBySourceCollections(namespaceId: string, collectionIds: readonly string[], options: { includeDisabled?: boolean } = {}): Promise<Collection[]> {
    return this.bySource(namespaceId, (c) => c.source.collectionIds.some((id) => collectionIds.includes(id)), options.includeDisabled === true);
  }

  async list(namespaceId: string, page: PageQuery): Promise<Page<Collection>> {
    return pageOf(
      [...this.t.collections.values()].filter((c) => c.namespaceId === namespaceId).sort(byCreated((c: Collection) => c.collectionId)),
      page,
    );
  }

  /** The reference semantics (runListRequest) over the namespace's collections in list order, output_schema as stored. */
  async query(namespaceId: string, request: ListRequest): Promise<Page<Collection>> {
    const { results: all } = await this.list(namespaceId, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return runListRequest(all, (c) => collectionRecord(c), request);
  }

  async hasMissingOutputSchema(namespaceId: string): Promise<boolean> {
    return [...this.t.collections.values()].some((c) => c.namespaceId === namespaceId && c.outputSchema === undefined);
  }

  async listMissingOutputSchema(afterCollectionId: string | null, limit: number): Promise<Collection[]> {
    return [...this.t.collections.values()]
      .filter((c) => c.outputSchema === undefined && (afterCollectionId === null || c.collectionId > afterCollectionId))
      .sort((a, b) => (a.collectionId < b.collectionId ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async setOutputSchema(namespaceId: string, collectionId: string, outputSchema: CollectionOutputSchema): Promise<boolean> {
    const c = this.t.collections.get(collectionId);
    if (c === undefined || c.namespaceId !== namespaceId || c.outputSchema !== undefined) return false;
    c.outputSchema = copy(outputSchema);
    return true;
  }

  async update(
    namespaceId: string,
    collectionId: string,
    patch: CollectionPatch,
    updatedAt: string,
    outbox?: readonly OutboxMessage[],
  ): Promise<Collection | null> {
    const c = this.t.collections.get(collectionId);
    if (c === undefined || c.namespaceId !== namespaceId) return null;
    if (
      patch.collectionName !== undefined &&
      [...this.t.collections.values()].some(
        (o) => o.namespaceId === namespaceId && o.collectionId !== collectionId && o.collectionName === patch.collectionName,
      )
    ) {
      throw new AlreadyExistsError(`a collection named '${patch.collectionName}' already exists in this namespace`);
    }
    if (patch.collectionName !== undefined) c.collectionName = patch.collectionName;
    if (patch.description !== undefined) c.description = patch.description;
    if (patch.enabled !== undefined) c.enabled = patch.enabled;
    if (patch.metadata !== undefined) c.metadata = copy(patch.metadata);
    c.updatedAt = updatedAt;
    this.outbox.insert(outbox, Date.now());
    return copy(c);
  }

  async delete(namespaceId: string, collectionId: string, outbox?: readonly OutboxMessage[]): Promise<boolean> {
    const c = this.t.collections.get(collectionId);
    if (c === undefined || c.namespaceId !== namespaceId) return false;
    dropWhere(this.t.documents, (d) => d.namespaceId === namespaceId && d.collectionId === collectionId);
    this.t.collections.delete(collectionId);
    this.outbox.insert(outbox, Date.now());
    return true;
  }

  /** Enabled collections of the namespace matching `source`, by created_at then id. */
  private bySource(namespaceId: string, source: (c: Collection) => boolean, includeDisabled = false): Collection[] {
    return [...this.t.collections.values()]
      .filter((c) => c.namespaceId === namespaceId && (includeDisabled || c.enabled) && source(c))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.collectionId < b.collectionId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
      .map(copy);
  }
}
