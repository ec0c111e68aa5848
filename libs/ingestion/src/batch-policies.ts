import {
  BadRequestError,
  BatchPolicy,
  NotFoundError,
  SCHEDULE_FAILURE_POLICY,
  Schedule,
  ScheduleFailurePolicy,
  ScheduleRun,
  Task,
  ValidationError,
  consecutiveFailedRuns,
  derivedId,
  isTerminal,
  isoNow,
  newId,
  scheduleBackoffMs,
} from '@strata/domain';
import type { Page, ScheduleTimer } from '@strata/ports';
import type { IngestionDeps } from './deps';
import { CreateBatch, SubmitBatch } from './batches';
import { GetBucket } from './buckets';
import { GetCollection } from './collections';
import { objectRecord } from './objects';
import { compileFilter } from './record-filter';

type Deps = Pick<IngestionDeps, 'metadata' | 'objects' | 'tasks' | 'events' | 'wakeUps' | 'clock' | 'logger' | 'workChunkSize'>;

/**
 * Object ids of a bucket in creation order, optionally those matching a filter (the objects
 * list's AND/OR/NOT syntax) or updated after `updatedAfter`. Reads every page: a schedule or a
 * trigger covers the whole bucket, not the first 50 000 objects.
 */
export async function selectObjectIds(
  deps: Pick<IngestionDeps, 'metadata'>,
  namespaceId: string,
  bucketId: string,
  selection: { filters?: unknown; updatedAfter?: string | null },
): Promise<string[]> {
  const predicate = selection.filters === undefined || selection.filters === null ? null : compileFilter(selection.filters);
  const ids: string[] = [];
  const pageSize = 1_000;
  for (let offset = 0; ; offset += pageSize) {
    const page = await deps.metadata.objects.list(namespaceId, bucketId, { offset, limit: pageSize });
    for (const o of page.results) {
      if (selection.updatedAfter && !(o.updatedAt > selection.updatedAfter)) continue;
      if (predicate !== null && !predicate(objectRecord(o))) continue;
      ids.push(o.objectId);
    }
    if (page.results.length < pageSize) return ids;
  }
}

export interface TriggerResult {
  collectionId: string;
  batches: Array<{ batchId: string; bucketId: string; task: Task; objectCount: number }>;
  totalTiers: number;
}

/**
 * POST /v1/collections/{id}/trigger: discovers the objects of the collection's source bucket(s)
 * (optionally filtered), then creates and submits one batch per bucket that runs this collection
 * and the collections downstream of it. Unchanged objects are skipped by the workers unless
 * `force` (incremental re-processing).
 */
export class TriggerCollection {
  private readonly collections: GetCollection;
  private readonly buckets: GetBucket;
  private readonly create: CreateBatch;
  private readonly submit: SubmitBatch;

  constructor(private readonly deps: Deps) {
    this.collections = new GetCollection(deps);
    this.buckets = new GetBucket(deps);
    this.create = new CreateBatch(deps);
    this.submit = new SubmitBatch(deps);
  }

