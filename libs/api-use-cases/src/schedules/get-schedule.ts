import { NotFoundError, Schedule } from '@strata/domain';
import type { IngestionDeps } from '../shared/deps';

export class GetSchedule {
  constructor(private readonly deps: Pick<IngestionDeps, 'metadata'>) {}

  /** @throws NotFoundError */
  async execute(namespaceId: string, scheduleId: string): Promise<Schedule> {
    const found = await this.deps.metadata.schedules.find(namespaceId, scheduleId);
    if (found === null) throw new NotFoundError('schedule', scheduleId);
    return found;
  }
}
