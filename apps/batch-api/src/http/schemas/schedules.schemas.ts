import { SCHEDULE_RUN_STATUSES } from '@strata/domain';
import { z } from 'zod';
import { ErrorPolicyModel, REPORTED_BATCH_STATUSES } from './batches.schemas';
import { PaginationResponse } from './common.schemas';
import { jsonObject, named, timestamp } from './registry';

export const ScheduleResponse = named(
  'ScheduleResponse',
  z.object({
    schedule_id: z.string(),
    schedule_name: z.string(),
    description: z.string().nullable(),
    bucket_id: z.string(),
    trigger: z.union([
      z.object({ type: z.literal('cron'), expression: z.string(), timezone: z.string() }),
      z.object({ type: z.literal('interval'), every_seconds: z.number().int() }),
    ]),
    selection: z.union([
      z.object({ mode: z.literal('all') }),
      z.object({ mode: z.literal('changed_since_last_run') }),
      z.object({ mode: z.literal('filter'), filters: jsonObject }),
    ]),
    collection_ids: z.array(z.string()),
    enabled: z.boolean(),
    paused_reason: z.string().nullable().describe('Why the schedule paused itself (its runs kept failing); null otherwise'),
    error_policy: ErrorPolicyModel,
    force: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
export type ScheduleResponse = z.infer<typeof ScheduleResponse>;

export const ListSchedulesResponse = named(
  'ListSchedulesResponse',
  z.object({ results: z.array(ScheduleResponse), total_count: z.number().int(), pagination: PaginationResponse }),
);

export const ScheduleRunResponse = named(
  'ScheduleRunResponse',
  z.object({
    run_id: z.string(),
    schedule_id: z.string(),
    fired_at: timestamp,
    status: z.enum(SCHEDULE_RUN_STATUSES),
    batch_id: z.string().nullable(),
    batch_status: z.enum(REPORTED_BATCH_STATUSES).nullable(),
    object_count: z.number().int(),
    reason: z.string().nullable(),
  }),
);
export type ScheduleRunResponse = z.infer<typeof ScheduleRunResponse>;

export const ListScheduleRunsResponse = named(
  'ListScheduleRunsResponse',
  z.object({ results: z.array(ScheduleRunResponse), total_count: z.number().int(), pagination: PaginationResponse }),
);

export const DeleteScheduleResponse = named('DeleteScheduleResponse', z.object({ success: z.boolean(), schedule_id: z.string() }));
