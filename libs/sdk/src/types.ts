import type { paths } from './generated/openapi';

type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The JSON body of an operation's success response, from the generated types. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : unknown;

/** The JSON request body of an operation, from the generated types. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never;

/** The query parameters of an operation, from the generated types. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** Batch statuses after which nothing changes any more. */
export const TERMINAL_BATCH_STATUSES = ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'] as const;

export type TerminalBatchStatus = (typeof TERMINAL_BATCH_STATUSES)[number];

export function isTerminalBatchStatus(status: string): status is TerminalBatchStatus {
  return (TERMINAL_BATCH_STATUSES as readonly string[]).includes(status);
}

/** One tier of a batch (Mixpeek's TierTaskInfo, the fields the SDK and CLI read). */
export interface TierProgress {
  tier_num: number;
  status: string;
  collection_ids?: string[];
  items_total?: number;
  items_processed?: number;
  items_succeeded?: number;
  items_failed?: number;
  [key: string]: unknown;
}

/** The batch fields progress displays read (GET batch, and every batch event). */
export interface BatchProgressView {
  batch_id: string;
  status: string;
  status_message?: string | null;
  progress?: {
    processed: number;
    total: number;
    percent?: number;
    succeeded?: number;
    failed?: number;
    items_per_second?: number | null;
    eta_seconds?: number | null;
    [key: string]: unknown;
  };
  health?: BatchHealthView | null;
  tier_tasks?: TierProgress[];
  [key: string]: unknown;
}

/** A batch's health verdict and why it is not healthy. */
export interface BatchHealthView {
  status: string;
  reasons: Array<{ code: string; level: string; message: string }>;
  stall_seconds?: number;
  [key: string]: unknown;
}

/** A batch as GET returns it. */
export type Batch = ResponseOf<'/v1/buckets/{bucket}/batches/{batch}', 'get'> & BatchProgressView;

/** A task as GET /v1/tasks/{id} returns it. */
export type Task = ResponseOf<'/v1/tasks/{task}', 'get'> & { task_id: string; status: string };
