import { Task } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export class ListTasks {
  constructor(private readonly deps: Pick<IngestionDeps, 'tasks'>) {}

  async execute(query: { status: Task['status'] | null; offset: number; limit: number }): Promise<{ results: Task[]; total: number }> {
    return this.deps.tasks.list(query);
  }
}
