import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { BatchStatus, DEFAULT_BATCH_POLICY, NotFoundError, Schedule, ScheduleRun } from '@strata/domain';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { ScheduleUseCases } from '../schedules.provider';
import { namespaceIdOf } from './namespace-header';
import { errorPolicyModel } from './presenters';
import { batchPolicyOf, createScheduleBody, parse, updateScheduleBody } from './validation';
import { reportedBatchStatus } from './compat';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import { DeleteScheduleResponse, ListScheduleRunsResponse, ListSchedulesResponse, ScheduleResponse, ScheduleRunResponse } from './schemas';

type TriggerInput = { type: 'cron'; expression: string; timezone: string } | { type: 'interval'; every_seconds: number };
type SelectionInput = { mode: 'all' } | { mode: 'changed_since_last_run' } | { mode: 'filter'; filters: Record<string, unknown> };

const toTrigger = (t: TriggerInput): Schedule['trigger'] =>
  t.type === 'cron' ? { type: 'cron', expression: t.expression, timezone: t.timezone } : { type: 'interval', everySeconds: t.every_seconds };

function scheduleResponse(s: Schedule): ScheduleResponse {
  return {
    schedule_id: s.scheduleId,
    schedule_name: s.scheduleName,
    description: s.description,
    bucket_id: s.bucketId,
    trigger: s.trigger.type === 'cron' ? { type: 'cron' as const, expression: s.trigger.expression, timezone: s.trigger.timezone } : { type: 'interval' as const, every_seconds: s.trigger.everySeconds },
    selection: s.selection,
    collection_ids: s.collectionIds,
    enabled: s.enabled,
    /** Why the schedule disabled itself (its runs kept failing); null otherwise. */
    paused_reason: s.pausedReason ?? null,
    error_policy: errorPolicyModel(s.policy.errorPolicy),
    force: s.policy.force,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

function runResponse(r: ScheduleRun, batchStatus: BatchStatus | null): ScheduleRunResponse {
  return {
    run_id: r.runId,
    schedule_id: r.scheduleId,
    fired_at: r.firedAt,
    status: r.status,
    batch_id: r.batchId,
    batch_status: batchStatus === null ? null : reportedBatchStatus(batchStatus),
    object_count: r.objectCount,
    reason: r.reason,
  };
}

/** Schedules of recurring batches over a bucket (docs/adr/0050-batch-policies.md), and their runs. */
@Controller('v1/buckets/:bucket/schedules')
export class SchedulesController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly policies: ScheduleUseCases,
  ) {}

  private async bucketOf(namespaceId: string, bucket: string): Promise<string> {
    return (await this.useCases.getBucket.execute(namespaceId, bucket)).bucketId;
  }

  private async scheduleOf(namespaceId: string, bucket: string, scheduleId: string): Promise<Schedule> {
    const bucketId = await this.bucketOf(namespaceId, bucket);
    const schedule = await this.policies.getSchedule.execute(namespaceId, scheduleId);
    if (schedule.bucketId !== bucketId) throw new NotFoundError('schedule', scheduleId);
    return schedule;
  }

  @Post()
  @HttpCode(201)
  @ApiRoute({
    operationId: 'createSchedule',
    response: ScheduleResponse,
    summary: 'Create a schedule: a cron expression (with time zone) or an interval, what to submit, target collections, error policy',
    tag: 'schedules',
    body: createScheduleBody.omit({ bucket: true }),
    success: { status: 201, description: 'The schedule' },
  })
  async create(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createScheduleBody, { ...((typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>), bucket });
    const schedule = await this.policies.createSchedule.execute(namespaceId, bucket, {
      scheduleName: input.schedule_name,
      description: input.description ?? null,
      trigger: toTrigger(input.trigger as TriggerInput),
      selection: input.selection as SelectionInput,
      collectionIds: input.collection_ids,
      enabled: input.enabled,
      policy: batchPolicyOf(input, DEFAULT_BATCH_POLICY),
    });
    return scheduleResponse(schedule);
  }

  @Get()
  @ApiRoute({ operationId: 'listSchedules', response: ListSchedulesResponse, summary: 'List the schedules of a bucket', tag: 'schedules', query: pageQuery })
  async list(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const page = pageOf(parse(pageQuery, query, 'query'));
    const { results, total } = await this.policies.listSchedules.execute(namespaceId, { ...page, bucketId: await this.bucketOf(namespaceId, bucket) });
    return { results: results.map(scheduleResponse), total_count: total, pagination: paginationResponse(total, page) };
  }

  @Get(':schedule')
  @ApiRoute({ operationId: 'getSchedule', response: ScheduleResponse, summary: 'Get a schedule', tag: 'schedules' })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('schedule') scheduleId: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return scheduleResponse(await this.scheduleOf(namespaceId, bucket, scheduleId));
  }

  @Patch(':schedule')
  @ApiRoute({ operationId: 'updateSchedule', response: ScheduleResponse, summary: 'Change a schedule (enable/disable, trigger, selection, collections, error policy); its timer follows', tag: 'schedules', body: updateScheduleBody })
  async update(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('schedule') scheduleId: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(updateScheduleBody, body);
    const existing = await this.scheduleOf(namespaceId, bucket, scheduleId);
    const updated = await this.policies.updateSchedule.execute(namespaceId, scheduleId, {
      ...(input.schedule_name === undefined ? {} : { scheduleName: input.schedule_name }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.trigger === undefined ? {} : { trigger: toTrigger(input.trigger as TriggerInput) }),
      ...(input.selection === undefined ? {} : { selection: input.selection as SelectionInput }),
      ...(input.collection_ids === undefined ? {} : { collectionIds: input.collection_ids }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      policy: batchPolicyOf(input, existing.policy),
    });
    return scheduleResponse(updated);
  }

  @Delete(':schedule')
  @ApiRoute({ operationId: 'deleteSchedule', response: DeleteScheduleResponse, summary: 'Delete a schedule, its timer and its run history (its batches stay)', tag: 'schedules' })
  async delete(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('schedule') scheduleId: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    await this.scheduleOf(namespaceId, bucket, scheduleId);
    await this.policies.deleteSchedule.execute(namespaceId, scheduleId);
    return { success: true, schedule_id: scheduleId };
  }

  @Get(':schedule/runs')
  @ApiRoute({ operationId: 'listScheduleRuns', response: ListScheduleRunsResponse, summary: 'Past runs of a schedule, newest first: batch ids and statuses, skipped (overlapping) and empty runs', tag: 'schedules', query: pageQuery })
  async runs(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('schedule') scheduleId: string,
    @Query() query: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    await this.scheduleOf(namespaceId, bucket, scheduleId);
    const page = pageOf(parse(pageQuery, query, 'query'));
    const { results, total } = await this.policies.runs.execute(namespaceId, scheduleId, page);
    return { results: results.map((r) => runResponse(r.run, r.batchStatus)), total_count: total, pagination: paginationResponse(total, page) };
  }
}
