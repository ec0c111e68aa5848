import { Namespace, NotFoundError, Task, ValidationError, isoNow, newId } from '@strata/domain';
import type { IngestionDeps } from './deps';
import { SortOption, listFiltered } from './record-filter';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,99}$/;

export interface CreateNamespaceCommand {
  namespaceName: string;
  description: string | null;
}

export class CreateNamespace {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  async execute(command: CreateNamespaceCommand): Promise<Namespace> {
    if (!NAME.test(command.namespaceName)) {
      throw new ValidationError(
        'namespace_name must be 2-100 characters of letters, digits, "_" or "-", starting with a letter or digit',
      );
    }
    const now = isoNow(this.deps.clock);
    const namespace: Namespace = {
      namespaceId: newId('namespace'),
      namespaceName: command.namespaceName,
      description: command.description,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.metadata.namespaces.create(namespace);
    return namespace;
  }
}

export class GetNamespace {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError */
  async execute(idOrName: string): Promise<Namespace> {
    const found = await this.deps.metadata.namespaces.findByIdOrName(idOrName);
    if (found === null) throw new NotFoundError('namespace', idOrName);
    return found;
  }
}

export interface UpdateNamespaceCommand {
  idOrName: string;
  namespaceName?: string;
  description?: string | null;
}

export class UpdateNamespace {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'>) {}

  /** @throws NotFoundError, ValidationError, AlreadyExistsError */
  async execute(command: UpdateNamespaceCommand): Promise<Namespace> {
    if (command.namespaceName !== undefined && !NAME.test(command.namespaceName)) {
      throw new ValidationError(
        'namespace_name must be 2-100 characters of letters, digits, "_" or "-", starting with a letter or digit',
      );
    }
    const ns = await new GetNamespace(this.deps).execute(command.idOrName);
    const patch: { namespaceName?: string; description?: string | null } = {};
    if (command.namespaceName !== undefined) patch.namespaceName = command.namespaceName;
    if (command.description !== undefined) patch.description = command.description;
    const updated = await this.deps.metadata.namespaces.update(ns.namespaceId, patch, isoNow(this.deps.clock));
    if (updated === null) throw new NotFoundError('namespace', command.idOrName);
    return updated;
  }
}

export interface ListQuery {
  filters?: unknown;
  sort?: SortOption | SortOption[] | null;
  search?: string | null;
  caseSensitive?: boolean;
  offset: number;
  limit: number;
}

export interface ListResult<T> {
  results: T[];
  total: number;
  /** True when more records exist than a filtered listing scans (MAX_SCAN). */
  truncated: boolean;
}

/** The fields namespace filters and sorts see (the public field names). */
export function namespaceRecord(ns: Namespace): Record<string, unknown> {
  return {
    namespace_id: ns.namespaceId,
    namespace_name: ns.namespaceName,
    description: ns.description,
    created_at: ns.createdAt,
    updated_at: ns.updatedAt,
  };
}

export class ListNamespaces {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws ValidationError for a malformed filter or sort */
  async execute(query: ListQuery): Promise<ListResult<Namespace>> {
    return listFiltered(query, (p) => this.deps.metadata.namespaces.list(p), namespaceRecord);
  }
}

/**
 * Deletes a namespace from every store, as a task: blobs and manifests (object storage prefix),
 * vectors, then the metadata rows last, so a failed run can be repeated (the namespace is still
 * found until everything else is gone).
 */
export class DeleteNamespace {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'objects' | 'vectors' | 'tasks' | 'clock' | 'logger'>) {}

  /** Creates the task and returns it with the work to run (the caller runs it in the background). */
  async start(idOrName: string): Promise<{ task: Task; namespace: Namespace; run: () => Promise<void> }> {
    const namespace = await new GetNamespace(this.deps).execute(idOrName);
    const now = isoNow(this.deps.clock);
    const task = await this.deps.tasks.create({
      taskId: newId('task'),
      taskType: 'api_namespaces_delete',
      status: 'PENDING',
      inputs: [namespace.namespaceId],
      outputs: null,
      additionalData: { namespace_id: namespace.namespaceId, namespace_name: namespace.namespaceName },
      error: null,
      createdAt: now,
      updatedAt: now,
    });
    const run = async (): Promise<void> => {
      try {
        await this.deps.tasks.update(task.taskId, { status: 'PROCESSING', updatedAt: isoNow(this.deps.clock) });
        const blobs = await this.deps.objects.deletePrefix(`${namespace.namespaceId}/`);
        const vectors = await this.deps.vectors.deleteWhere({ namespaceId: namespace.namespaceId });
        await this.deps.metadata.namespaces.delete(namespace.namespaceId);
        // A worker that read its batch just before the delete may still write a chunk of
        // documents; once the batches are gone every later work item is skipped, so one more
        // sweep catches those stragglers.
        await this.deps.vectors.deleteWhere({ namespaceId: namespace.namespaceId });
        await this.deps.metadata.namespaces.delete(namespace.namespaceId);
        await this.deps.tasks.update(task.taskId, {
          status: 'COMPLETED',
          outputs: [{ namespace_id: namespace.namespaceId, deleted_blobs: blobs, deleted_vectors: vectors }],
          updatedAt: isoNow(this.deps.clock),
        });
      } catch (error) {
        this.deps.logger.error({ namespace_id: namespace.namespaceId, err: (error as Error).message }, 'namespace delete failed');
        await this.deps.tasks
          .update(task.taskId, { status: 'FAILED', error: (error as Error).message, updatedAt: isoNow(this.deps.clock) })
          .catch(() => undefined);
      }
    };
    return { task, namespace, run };
  }
}
