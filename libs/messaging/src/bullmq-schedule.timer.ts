import { JOBS, QUEUE_DEFAULTS, QUEUES, ScheduleRunJobV1, bullPrefix } from '@strata/contracts';
import type { Schedule, ScheduleTrigger } from '@strata/domain';
import type { Logger, ScheduleTimer } from '@strata/ports';
import { Job, Queue, Worker, defaultRepeatStrategy } from 'bullmq';
import { Redis } from 'ioredis';
import { closeWorkerWithin } from './bullmq-shutdown';

/**
 * Schedules as BullMQ job schedulers (scheduler id = schedule id). BullMQ keeps one
 * next-iteration job per scheduler in Redis (`repeat:<id>:<due ms>`) and the worker that takes it
 * adds the following one, so any number of replicas running a worker fire each tick once.
 */
export class BullMqScheduleTimer implements ScheduleTimer {
  readonly queue: Queue<ScheduleRunJobV1>;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue<ScheduleRunJobV1>(QUEUES.scheduleRuns, { connection, prefix: bullPrefix(prefix) });
  }

  async sync(schedule: Schedule): Promise<void> {
    if (!schedule.enabled) {
      await this.remove(schedule.scheduleId);
      return;
    }
    const repeat =
      schedule.trigger.type === 'cron'
        ? { pattern: schedule.trigger.expression, tz: schedule.trigger.timezone }
        : { every: schedule.trigger.everySeconds * 1_000 };
    await this.queue.upsertJobScheduler(schedule.scheduleId, repeat, {
      name: JOBS.runSchedule,
      data: { version: 1, namespace_id: schedule.namespaceId, schedule_id: schedule.scheduleId },
      opts: {
        attempts: QUEUE_DEFAULTS.scheduleRuns.attempts,
        removeOnComplete: QUEUE_DEFAULTS.scheduleRuns.keepCompleted,
        removeOnFail: QUEUE_DEFAULTS.scheduleRuns.keepFailed,
      },
    });
  }

  /** Asks BullMQ's own repeat strategy (its cron parser) for the next firing, as the scheduler will. */
  check(trigger: ScheduleTrigger): string | null {
    if (trigger.type !== 'cron') return null;
    try {
      const next = defaultRepeatStrategy(Date.now(), { pattern: trigger.expression, tz: trigger.timezone });
      return typeof next === 'number' && Number.isFinite(next) ? null : 'it never fires';
    } catch (error) {
      return (error as Error).message;
    }
  }

  async remove(scheduleId: string): Promise<void> {
    await this.queue.removeJobScheduler(scheduleId);
  }

  async scheduledIds(): Promise<string[]> {
    const all = await this.queue.getJobSchedulers(0, -1, true);
    return all.map((s) => s.key);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** Runs schedule ticks: each job of the schedule-runs queue calls `run` with the job's id as the tick. */
export class BullMqScheduleRunner {
  private worker: Worker<ScheduleRunJobV1> | null = null;
  private connection: Redis | null = null;

  constructor(
    private readonly options: { redisUrl: string; prefix: string; concurrency?: number; logger: Logger },
    private readonly run: (job: { namespaceId: string; scheduleId: string; tick: string }) => Promise<unknown>,
  ) {}

  start(): void {
    // BullMQ workers block on Redis and must retry forever instead of failing a command.
    this.connection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (err) => this.options.logger.warn({ err: err.message }, 'schedule runner redis error'));
    this.worker = new Worker<ScheduleRunJobV1>(QUEUES.scheduleRuns, (job) => this.process(job), {
      connection: this.connection,
      prefix: bullPrefix(this.options.prefix),
      concurrency: this.options.concurrency ?? QUEUE_DEFAULTS.scheduleRuns.concurrency,
    });
    this.worker.on('error', (err) => this.options.logger.error({ err: err.message }, 'schedule runner error'));
  }

  private async process(job: Job<ScheduleRunJobV1>): Promise<void> {
    // The job id is unique per tick (`repeat:<schedule>:<due ms>`): the run id derives from it.
    await this.run({ namespaceId: job.data.namespace_id, scheduleId: job.data.schedule_id, tick: String(job.id) });
  }

  /** Waits for a running tick, but not forever on a lost Redis (see closeWorkerWithin). */
  async close(): Promise<void> {
    await closeWorkerWithin(this.worker, this.connection, this.options.logger);
  }
}
