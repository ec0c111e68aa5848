import type { Schedule } from '@strata/domain';
import type { Page } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';

/** A page of a namespace's schedules, optionally of one bucket. */
export class ListSchedules {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  execute(namespaceId: string, query: { offset: number; limit: number; bucketId: string | null }): Promise<Page<Schedule>> {
    return this.deps.metadata.schedules.list(namespaceId, query);
  }
}