  async execute(command: {
    namespaceId: string;
    collection: string;
    includeBuckets: string[] | null;
    sourceFilters: Record<string, unknown> | null;
    policy: BatchPolicy;
    correlationId?: string;
  }): Promise<TriggerResult> {
    const collection = await this.collections.execute(command.namespaceId, command.collection);
    if (collection.source.type !== 'bucket') {
      throw new BadRequestError(
        `collection ${collection.collectionName} sources other collections; trigger the bucket-sourced collection it descends from instead (its batch runs this one too)`,
      );
    }
    let bucketIds = collection.source.bucketIds;
    if (command.includeBuckets !== null) {
      const wanted: string[] = [];
      for (const b of command.includeBuckets) {
        const bucket = await this.buckets.execute(command.namespaceId, b);
        if (!bucketIds.includes(bucket.bucketId)) {
          throw new ValidationError(`include_buckets: bucket ${b} is not a source of collection ${collection.collectionName}`);
        }
        wanted.push(bucket.bucketId);
      }
      bucketIds = [...new Set(wanted)];
    }
    if (command.sourceFilters !== null) compileFilter(command.sourceFilters); // a bad filter is a 4xx before anything is written
    const batches: TriggerResult['batches'] = [];
    let totalTiers = 1;
    for (const bucketId of bucketIds) {
      const objectIds = await selectObjectIds(this.deps, command.namespaceId, bucketId, { filters: command.sourceFilters });
      if (objectIds.length === 0) continue;
      const batch = await this.create.execute({
        namespaceId: command.namespaceId,
        bucket: bucketId,
        objectIds,
        metadata: { triggered_by: { collection_id: collection.collectionId } },
        policy: command.policy,
      });
      const task = await this.submit.execute({
        namespaceId: command.namespaceId,
        bucket: bucketId,
        batchId: batch.batchId,
        includeProcessingHistory: true,
        rootCollectionIds: [collection.collectionId],
        correlationId: command.correlationId,
      });
      totalTiers = Math.max(totalTiers, Number((task.additionalData['total_tiers'] as number | undefined) ?? 1));
      batches.push({ batchId: batch.batchId, bucketId, task, objectCount: objectIds.length });
    }
    if (batches.length === 0) {
      throw new BadRequestError(
        `no object of bucket(s) ${bucketIds.join(', ')} matches; nothing to process for collection ${collection.collectionName}`,
      );
    }
    return { collectionId: collection.collectionId, batches, totalTiers };
  }
}

/** What a client sets on a schedule; ids and timestamps are the store's. */
export type ScheduleFields = Omit<Schedule, 'namespaceId' | 'scheduleId' | 'bucketId' | 'createdAt' | 'updatedAt'>;

/** Schedules CRUD (issue 9). Every change is stored first, then the timer is reconciled with it. */
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
   * checked) is reported in `failed` and skipped; the others are still synced.
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

/**
 * One tick of a schedule: records the run once per tick, skips it when the previous run's batch
 * has not finished (runs never overlap), else selects the objects and creates + submits a batch.
 */
export class RunSchedule {
  private readonly create: CreateBatch;
  private readonly submit: SubmitBatch;
  private readonly failurePolicy: ScheduleFailurePolicy;

  /** `timer`: removed when the schedule pauses itself; `failurePolicy`: tests shorten it. */
  constructor(private readonly deps: Deps & { timer?: ScheduleTimer; failurePolicy?: ScheduleFailurePolicy }) {
    this.failurePolicy = deps.failurePolicy ?? SCHEDULE_FAILURE_POLICY;
    this.create = new CreateBatch(deps);
    this.submit = new SubmitBatch(deps);
  }

