import { LocalObjectStorage, RedisTaskStore, SqliteMetadataStore } from '@strata/adapters';
import { systemClock, Schedule, DEFAULT_BATCH_POLICY, ValidationError, newId } from '@strata/domain';
import { builtinExtractors } from '@strata/extractors';
import { ManualClock, RecordingPublisher, RecordingWakeUps, waitFor } from '@strata/fakes';
import { BullMqScheduleRunner, BullMqScheduleTimer } from '@strata/messaging';
import { silentLogger } from '@strata/ports';
import { REDIS_URL, cleanupPrefix, tempDir, uniquePrefix } from '@strata/testing';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { CreateSchedule, DeleteSchedule, ReconcileSchedules, RunSchedule, UpdateSchedule } from '../index';

/**
 * Schedules on real Redis (BullMQ job schedulers) and a real SQLite metadata store: two runners
 * share the queue like two batch-api replicas. The bus is recorded (not under test here).
 */
describe('BullMQ schedule timer and runners (real Redis)', () => {
  const prefix = uniquePrefix('sched');
  const dir = tempDir('sched');
  let redis: Redis;
  let metadata: SqliteMetadataStore;
  let timer: BullMqScheduleTimer;
  const runners: BullMqScheduleRunner[] = [];
  const ticks: Array<{ runner: number; tick: string }> = [];
  let manage: { create: CreateSchedule; update: UpdateSchedule; delete: DeleteSchedule; reconcile: ReconcileSchedules };
  let run: RunSchedule;
  let deps: ConstructorParameters<typeof RunSchedule>[0] & ConstructorParameters<typeof CreateSchedule>[0] & ConstructorParameters<typeof ReconcileSchedules>[0] & Record<string, unknown>;
  const NS = newId('namespace');
  const BUCKET = newId('bucket');
  const NOW = new Date().toISOString();

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    metadata = new SqliteMetadataStore(join(dir.path, 'metadata.sqlite'));
    const all = {
      metadata,
      objects: new LocalObjectStorage(join(dir.path, 'blobs')),
      vectors: undefined as never,
      tasks: new RedisTaskStore(redis, `${prefix}:`),
      events: new RecordingPublisher(),
      wakeUps: new RecordingWakeUps(),
      extractors: builtinExtractors(),
      clock: systemClock,
      logger: silentLogger,
      workChunkSize: 64,
    };
    timer = new BullMqScheduleTimer(redis, prefix);
    deps = { ...all, timer };
    manage = {
      create: new CreateSchedule({ ...deps, timer }),
      update: new UpdateSchedule({ ...deps, timer }),
      delete: new DeleteSchedule({ ...deps, timer }),
      reconcile: new ReconcileSchedules({ ...deps, timer }),
    };
    run = new RunSchedule(deps);
    await metadata.namespaces.create({ namespaceId: NS, namespaceName: `sched-${NS}`, description: null, createdAt: NOW, updatedAt: NOW });
    await metadata.buckets.create({
      namespaceId: NS, bucketId: BUCKET, bucketName: 'b', description: null, bucketSchema: { properties: { title: { type: 'string' } } },
      metadata: {}, createdAt: NOW, updatedAt: NOW,
    });
    await metadata.collections.create({
      namespaceId: NS, collectionId: newId('collection'), collectionName: 'copies', description: null,
      source: { type: 'bucket', bucketIds: [BUCKET], collectionIds: [] },
      featureExtractor: { featureExtractorName: 'passthrough_extractor', version: 'v1', parameters: {}, inputMappings: { value: 'title' } },
      vectorIndexes: [], enabled: true, metadata: {}, createdAt: NOW, updatedAt: NOW,
    });
    for (let i = 0; i < 3; i += 1) {
      await metadata.objects.create({
        namespaceId: NS, bucketId: BUCKET, objectId: newId('object'), keyPrefix: null, metadata: { title: `t${i}` }, blobs: [], createdAt: NOW, updatedAt: NOW,
      });
    }
    for (const index of [0, 1]) {
      const runner = new BullMqScheduleRunner({ redisUrl: REDIS_URL, prefix, logger: silentLogger }, async (job) => {
        ticks.push({ runner: index, tick: job.tick });
        return run.execute(job);
      });
      runner.start();
      runners.push(runner);
    }
  });

  afterAll(async () => {
    for (const r of runners) await r.close();
    await timer.queue.obliterate({ force: true }).catch(() => undefined);
    await timer.close();
    await redis.quit();
    await metadata.close();
    await cleanupPrefix(prefix);
    dir.remove();
  });

  it('fires each tick once across two runners; a run overlapping an unfinished batch is recorded as skipped', async () => {
    const schedule = await manage.create.execute(NS, 'b', {
      scheduleName: 'every second', description: null, trigger: { type: 'interval', everySeconds: 1 },
      selection: { mode: 'all' }, collectionIds: [], enabled: true, policy: DEFAULT_BATCH_POLICY,
    });
    expect(await timer.scheduledIds()).toContain(schedule.scheduleId);

    // No poller runs here, so the first run's batch stays QUEUED: every later tick overlaps it.
    const runs = await waitFor(async () => {
      const page = await metadata.schedules.listRuns(NS, schedule.scheduleId, { offset: 0, limit: 50 });
      return page.total >= 3 ? page.results : undefined;
    }, { timeoutMs: 20_000, intervalMs: 100, description: 'three schedule runs' });

    const tickIds = ticks.map((t) => t.tick);
    expect(new Set(tickIds).size).toBe(tickIds.length);
    const oldest = runs[runs.length - 1] as (typeof runs)[number];
    expect(oldest).toMatchObject({ status: 'SUBMITTED', objectCount: 3 });
    expect(oldest.batchId).toMatch(/^btch_/);
    const batch = await metadata.batches.find(NS, oldest.batchId as string);
    expect(batch).toMatchObject({ status: 'QUEUED', metadata: { schedule_id: schedule.scheduleId } });
    const later = runs.slice(0, -1);
    expect(later.length).toBeGreaterThanOrEqual(2);
    for (const r of later) {
      expect(r).toMatchObject({ status: 'SKIPPED', batchId: null });
      expect(r.reason).toContain(`batch ${oldest.batchId} is still QUEUED`);
    }
    // Exactly one batch for the bucket: no tick submitted twice.
    expect((await metadata.batches.list(NS, BUCKET, { status: null, offset: 0, limit: 10 })).total).toBe(1);

    // Disable: the timer goes; delete: the schedule and its runs go.
    await manage.update.execute(NS, schedule.scheduleId, { enabled: false });
    expect(await timer.scheduledIds()).not.toContain(schedule.scheduleId);
    await manage.delete.execute(NS, schedule.scheduleId);
    expect(await metadata.schedules.find(NS, schedule.scheduleId)).toBeNull();
  });

  it('reconcile adds timers for stored enabled schedules and removes timers of unknown ones', async () => {
    const stored: Schedule = {
      namespaceId: NS, scheduleId: newId('schedule'), bucketId: BUCKET, scheduleName: 'hourly', description: null,
      trigger: { type: 'cron', expression: '0 * * * *', timezone: 'Europe/Paris' }, selection: { mode: 'changed_since_last_run' },
      collectionIds: [], enabled: true, policy: DEFAULT_BATCH_POLICY, createdAt: NOW, updatedAt: NOW,
    };
    // Written while Redis was "away": no timer yet. And a stray timer with no schedule.
    await metadata.schedules.create(stored);
    await timer.queue.upsertJobScheduler('sched_strayyyyyyyyyyyy', { every: 3_600_000 });

    const result = await manage.reconcile.execute();

    expect(result.removed).toBeGreaterThanOrEqual(1);
    const ids = await timer.scheduledIds();
    expect(ids).toContain(stored.scheduleId);
    expect(ids).not.toContain('sched_strayyyyyyyyyyyy');
    await manage.delete.execute(NS, stored.scheduleId);
  });

  it('refuses a cron expression the scheduler cannot run with a 422 error, and stores nothing', async () => {
    const fields = {
      scheduleName: 'bad cron', description: null, selection: { mode: 'all' as const }, collectionIds: [], enabled: true, policy: DEFAULT_BATCH_POLICY,
    };
    for (const expression of ['99 99 * * *', '0 0 31 2 *', '0 0 * * FOO']) {
      const attempt = manage.create.execute(NS, 'b', { ...fields, trigger: { type: 'cron', expression, timezone: 'UTC' } });
      await expect(attempt).rejects.toThrow(ValidationError);
      await expect(manage.create.execute(NS, 'b', { ...fields, trigger: { type: 'cron', expression, timezone: 'UTC' } })).rejects.toThrow(
        `trigger.expression "${expression}" is not a cron expression the scheduler can run`,
      );
    }
    expect((await metadata.schedules.listAll()).filter((s) => s.scheduleName === 'bad cron')).toEqual([]);
    // An update to a bad expression is refused too and leaves the stored schedule as it was.
    const good = await manage.create.execute(NS, 'b', { ...fields, trigger: { type: 'cron', expression: '0 3 * * *', timezone: 'UTC' } });
    await expect(manage.update.execute(NS, good.scheduleId, { trigger: { type: 'cron', expression: '61 * * * *', timezone: 'UTC' } })).rejects.toThrow(ValidationError);
    expect((await metadata.schedules.find(NS, good.scheduleId))?.trigger).toEqual({ type: 'cron', expression: '0 3 * * *', timezone: 'UTC' });
    await manage.delete.execute(NS, good.scheduleId);
  });

  it('reconciliation reports and skips a bad stored schedule and still syncs the others', async () => {
    const base = {
      namespaceId: NS, bucketId: BUCKET, description: null, selection: { mode: 'all' as const }, collectionIds: [], enabled: true,
      policy: DEFAULT_BATCH_POLICY, createdAt: NOW, updatedAt: NOW,
    };
    // Saved before expressions were checked.
    const bad: Schedule = { ...base, scheduleId: newId('schedule'), scheduleName: 'legacy bad', trigger: { type: 'cron', expression: '99 99 * * *', timezone: 'UTC' } };
    const good: Schedule = { ...base, scheduleId: newId('schedule'), scheduleName: 'after it', trigger: { type: 'cron', expression: '0 * * * *', timezone: 'UTC' } };
    await metadata.schedules.create(bad);
    await metadata.schedules.create(good);

    const result = await manage.reconcile.execute();

    expect(result.failed).toEqual([{ scheduleId: bad.scheduleId, reason: expect.stringContaining('99') }]);
    const ids = await timer.scheduledIds();
    expect(ids).toContain(good.scheduleId);
    expect(ids).not.toContain(bad.scheduleId);
    await manage.delete.execute(NS, bad.scheduleId);
    await manage.delete.execute(NS, good.scheduleId);
  });

  it('a schedule whose runs keep failing backs off, then pauses itself with the reason; failed runs are bounded', async () => {
    const clock = new ManualClock(Date.parse('2026-12-01T00:00:00Z'));
    const failurePolicy = { backoffAfter: 2, backoffBaseMs: 10_000, backoffMaxMs: 10_000, pauseAfter: 4 };
    const runner = new RunSchedule({ ...deps, clock, timer, failurePolicy });
    // A filter stored before filters were checked: every run fails compiling it.
    const broken: Schedule = {
      namespaceId: NS, scheduleId: newId('schedule'), bucketId: BUCKET, scheduleName: 'broken', description: null,
      trigger: { type: 'interval', everySeconds: 3_600 }, selection: { mode: 'filter', filters: { AND: 'not a list' } }, collectionIds: [],
      enabled: true, policy: DEFAULT_BATCH_POLICY, createdAt: NOW, updatedAt: NOW,
    };
    await metadata.schedules.create(broken);
    await timer.sync(broken);
    const tick = async (name: string, advanceMs: number) => {
      clock.advance(advanceMs);
      return runner.execute({ namespaceId: NS, scheduleId: broken.scheduleId, tick: name });
    };

    expect(await tick('t1', 0)).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('AND needs an array') });
    expect(await tick('t2', 1_000)).toMatchObject({ status: 'FAILED' });
    expect(await tick('t3', 1_000)).toBeNull(); // 2 s after the last failure: within the 10 s back-off, dropped
    expect(await tick('t4', 10_000)).toMatchObject({ status: 'FAILED' });
    expect(await tick('t5', 1_000)).toBeNull();
    expect(await tick('t6', 10_000)).toMatchObject({ status: 'FAILED' }); // the fourth in a row: pauses
    expect(await tick('t7', 60_000)).toBeNull();

    const runs = await metadata.schedules.listRuns(NS, broken.scheduleId, { offset: 0, limit: 50 });
    expect(runs.total).toBe(4);
    const paused = await metadata.schedules.find(NS, broken.scheduleId);
    expect(paused).toMatchObject({ enabled: false, pausedReason: expect.stringContaining('paused after 4 failed runs in a row; last error:') });
    expect(paused?.pausedReason).toContain('AND needs an array');
    expect(await timer.scheduledIds()).not.toContain(broken.scheduleId);

    // Fixed and enabled again: the reason is cleared and the timer is back.
    const resumed = await manage.update.execute(NS, broken.scheduleId, { enabled: true, selection: { mode: 'all' } });
    expect(resumed.pausedReason).toBeNull();
    expect(await timer.scheduledIds()).toContain(broken.scheduleId);
    await manage.delete.execute(NS, broken.scheduleId);
  });
});
