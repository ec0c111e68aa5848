import { TASK_STATUSES } from '@strata/domain';
import { z } from 'zod';
import { named } from './registry';

/**
 * Mixpeek's PaginationResponse, on every list. `next_page`/`previous_page`/`next_cursor` are
 * opaque cursor tokens: send one back as `?cursor=` to get that page (docs/api-compatibility.md#pagination).
 */
export const PaginationResponse = named(
  'PaginationResponse',
  z.object({
    total: z.number().int().nullable(),
    page: z.number().int().nullable(),
    page_size: z.number().int().nullable(),
    total_pages: z.number().int().nullable(),
    next_page: z.string().nullable().describe('Cursor of the next page (send as ?cursor=), null on the last page'),
    previous_page: z.string().nullable().describe('Cursor of the previous page, null on the first page'),
    next_cursor: z.string().nullable().describe('Same as next_page'),
  }),
);
export type PaginationResponse = z.infer<typeof PaginationResponse>;

export const GenericDeleteResponse = named(
  'GenericDeleteResponse',
  z.object({ success: z.boolean(), message: z.string() }),
);
export type GenericDeleteResponse = z.infer<typeof GenericDeleteResponse>;

export const TASK_TYPES = ['api_buckets_batches_submit', 'api_namespaces_delete', 'api_buckets_delete', 'api_buckets_uploads_batch_confirm'] as const;

export const TaskResponse = named(
  'TaskResponse',
  z.object({
    task_id: z.string(),
    task_type: z.enum(TASK_TYPES),
    status: z.enum(TASK_STATUSES),
    inputs: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).nullable(),
    outputs: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).nullable(),
    additional_data: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  }),
);
export type TaskResponse = z.infer<typeof TaskResponse>;

export const ListTasksResponse = named(
  'ListTasksResponse',
  z.object({ results: z.array(TaskResponse), pagination: PaginationResponse, total_count: z.number().int() }),
);
export type ListTasksResponse = z.infer<typeof ListTasksResponse>;
