import { ApiRoute } from '../openapi/api-route.decorator';
import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { BatchView } from '@strata/api-use-cases';
import { requestContext } from '@strata/platform';
import { BatchStatus, DEFAULT_BATCH_POLICY, isTerminal } from '@strata/domain';
import type { Request, Response } from 'express';
import type { BatchApiConfig } from '../config';
import { BATCH_API_CONFIG, IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { retryBatchBody } from './resource-validation';
import { namespaceIdOf } from './namespace-header';
import { batchHealthResponse, batchModel, taskResponse } from './presenters';
import { reportedBatchStatus } from './compat';
import { batchLogsQuery, batchObjectsQuery, batchPolicyOf, createBatchBody, failedDocumentsQuery, listBatchesBody, objectIdsBody, parse, patchBatchBody, submitBody } from './validation';
import { pageOf, pageQuery, paginationResponse, positionPageOf, positionPagination } from './pagination';

/** Object ids per page of GET .../objects when the client names no size (ids are small). */
const BATCH_OBJECTS_PAGE_SIZE = 1_000;
import {
  BatchHealthResponse,
  BatchLogsResponse,
  BatchModel,
  BatchObjectsResponse,
  FailedDocumentsResponse,
  GenericDeleteResponse,
  ListBatchesResponse,
  RetryBatchResponse,
  TaskResponse,
} from './schemas';
import { z } from 'zod';

/** What GET .../events streams: `status` and `progress` events carry the batch without object ids, `end` its final status. */
const BATCH_EVENT_STREAM = z
  .string()
  .describe('text/event-stream: events `status` and `progress` (data: BatchModel without object_ids), then `end` (data: {batch_id, status})');

/** A batch event without the (possibly long) object id list. */
function eventPayload(view: BatchView) {
  const { object_ids: _ids, ...rest } = batchModel(view);
  return rest;
}

@Controller('v1/buckets/:bucket/batches')
export class BatchesController {
  constructor(
    private readonly useCases: IngestionUseCases,
    @Inject(BATCH_API_CONFIG) private readonly config: BatchApiConfig,
    private readonly resources: ResourceUseCases,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({ operationId: 'createBatch', summary: 'Create a DRAFT batch of object ids (optional error_policy and force)', tag: 'batches', body: createBatchBody, response: BatchModel })
  async create(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown): Promise<BatchModel> {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createBatchBody, body);
    const batch = await this.useCases.createBatch.execute({
      namespaceId,
      bucket,
      objectIds: input.object_ids,
      metadata: input.metadata ?? {},
      policy: batchPolicyOf(input, DEFAULT_BATCH_POLICY),
    });
    return batchModel(await this.useCases.buildBatchView.execute(batch));
  }

  @Post('list')
  @HttpCode(200)
  @ApiRoute({ operationId: 'listBatches', summary: 'List the batches of a bucket (status filter; page by cursor, page/page_size or offset/limit)', tag: 'batches', body: listBatchesBody, query: pageQuery, response: ListBatchesResponse })
  async list(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Body() body: unknown,
    @Query() query: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(listBatchesBody, body);
    const page = pageOf(parse(pageQuery, query, 'query'), input);
    const { results, total } = await this.useCases.listBatches.execute(namespaceId, bucket, { status: input.status ?? null, ...page });
    return { results: results.map((v) => batchModel(v)), total_count: total, pagination: paginationResponse(total, page) };
  }

  @Post(':batch/objects')
  @HttpCode(200)
  @ApiRoute({ operationId: 'addBatchObjects', summary: 'Add objects to a DRAFT batch', tag: 'batches', body: objectIdsBody, errors: [409], response: BatchModel })
  async addObjects(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(objectIdsBody, body);
    const batch = await this.useCases.addObjectsToBatch.execute({ namespaceId, bucket, batchId, objectIds: input.object_ids });
    return batchModel(await this.useCases.buildBatchView.execute(batch));
  }

  @Post(':batch/submit')
  @HttpCode(200)
  @ApiRoute({ operationId: 'submitBatch', summary: 'Submit a DRAFT batch (idempotent: a second submit returns the same task); error_policy and force replace the create-time ones', tag: 'batches', body: submitBody, errors: [409], response: TaskResponse })
  async submit(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const empty = body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0);
    const input = parse(submitBody, empty ? undefined : body);
    const task = await this.useCases.submitBatch.execute({
      namespaceId,
      bucket,
      batchId,
      // Mixpeek's default is true.
      includeProcessingHistory: input?.include_processing_history ?? true,
      ...(input?.error_policy === undefined && input?.force === undefined ? {} : { policy: await this.policyOf(namespaceId, bucket, batchId, input) }),
      correlationId: requestContext.getStore()?.correlationId,
    });
    return taskResponse(task);
  }

  /** The batch's policy with the submit's fields over it. */
  private async policyOf(namespaceId: string, bucket: string, batchId: string, input: Parameters<typeof batchPolicyOf>[0]) {
    const { batch } = await this.useCases.getBatch.execute(namespaceId, bucket, batchId);
    return batchPolicyOf(input, batch.policy);
  }

  @Get(':batch')
  @ApiRoute({ operationId: 'getBatch', summary: 'Get a batch with live progress, status_message, health and estimated_completion', tag: 'batches', response: BatchModel })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('batch') batchId: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return batchModel(await this.useCases.describeBatch.execute(namespaceId, bucket, batchId));
  }

  @Post(':batch/cancel')
  @HttpCode(200)
  @ApiRoute({ operationId: 'cancelBatch', summary: 'Cancel a batch: stops its work on every worker', tag: 'batches', errors: [409], response: TaskResponse })
  async cancel(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('batch') batchId: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return taskResponse(await this.useCases.cancelBatch.execute(namespaceId, bucket, batchId));
  }

  /**
   * Retries failed items of a finished batch (Mixpeek's RetryBatchRequest). transient_only retries
   * network, resource and dependency failures; all retries every failure. The batch goes back to
   * QUEUED, then PROCESSING, and finishes again with the outcome of every item.
   */
  @Post(':batch/retry')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'retryBatch',
    response: RetryBatchResponse,
    summary: 'Retry the failed items of a finished batch (retry_mode transient_only | all, tier_nums, max_retry_count)',
    tag: 'batches',
    body: retryBatchBody,
    errors: [409],
  })
  async retry(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(retryBatchBody, body);
    const result = await this.resources.retryBatch.execute({
      namespaceId,
      bucket,
      batchId,
      mode: input.retry_mode,
      tierNums: input.tier_nums ?? null,
      maxRetryCount: input.max_retry_count ?? 3,
    });
    const retried = result.retried.reduce((n, t) => n + t.items, 0);
    return {
      batch_id: result.batch.batchId,
      status: reportedBatchStatus(result.batch.status),
      retry_mode: input.retry_mode,
      tier_nums: input.tier_nums ?? null,
      retried_count: retried,
      retried_by_tier: result.retried.map((t) => ({ tier_num: t.tier, count: t.items })),
      skipped_count: result.skipped,
      exhausted_count: result.exhausted,
      reopened_tiers: result.reopenedTiers,
      task_id: result.task.taskId,
      task: taskResponse(result.task),
      message: `${retried} failed item(s) queued for retry`,
    };
  }

  @Patch(':batch')
  @ApiRoute({ operationId: 'updateBatch', summary: 'Replace the user metadata of a batch', tag: 'batches', body: patchBatchBody, response: BatchModel })
  async patch(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(patchBatchBody, body);
    await this.useCases.patchBatch.execute(namespaceId, bucket, batchId, input.metadata);
    return batchModel(await this.useCases.describeBatch.execute(namespaceId, bucket, batchId));
  }

  @Delete(':batch')
  @ApiRoute({ operationId: 'deleteBatch', summary: 'Delete a batch that is not running (its documents stay)', tag: 'batches', errors: [409], response: GenericDeleteResponse })
  async remove(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('batch') batchId: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    await this.useCases.deleteBatch.execute(namespaceId, bucket, batchId);
    return { success: true, message: 'Successfully deleted' };
  }

  /** All object ids of a batch, a page at a time (a batch answer carries only the first ones). */
  @Get(':batch/objects')
  @ApiRoute({ operationId: 'listBatchObjects', summary: "A page of the batch's object ids, in the order they were added (a batch answer carries only the first ones)", tag: 'batches', query: batchObjectsQuery, response: BatchObjectsResponse })
  async objects(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('batch') batchId: string, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const page = positionPageOf(parse(batchObjectsQuery, query, 'query'), BATCH_OBJECTS_PAGE_SIZE);
    const { results, total } = await this.useCases.listBatchObjects.execute(namespaceId, bucket, batchId, page);
    return {
      batch_id: batchId,
      total,
      limit: page.limit,
      offset: page.offset,
      pagination: positionPagination(total, page),
      results: results.map((objectId) => ({ object_id: objectId })),
    };
  }

  /**
   * The batch's log (Mixpeek's `GET .../logs`, `?tier_num`): status changes, tier transitions,
   * item failures, retries and cancels as the store recorded them, oldest first, paged.
   */
  @Get(':batch/logs')
  @ApiRoute({ operationId: 'getBatchLogs', summary: "A batch's log: status changes, tier transitions, failures, retries, cancels (oldest first, paged)", tag: 'batches', query: batchLogsQuery, response: BatchLogsResponse })
  async logs(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('batch') batchId: string, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const q = parse(batchLogsQuery, query, 'query');
    const page = pageOf(q);
    const tier = q.tier_num ?? null;
    const { results, total } = await this.useCases.getBatchLogs.execute(namespaceId, bucket, batchId, { tier, ...page });
    // Statuses as the batch and its tiers report them elsewhere: QUEUED is PENDING in Mixpeek mode, a running tier IN_PROGRESS.
    const status = (s: string | null, tierLine: boolean) =>
      s === null ? null : tierLine ? (s === 'PROCESSING' ? 'IN_PROGRESS' : s) : reportedBatchStatus(s as BatchStatus);
    return {
      batch_id: batchId,
      tier_num: tier,
      results: results.map((e) => ({
        timestamp: e.at,
        event: e.event,
        level: e.level,
        tier_num: e.tier,
        from_status: status(e.from, e.event.startsWith('tier.')),
        to_status: status(e.to, e.event.startsWith('tier.')),
        message: e.message,
        details: e.details,
      })),
      pagination: paginationResponse(total, page),
    };
  }

  /** Per-item errors with category, message and stage (Mixpeek's failed-documents). */
  @Get(':batch/failed-documents')
  @ApiRoute({ operationId: 'listFailedDocuments', summary: 'Per-item errors of a batch: category, message, stage', tag: 'batches', query: failedDocumentsQuery, response: FailedDocumentsResponse })
  async failedDocuments(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Query() query: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const q = parse(failedDocumentsQuery, query, 'query');
    const page = pageOf(q);
    const { results, total } = await this.useCases.listFailedItems.execute(namespaceId, bucket, batchId, {
      tier: q.tier_num ?? null,
      collectionId: q.collection_id ?? null,
      ...page,
    });
    return {
      batch_id: batchId,
      total,
      limit: page.limit,
      offset: page.offset,
      pagination: paginationResponse(total, page),
      results: results.map((f) => ({
        object_id: f.itemId,
        tier_num: f.tier,
        collection_id: f.collectionId,
        error_type: f.category,
        message: f.message,
        stage: f.stage,
        timestamp: f.completedAt,
        retryable: ['network', 'resource', 'dependency'].includes(f.category),
      })),
    };
  }

  @Get(':batch/health')
  @ApiRoute({ operationId: 'getBatchHealth', summary: 'Batch health: reasons, stall seconds, documents expected vs written per collection, recommendations', tag: 'batches', response: BatchHealthResponse })
  async health(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('batch') batchId: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { view, reconciliation } = await this.useCases.checkBatchHealth.execute(namespaceId, bucket, batchId);
    return batchHealthResponse(view, reconciliation);
  }

  /**
   * Server-Sent Events: `status` when the status changes, `progress` when the counters, health or
   * ETA change, then `end` once the batch is terminal (and the stream closes). Every event carries
   * the batch as GET returns it, without object_ids.
   */
  @Get(':batch/events')
  @ApiRoute({ operationId: 'streamBatchEvents', summary: 'Live batch events (Server-Sent Events): status, progress, end', tag: 'batches', response: BATCH_EVENT_STREAM, success: { description: 'An event stream that ends when the batch is terminal', contentType: 'text/event-stream' } })
  async events(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    // Unknown batch or namespace: a normal 404 envelope, before any stream starts.
    let view = await this.useCases.describeBatch.execute(namespaceId, bucket, batchId);
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    let seq = 0;
    const send = (event: string, data: unknown) => {
      seq += 1;
      res.write(`id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const fingerprint = (v: BatchView) =>
      JSON.stringify([v.progress.processed, v.progress.total, v.progress.percent, v.progress.items_per_second, v.health.health, v.health.reasons.length]);
    let lastStatus = view.batch.status;
    let lastPrint = fingerprint(view);
    send('status', eventPayload(view));
    send('progress', eventPayload(view));
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    let lastWrite = Date.now();
    const finish = () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      res.end();
    };
    req.on('close', finish);
    const tick = async () => {
      if (closed) return;
      try {
        view = await this.useCases.describeBatch.execute(namespaceId, bucket, batchId);
        const print = fingerprint(view);
        if (view.batch.status !== lastStatus) {
          lastStatus = view.batch.status;
          send('status', eventPayload(view));
          lastWrite = Date.now();
        }
        if (print !== lastPrint) {
          lastPrint = print;
          send('progress', eventPayload(view));
          lastWrite = Date.now();
        }
        if (isTerminal(view.batch.status)) {
          send('end', { batch_id: batchId, status: view.batch.status });
          finish();
          return;
        }
        if (Date.now() - lastWrite > 15_000) {
          // A comment line keeps proxies from closing an idle stream.
          res.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
      } catch (error) {
        send('error', { message: (error as Error).message });
        finish();
        return;
      }
      timer = setTimeout(() => void tick(), this.config.SSE_INTERVAL_MS);
    };
    if (isTerminal(view.batch.status)) {
      send('end', { batch_id: batchId, status: view.batch.status });
      finish();
      return;
    }
    timer = setTimeout(() => void tick(), this.config.SSE_INTERVAL_MS);
  }
}
