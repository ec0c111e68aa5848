import { isoNow, Namespace, newId, Task } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';
import { GetNamespace } from './get-namespace';

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
