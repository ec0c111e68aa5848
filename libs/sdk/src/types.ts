import type { components, paths } from './generated/openapi';

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

type Schemas = components['schemas'];

/** A batch as GET returns it (Mixpeek's BatchModel plus Strata's live monitoring fields). */
export type Batch = Schemas['BatchModel'];

/** One tier of a batch (Mixpeek's TierTaskInfo). */
export type TierProgress = Schemas['TierTaskInfo'];

/** A batch's live counters. */
export type BatchProgress = Schemas['BatchProgress'];

/** A batch's health verdict and why it is not healthy. */
export type BatchHealthView = Batch['health'];

/** What batch events carry: the batch without its (possibly long) object id list. */
export type BatchProgressView = Omit<Batch, 'object_ids'>;

/** A task (Mixpeek's TaskResponse). */
export type Task = Schemas['TaskResponse'];

/** Schemas the API declares, by name (`Schema<'CollectionResponse'>`). */
export type Schema<Name extends keyof Schemas> = Schemas[Name];
