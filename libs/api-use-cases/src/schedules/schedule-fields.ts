import { Schedule, ValidationError } from '@strata/domain';
import type { ScheduleTimer } from '@strata/ports';
import type { IngestionDeps } from '../shared/deps';
import { compileFilter } from '../shared/record-filter';

/** What a client sets on a schedule; ids and timestamps are the store's. */
export type ScheduleFields = Omit<Schedule, 'namespaceId' | 'scheduleId' | 'bucketId' | 'createdAt' | 'updatedAt'>;

/**
 * Checks a schedule's fields before they are stored (docs/adr/0050-batch-policies.md), shared by
 * CreateSchedule and UpdateSchedule. Collection names are accepted and replaced by their ids.
 * @throws ValidationError
 */
export async function checkScheduleFields(
  deps: Pick<IngestionDeps, 'metadata'> & { timer: Pick<ScheduleTimer, 'check'> },
  namespaceId: string,
  bucketId: string,
  fields: ScheduleFields,
): Promise<void> {
  if (fields.trigger.type === 'cron') {
    const parts = fields.trigger.expression.trim().split(/\s+/);
    if (parts.length < 5 || parts.length > 6) {
      throw new ValidationError(`trigger.expression must be a cron expression of 5 fields (or 6 with seconds first), e.g. "0 * * * *"; got "${fields.trigger.expression}"`);
    }
    if (!isTimeZone(fields.trigger.timezone)) {
      throw new ValidationError(`trigger.timezone must be an IANA time zone such as "UTC" or "Europe/Paris"; got "${fields.trigger.timezone}"`);
    }
    const why = deps.timer.check(fields.trigger);
    if (why !== null) {
      throw new ValidationError(`trigger.expression "${fields.trigger.expression}" is not a cron expression the scheduler can run: ${why}`);
    }
  }
  if (fields.selection.mode === 'filter') compileFilter(fields.selection.filters);
  if (fields.collectionIds.length > 0) {
    const roots = await deps.metadata.collections.listBySourceBucket(namespaceId, bucketId);
    const ids = new Set(roots.flatMap((c) => [c.collectionId, c.collectionName]));
    const unknown = fields.collectionIds.filter((id) => !ids.has(id));
    if (unknown.length > 0) {
      throw new ValidationError(`collection_ids: ${unknown.join(', ')} is not an enabled collection sourcing bucket ${bucketId}`);
    }
    // Names are accepted; ids are stored.
    fields.collectionIds = roots.filter((c) => fields.collectionIds.includes(c.collectionId) || fields.collectionIds.includes(c.collectionName)).map((c) => c.collectionId);
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
