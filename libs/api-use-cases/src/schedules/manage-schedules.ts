import { isoNow, newId, NotFoundError, Schedule, ScheduleRun, ValidationError } from '@strata/domain';
import type { Page, ScheduleTimer } from '@strata/ports';
import { GetBucket } from '../buckets/get-bucket';
import type { IngestionDeps } from '../shared/deps';
import { compileFilter } from '../shared/record-filter';

/** What a client sets on a schedule; ids and timestamps are the store's. */
export type ScheduleFields = Omit<Schedule, 'namespaceId' | 'scheduleId' | 'bucketId' | 'createdAt' | 'updatedAt'>;

/** Schedules CRUD (docs/adr/0050-batch-policies.md). Every change is stored first, then the timer is reconciled with it. */
export class ManageSchedules {
  private readonly buckets: GetBucket;

  constructor(private readonly deps: Pick<IngestionDeps, 'metadata' | 'clock' | 'logger'> & { timer: ScheduleTimer }) {
    this.buckets = new GetBucket(deps);
  }

  async create(namespaceId: string, bucket: string, fields: ScheduleFields): Promise<Schedule> {
    const b = await this.buckets.execute(namespaceId, bucket);
    await this.check(namespaceId, b.bucketId, fields);
    const now = isoNow(this.deps.clock);
    const schedule: Schedule = { namespaceId, scheduleId: newId('schedule'), bucketId: b.bucketId, ...fields, createdAt: now, updatedAt: now };
    await this.deps.metadata.schedules.create(schedule);
    await this.deps.timer.sync(schedule);
    return schedule;
  }

  async get(namespaceId: string, scheduleId: string): Promise<Schedule> {
    const found = await this.deps.metadata.schedules.find(namespaceId, scheduleId);
    if (found === null) throw new NotFoundError('schedule', scheduleId);
    return found;
  }

  list(namespaceId: string, query: { offset: number; limit: number; bucketId: string | null }): Promise<Page<Schedule>> {
    return this.deps.metadata.schedules.list(namespaceId, query);
  }

  async update(namespaceId: string, scheduleId: string, patch: Partial<ScheduleFields>): Promise<Schedule> {
    const existing = await this.get(namespaceId, scheduleId);
    const next: Schedule = { ...existing, ...patch, updatedAt: isoNow(this.deps.clock) };
    // Enabling a schedule that paused itself is the user's "fixed, try again".
    if (patch.enabled === true) next.pausedReason = null;
    await this.check(namespaceId, existing.bucketId, next);
    if (!(await this.deps.metadata.schedules.update(next))) throw new NotFoundError('schedule', scheduleId);
    await this.deps.timer.sync(next);
    return next;
  }

  async delete(namespaceId: string, scheduleId: string): Promise<void> {
    await this.get(namespaceId, scheduleId);
    await this.deps.timer.remove(scheduleId);
    await this.deps.metadata.schedules.delete(namespaceId, scheduleId);
  }

  async runs(namespaceId: string, scheduleId: string, page: { offset: number; limit: number }): Promise<Page<ScheduleRun>> {
    await this.get(namespaceId, scheduleId);
    return this.deps.metadata.schedules.listRuns(namespaceId, scheduleId, page);
  }

  /**
   * Makes the timers match the stored schedules: every enabled schedule has one, nothing else
   * does. Run at start-up (a change made while Redis was unreachable, or a flushed Redis). A
   * stored schedule the timer refuses (e.g. a cron expression saved before expressions were
   * checked) is reported in `failed` and skipped; the others are still synced (ADR 0086).
   */
  async reconcile(): Promise<{ synced: number; removed: number; failed: Array<{ scheduleId: string; reason: string }> }> {
    const schedules = await this.deps.metadata.schedules.listAll();
    const known = new Set(schedules.map((s) => s.scheduleId));
    const failed: Array<{ scheduleId: string; reason: string }> = [];
    let synced = 0;
    for (const s of schedules) {
      try {
        const why = s.enabled ? this.deps.timer.check(s.trigger) : null;
        if (why !== null) throw new Error(`its trigger cannot fire: ${why}`);
        await this.deps.timer.sync(s);
        synced += 1;
      } catch (error) {
        const reason = (error as Error).message;
        failed.push({ scheduleId: s.scheduleId, reason });
        this.deps.logger.error({ schedule_id: s.scheduleId, namespace_id: s.namespaceId, reason }, 'stored schedule skipped by reconciliation; fix or delete it');
      }
    }
    let removed = 0;
    for (const id of await this.deps.timer.scheduledIds()) {
      if (known.has(id)) continue;
      await this.deps.timer.remove(id);
      removed += 1;
    }
    return { synced, removed, failed };
  }

  private async check(namespaceId: string, bucketId: string, fields: ScheduleFields): Promise<void> {
    if (fields.trigger.type === 'cron') {
      const parts = fields.trigger.expression.trim().split(/\s+/);
      if (parts.length < 5 || parts.length > 6) {
        throw new ValidationError(`trigger.expression must be a cron expression of 5 fields (or 6 with seconds first), e.g. "0 * * * *"; got "${fields.trigger.expression}"`);
      }
      if (!isTimeZone(fields.trigger.timezone)) {
        throw new ValidationError(`trigger.timezone must be an IANA time zone such as "UTC" or "Europe/Paris"; got "${fields.trigger.timezone}"`);
      }
      const why = this.deps.timer.check(fields.trigger);
      if (why !== null) {
        throw new ValidationError(`trigger.expression "${fields.trigger.expression}" is not a cron expression the scheduler can run: ${why}`);
      }
    }
    if (fields.selection.mode === 'filter') compileFilter(fields.selection.filters);
    if (fields.collectionIds.length > 0) {
      const roots = await this.deps.metadata.collections.listBySourceBucket(namespaceId, bucketId);
      const ids = new Set(roots.flatMap((c) => [c.collectionId, c.collectionName]));
      const unknown = fields.collectionIds.filter((id) => !ids.has(id));
      if (unknown.length > 0) {
        throw new ValidationError(`collection_ids: ${unknown.join(', ')} is not an enabled collection sourcing bucket ${bucketId}`);
      }
      // Names are accepted; ids are stored.
      fields.collectionIds = roots.filter((c) => fields.collectionIds.includes(c.collectionId) || fields.collectionIds.includes(c.collectionName)).map((c) => c.collectionId);
    }
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
