/**
 * @strata/sdk: Strata's TypeScript client. Runs in browsers and Node (fetch, streams, FormData
 * only); uploads from a file path are in the Node-only entry `@strata/sdk/node`.
 * See libs/sdk/README.md and docs/adr/0075-typescript-sdk.md.
 */
export { StrataClient, ndjsonStream } from './strata-client';
export type { BulkCreateOptions, BulkObject, IterateOptions, UploadFile, UploadObjectOptions, UploadStreamOptions } from './strata-client';
export { StrataTransport, segment } from './client';
export type { RawRequestOptions, StrataClientOptions } from './client';
export * from './errors';
export { DEFAULT_RETRY, backoffDelay, retryingFetch } from './retry';
export type { FetchLike, RetryOptions } from './retry';
export { readServerSentEvents } from './sse';
export type { ServerSentEvent } from './sse';
export { nextPageRequest, paginate } from './pagination';
export type { ListPage, PageRequest } from './pagination';
export { waitForBatch } from './wait-for-batch';
export type { BatchUpdateSource, WaitForBatchOptions } from './wait-for-batch';
export { TERMINAL_BATCH_STATUSES, isTerminalBatchStatus } from './types';
export type { Batch, BatchHealthView, BatchProgress, BatchProgressView, BodyOf, QueryOf, ResponseOf, Schema, Task, TerminalBatchStatus, TierProgress } from './types';
export type { components, operations, paths } from './generated/openapi';