  /** `tick` identifies the firing (the job's id); the same tick handled twice records one run. Null when nothing ran. */
  async execute(command: { namespaceId: string; scheduleId: string; tick: string }): Promise<ScheduleRun | null> {
    const schedule = await this.deps.metadata.schedules.find(command.namespaceId, command.scheduleId);
    if (schedule === null || !schedule.enabled) return null;
    const firedAt = isoNow(this.deps.clock);
    const run: ScheduleRun = {
      namespaceId: schedule.namespaceId,
      scheduleId: schedule.scheduleId,
      runId: derivedId('scheduleRun', schedule.scheduleId, command.tick),
      firedAt,
      status: 'SUBMITTED',
      batchId: null,
      objectCount: 0,
      reason: null,
    };
    const previous = await this.deps.metadata.schedules.listRuns(schedule.namespaceId, schedule.scheduleId, { offset: 0, limit: 50 });
    // Back-off: after failed runs in a row, ticks within the back-off are dropped, not recorded.
    const failedInARow = consecutiveFailedRuns(previous.results);
    const lastFailed = previous.results.find((r) => r.status === 'FAILED');
    const backoff = scheduleBackoffMs(failedInARow, this.failurePolicy);
    if (backoff > 0 && lastFailed !== undefined && this.deps.clock.now() - Date.parse(lastFailed.firedAt) < backoff) {
      this.deps.logger.debug({ schedule_id: schedule.scheduleId, failed_in_a_row: failedInARow, backoff_ms: backoff }, 'schedule tick dropped: backing off after failed runs');
      return null;
    }
    if (!(await this.deps.metadata.schedules.recordRun(run))) return null;
    const finish = async (change: Partial<ScheduleRun>): Promise<ScheduleRun> => {
      const done = { ...run, ...change };
      await this.deps.metadata.schedules.updateRun(done);
      this.deps.logger.info({ schedule_id: schedule.scheduleId, run_id: run.runId, status: done.status, batch_id: done.batchId, reason: done.reason }, 'schedule run');
      return done;
    };
    try {
      const lastSubmitted = previous.results.find((r) => r.status === 'SUBMITTED' && r.batchId !== null);
      if (lastSubmitted !== undefined) {
        const batch = await this.deps.metadata.batches.find(schedule.namespaceId, lastSubmitted.batchId as string);
        if (batch !== null && !isTerminal(batch.status) && batch.status !== 'CANCELED') {
          return finish({ status: 'SKIPPED', reason: `the previous run's batch ${batch.batchId} is still ${batch.status}; runs of a schedule never overlap` });
        }
      }
      const since = previous.results.find((r) => r.status === 'SUBMITTED' || r.status === 'EMPTY');
      const objectIds = await selectObjectIds(this.deps, schedule.namespaceId, schedule.bucketId, {
        filters: schedule.selection.mode === 'filter' ? schedule.selection.filters : undefined,
        updatedAfter: schedule.selection.mode === 'changed_since_last_run' ? (since?.firedAt ?? null) : null,
      });
      if (objectIds.length === 0) return finish({ status: 'EMPTY', reason: 'no object matched the selection' });
      const batch = await this.create.execute({
        namespaceId: schedule.namespaceId,
        bucket: schedule.bucketId,
        objectIds,
        metadata: { schedule_id: schedule.scheduleId, schedule_run_id: run.runId },
        policy: schedule.policy,
      });
      await this.deps.metadata.schedules.updateRun({ ...run, batchId: batch.batchId, objectCount: objectIds.length });
      await this.submit.execute({
        namespaceId: schedule.namespaceId,
        bucket: schedule.bucketId,
        batchId: batch.batchId,
        includeProcessingHistory: true,
        rootCollectionIds: schedule.collectionIds,
      });
      return finish({ status: 'SUBMITTED', batchId: batch.batchId, objectCount: objectIds.length });
    } catch (error) {
      const failed = await finish({ status: 'FAILED', reason: (error as Error).message.slice(0, 1_000) });
      if (failedInARow + 1 >= this.failurePolicy.pauseAfter) await this.pause(schedule, failedInARow + 1, failed.reason ?? 'unknown error');
      return failed;
    }
  }

  /** Disables a schedule whose runs keep failing, with the reason, and removes its timer. */
  private async pause(schedule: Schedule, failedInARow: number, lastReason: string): Promise<void> {
    const current = await this.deps.metadata.schedules.find(schedule.namespaceId, schedule.scheduleId);
    if (current === null || !current.enabled) return;
    const pausedReason = `paused after ${failedInARow} failed runs in a row; last error: ${lastReason}`.slice(0, 1_000);
    await this.deps.metadata.schedules.update({ ...current, enabled: false, pausedReason, updatedAt: isoNow(this.deps.clock) });
    await this.deps.timer?.remove(schedule.scheduleId).catch(() => undefined);
    this.deps.logger.warn({ schedule_id: schedule.scheduleId, namespace_id: schedule.namespaceId, reason: pausedReason }, 'schedule paused itself');
  }
}

