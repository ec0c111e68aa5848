import type { Task } from '@strata/domain';

/** Short-lived task status (about 24 h); the batch stays the long-term record. */
export interface TaskStore {
  /** Creates the task unless one with the same id exists; returns the stored task either way. */
  create(task: Task): Promise<Task>;
  get(taskId: string): Promise<Task | null>;
  /** Merges fields into an existing task and keeps its expiry; no-op when it has expired. */
  update(taskId: string, patch: Partial<Omit<Task, 'taskId' | 'createdAt'>>): Promise<void>;
  /** Tasks still in the store, newest first, optionally of one status. */
  list(query: { status: Task['status'] | null; offset: number; limit: number }): Promise<{ results: Task[]; total: number }>;
  /** Removes a task; removing a missing one is not an error. */
  delete(taskId: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
