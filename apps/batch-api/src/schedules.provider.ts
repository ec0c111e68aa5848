import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import {
  CreateSchedule,
  DeleteSchedule,
  GetSchedule,
  ListScheduleRuns,
  ListSchedules,
  ReconcileSchedules,
  RunSchedule,
  TriggerCollection,
  UpdateSchedule,
} from '@strata/api-use-cases';
import { BullMqScheduleRunner, BullMqScheduleTimer } from '@strata/messaging';
import { TOKENS } from '@strata/platform';
import type { Logger } from '@strata/ports';
import { Redis } from 'ioredis';
import type { BatchApiConfig } from './config';
import { IngestionUseCases } from './ingestion.provider';

/** The batch-policy use cases (docs/adr/0050-batch-policies.md): schedules CRUD, schedule runs, collection trigger. */
export class ScheduleUseCases {
  constructor(
    readonly createSchedule: CreateSchedule,
    readonly getSchedule: GetSchedule,
    readonly listSchedules: ListSchedules,
    readonly updateSchedule: UpdateSchedule,
    readonly deleteSchedule: DeleteSchedule,
    readonly reconcileSchedules: ReconcileSchedules,
    readonly run: RunSchedule,
    readonly trigger: TriggerCollection,
    readonly runs: ListScheduleRuns,
  ) {}
}

const SCHEDULES_CONFIG = Symbol('SchedulesConfig');

/**
 * Runs schedule ticks in batch-api (docs/adr/0050): a run creates and submits a batch, which are
 * batch-api's use cases. Every replica runs a worker; BullMQ hands each tick to one of them.
 * At start-up the job schedulers are reconciled with the stored schedules.
 */
@Injectable()
class ScheduleLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private runner: BullMqScheduleRunner | null = null;

  constructor(
    @Inject(SCHEDULES_CONFIG) private readonly config: BatchApiConfig,
    @Inject(TOKENS.logger) private readonly logger: Logger,
    @Inject(BullMqScheduleTimer) private readonly timer: BullMqScheduleTimer,
    private readonly useCases: ScheduleUseCases,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const result = await this.useCases.reconcileSchedules.execute();
      this.logger.info(result, 'schedules reconciled with their job schedulers');
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'could not reconcile schedules at start-up');
    }
    if (!this.config.SCHEDULE_RUNNER) return;
    this.runner = new BullMqScheduleRunner(
      { redisUrl: this.config.REDIS_URL, prefix: this.config.STRATA_PREFIX, logger: this.logger },
      (job) => this.useCases.run.execute(job),
    );
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.close();
    await this.timer.close().catch(() => undefined);
  }
}

/** The providers of the batch-policy surface; AppModule lists them (they need IngestionUseCases). */
export function scheduleProviders(config: BatchApiConfig): Provider[] {
  return [
    { provide: SCHEDULES_CONFIG, useValue: config },
    {
      provide: BullMqScheduleTimer,
      useFactory: (logger: Logger) => {
        const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
        connection.on('error', (err) => logger.warn({ err: err.message }, 'schedule queue redis error'));
        return new BullMqScheduleTimer(connection, config.STRATA_PREFIX);
      },
      inject: [TOKENS.logger],
    },
    {
      provide: ScheduleUseCases,
      useFactory: (ingestion: IngestionUseCases, timer: BullMqScheduleTimer) =>
        new ScheduleUseCases(
          new CreateSchedule({ ...ingestion.deps, timer }),
          new GetSchedule(ingestion.deps),
          new ListSchedules(ingestion.deps),
          new UpdateSchedule({ ...ingestion.deps, timer }),
          new DeleteSchedule({ ...ingestion.deps, timer }),
          new ReconcileSchedules({ ...ingestion.deps, timer }),
          new RunSchedule({ ...ingestion.deps, timer }),
          new TriggerCollection(ingestion.deps),
          new ListScheduleRuns(ingestion.deps),
        ),
      inject: [IngestionUseCases, BullMqScheduleTimer],
    },
    ScheduleLifecycle,
  ];
}
