import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { DEFAULT_BATCH_POLICY } from '@strata/domain';
import { requestContext } from '@strata/platform';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { ScheduleUseCases } from '../schedules.provider';
import { namespaceIdOf } from './namespace-header';
import { taskResponse } from './presenters';
import { TriggerCollectionResponse } from './schemas';
import { batchPolicyOf, parse, triggerCollectionBody } from './validation';

/** POST /v1/collections/{id}/trigger (Mixpeek's TriggerCollectionRequest/Response), kept apart from the collections CRUD. */
@Controller('v1/collections')
export class CollectionTriggerController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly policies: ScheduleUseCases,
  ) {}

  @Post(':collection/trigger')
  @HttpCode(202)
  @ApiRoute({
    operationId: 'triggerCollection',
    response: TriggerCollectionResponse,
    summary: 'Create and submit a batch over the collection\'s source bucket(s) now; unchanged objects are skipped unless force',
    tag: 'collections',
    body: triggerCollectionBody,
    success: { status: 202, description: 'TriggerCollectionResponse: the batch and task to follow' },
  })
  async trigger(@Headers('x-namespace') ns: string | undefined, @Param('collection') collection: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(triggerCollectionBody, body);
    const result = await this.policies.trigger.execute({
      namespaceId,
      collection,
      includeBuckets: input.include_buckets ?? null,
      sourceFilters: input.source_filters ?? null,
      policy: batchPolicyOf(input, DEFAULT_BATCH_POLICY),
      correlationId: requestContext.getStore()?.correlationId,
    });
    const first = result.batches[0] as (typeof result.batches)[number];
    const objectCount = result.batches.reduce((n, b) => n + b.objectCount, 0);
    return {
      batch_id: first.batchId,
      task_id: first.task.taskId,
      collection_id: result.collectionId,
      source_bucket_ids: result.batches.map((b) => b.bucketId),
      source_collection_ids: null,
      object_count: objectCount,
      document_count: null,
      total_tiers: result.totalTiers,
      message: `submitted ${result.batches.length} batch(es) over ${objectCount} object(s); unchanged objects are skipped${input.force === true ? ' (force: none are)' : ''}`,
      // Strata: one batch per source bucket.
      batches: result.batches.map((b) => ({ batch_id: b.batchId, bucket_id: b.bucketId, object_count: b.objectCount, task: taskResponse(b.task) })),
    };
  }
}
