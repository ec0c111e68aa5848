import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { requestContext } from '@strata/platform';
import { IngestionUseCases } from '../ingestion.provider';
import { namespaceIdOf } from './namespace-header';
import { batchModel, taskResponse } from './presenters';
import { objectIdsBody, parse, submitBody } from './validation';

@Controller('v1/buckets/:bucket/batches')
export class BatchesController {
  constructor(private readonly useCases: IngestionUseCases) {}

  @Post()
  @HttpCode(200)
  async create(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(objectIdsBody, body);
    const batch = await this.useCases.createBatch.execute({
      namespaceId,
      bucket,
      objectIds: input.object_ids,
      metadata: input.metadata ?? {},
    });
    return batchModel(batch, []);
  }

  @Post(':batch/objects')
  @HttpCode(200)
  async addObjects(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(objectIdsBody, body);
    const batch = await this.useCases.addObjectsToBatch.execute({ namespaceId, bucket, batchId, objectIds: input.object_ids });
    return batchModel(batch, []);
  }

  @Post(':batch/submit')
  @HttpCode(200)
  async submit(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('batch') batchId: string,
    @Body() body: unknown,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(submitBody, body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0) ? undefined : body);
    const task = await this.useCases.submitBatch.execute({
      namespaceId,
      bucket,
      batchId,
      // Mixpeek's default is true.
      includeProcessingHistory: input?.include_processing_history ?? true,
      correlationId: requestContext.getStore()?.correlationId,
    });
    return taskResponse(task);
  }

  @Get(':batch')
  async get(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('batch') batchId: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { batch, tiers } = await this.useCases.getBatch.execute(namespaceId, bucket, batchId);
    return batchModel(batch, tiers);
  }
}
