import { Task, isTerminalStatus } from '@strata/domain';
import type { TaskStore } from '@strata/ports';
import { copy } from './copy';

/** TaskStore in a Map, with RedisTaskStore's create-if-absent and merge-if-exists semantics. */
export class InMemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, Task>();

  async create(task: Task): Promise<Task> {
    const existing = this.tasks.get(task.taskId);
    if (existing !== undefined) return copy(existing);
    this.tasks.set(task.taskId, copy(task));
    return copy(task);
  }

  async get(taskId: string): Promise<Task | null> {
    const task = this.tasks.get(taskId);
    return task === undefined ? null : copy(task);
  }

  async update(taskId: string, patch: Partial<Omit<Task, 'taskId' | 'createdAt'>>): Promise<void> {
    const task = this.tasks.get(taskId);
    if (task === undefined) return; // expired: an update must not resurrect it
    const terminal = isTerminalStatus(task.status);
    // As in Redis: a terminal status is final.
    const defined = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && !(k === 'status' && terminal)));
    this.tasks.set(taskId, { ...task, ...copy(defined) });
  }

  async list(query: { status: Task['status'] | null; offset: number; limit: number }): Promise<{ results: Task[]; total: number }> {
    const all = [...this.tasks.values()]
      .filter((t) => query.status === null || t.status === query.status)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { results: all.slice(query.offset, query.offset + query.limit).map(copy), total: all.length };
  }

  async delete(taskId: string): Promise<void> {
    this.tasks.delete(taskId);
  }

  async ping(): Promise<void> {
    // Always reachable.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }

  /** Test helper: what the store's TTL does after about a day. */
  expire(taskId: string): void {
    this.tasks.delete(taskId);
  }
}
