import type { Task } from '@strata/domain';

/** Short-lived task status (about 24 h); the batch stays the long-term record. */
export interface TaskStore {
  /** Creates the task unless one with the same id exists; returns the stored task either way. */
  create(task: Task): Promise<Task>;
  get(taskId: string): Promise<Task | null>;
  /** Merges fields into an existing task and keeps its expiry; no-op when it has expired. */
  update(taskId: string, patch: Partial<Omit<Task, 'taskId' | 'createdAt'>>): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
