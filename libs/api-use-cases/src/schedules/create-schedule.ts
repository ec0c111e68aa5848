import { isoNow, newId, Schedule } from '@strata/domain';
import type { ScheduleTimer } from '@strata/ports';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { checkScheduleFields, ScheduleFields } from './schedule-fields';

/** Creates a schedule (docs/adr/0050-batch-policies.md): stored first, then its timer is set. */
export class CreateSchedule {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock'> & { timer: ScheduleTimer }) {
    this.buckets = new GetBucket(deps);
  }

  /** @throws NotFoundError (bucket), ValidationError */
  async execute(namespaceId: string, bucket: string, fields: ScheduleFields): Promise<Schedule> {
    const b = await this.buckets.execute(namespaceId, bucket);
    await checkScheduleFields(this.deps, namespaceId, b.bucketId, fields);
    const now = isoNow(this.deps.clock);
    const schedule: Schedule = { namespaceId, scheduleId: newId('schedule'), bucketId: b.bucketId, ...fields, createdAt: now, updatedAt: now };
    await this.deps.metadata.schedules.create(schedule);
    await this.deps.timer.sync(schedule);
    return schedule;
  }
}
