import { type ListRequest, namespaceRecord, runListRequest } from '@strata/contracts';
import { AlreadyExistsError, Namespace } from '@strata/domain';
import type { NamespaceRepository, Page, PageQuery } from '@strata/ports';
import { copy } from './copy';
import {
  Tables,
  byCreated,
  pageOf,
  dropBatches,
  dropWhere,
} from './in-memory-tables';

export class InMemoryNamespaceRepository implements NamespaceRepository {
  constructor(private readonly t: Tables) {}

  async create(namespace: Namespace): Promise<void> {
    const taken = [...this.t.namespaces.values()].some(
      (n) => n.namespaceId === namespace.namespaceId || n.namespaceName === namespace.namespaceName,
    );
    if (taken) throw new AlreadyExistsError(`a namespace named '${namespace.namespaceName}' already exists`);
    this.t.namespaces.set(namespace.namespaceId, copy(namespace));
  }

  async findByIdOrName(idOrName: string): Promise<Namespace | null> {
    const found = [...this.t.namespaces.values()].find((n) => n.namespaceId === idOrName || n.namespaceName === idOrName);
    return found === undefined ? null : copy(found);
  }

  async update(namespaceId: string, patch: { namespaceName?: string; description?: string | null }, updatedAt: string): Promise<Namespace | null> {
    const ns = this.t.namespaces.get(namespaceId);
    if (ns === undefined) return null;
    if (patch.namespaceName !== undefined && [...this.t.namespaces.values()].some((n) => n.namespaceId !== namespaceId && n.namespaceName === patch.namespaceName)) {
      throw new AlreadyExistsError(`a namespace named '${patch.namespaceName}' already exists`);
    }
    if (patch.namespaceName !== undefined) ns.namespaceName = patch.namespaceName;
    if (patch.description !== undefined) ns.description = patch.description;
    ns.updatedAt = updatedAt;
    return copy(ns);
  }

  async list(page: PageQuery): Promise<Page<Namespace>> {
    return pageOf([...this.t.namespaces.values()].sort(byCreated((n: Namespace) => n.namespaceId)), page);
  }

  /** The reference semantics (runListRequest) over the namespaces in list order. */
  async query(request: ListRequest): Promise<Page<Namespace>> {
    const { results: all } = await this.list({ offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return runListRequest(all, namespaceRecord, request);
  }

  async delete(namespaceId: string): Promise<void> {
    const inNs = (v: { namespaceId: string }): boolean => v.namespaceId === namespaceId;
    dropBatches(this.t, inNs);
    dropWhere(this.t.scheduleRuns, inNs);
    dropWhere(this.t.schedules, inNs);
    dropWhere(this.t.documents, inNs);
    dropWhere(this.t.deletedObjects, inNs);
    dropWhere(this.t.uploads, inNs);
    dropWhere(this.t.objects, inNs);
    dropWhere(this.t.collections, inNs);
    dropWhere(this.t.buckets, inNs);
    this.t.namespaces.delete(namespaceId);
  }
}
