import { ApiRoute } from '../openapi/api-route.decorator';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { IngestionUseCases } from '../ingestion.provider';
import type { BucketStats } from '@strata/api-use-cases';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { namespaceIdOf } from './namespace-header';
import { taskResponse } from './presenters';
import { bucketWithStats } from './resource-presenters';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import { BucketResponse, DeleteBucketResponse, ListBucketsResponse } from './schemas';
import { createBucketBody, listBucketsBody, updateBucketBody, listQueryOf } from './resource-validation';
import { parse } from './validation';

@Controller('v1/buckets')
export class BucketsController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({ operationId: 'createBucket', response: BucketResponse, summary: 'Create a bucket (bucket_schema, optional unique_key)', tag: 'buckets', body: createBucketBody, errors: [409] })
  async create(@Headers('x-namespace') ns: string | undefined, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createBucketBody, body);
    const bucket = await this.useCases.createBucket.execute({
      namespaceId,
      bucketName: input.bucket_name,
      description: input.description ?? null,
      bucketSchema: input.bucket_schema,
      uniqueKey: input.unique_key ? { fields: input.unique_key.fields, defaultPolicy: input.unique_key.default_policy ?? null } : null,
      metadata: input.metadata ?? {},
    });
    return bucketWithStats(bucket, await this.resources.describeBucket.stats(bucket));
  }

  /** ListBucketsRequest carries limit/offset in the body; the query's page parameters win over them. */
  @Post('list')
  @HttpCode(200)
  @ApiRoute({ operationId: 'listBuckets', response: ListBucketsResponse, summary: 'List buckets (filters, sort, search, pagination)', tag: 'buckets', body: listBucketsBody, query: pageQuery })
  async list(@Headers('x-namespace') ns: string | undefined, @Body() body: unknown, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(listBucketsBody, body);
    const page = pageOf(parse(pageQuery, query, 'query'), input);
    const result = await this.resources.listBuckets.execute(namespaceId, listQueryOf(input, page));
    const stats = await this.resources.describeBucket.statsOfPage(namespaceId, result.results);
    const results = result.results.map((b) => bucketWithStats(b, stats.get(b.bucketId) as BucketStats));
    return { results, total_count: result.total, pagination: paginationResponse(result.total, page), truncated: result.truncated };
  }

  @Get(':bucket')
  @ApiRoute({ operationId: 'getBucket', response: BucketResponse, summary: 'Get a bucket with object_count, total_size_bytes and batch_stats', tag: 'buckets' })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { bucket: found, stats } = await this.resources.describeBucket.execute(namespaceId, bucket);
    return bucketWithStats(found, stats);
  }

  @Put(':bucket')
  @ApiRoute({ operationId: 'replaceBucket', response: BucketResponse, summary: 'Update a bucket', tag: 'buckets', body: updateBucketBody, errors: [409] })
  async put(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown) {
    return this.update(ns, bucket, body);
  }

  @Patch(':bucket')
  @ApiRoute({ operationId: 'updateBucket', response: BucketResponse, summary: 'Update some fields of a bucket', tag: 'buckets', body: updateBucketBody, errors: [409] })
  async patch(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown) {
    return this.update(ns, bucket, body);
  }

  private async update(ns: string | undefined, bucket: string, body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(updateBucketBody, body);
    const updated = await this.resources.updateBucket.execute({
      namespaceId,
      bucket,
      ...(input.bucket_name !== undefined ? { bucketName: input.bucket_name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    });
    return bucketWithStats(updated, await this.resources.describeBucket.stats(updated));
  }

  /** Async: objects, blobs, uploads and batches go in the background; the task tells when. */
  @Delete(':bucket')
  @HttpCode(200)
  @ApiRoute({ operationId: 'deleteBucket', response: DeleteBucketResponse, summary: 'Delete a bucket with its objects, blobs and batches (async: returns a task)', tag: 'buckets' })
  async delete(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { task, bucket: found, stats, run } = await this.resources.deleteBucket.start(namespaceId, bucket);
    void run();
    return {
      task_id: task.taskId,
      status: task.status,
      bucket_id: found.bucketId,
      bucket_name: found.bucketName,
      object_count: stats.objectCount,
      task: taskResponse(task),
    };
  }
}
