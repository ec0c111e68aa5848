import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { ValidationError } from '@strata/domain';
import type { BlobInput } from '@strata/ingestion';
import type { Request } from 'express';
import { ApiRoute } from '../openapi/api-route.decorator';
import { IngestionUseCases } from '../ingestion.provider';
import { blobFromJson } from './blob-data';
import { namespaceIdOf } from './namespace-header';
import { bucketResponse, objectResponse } from './presenters';
import { createBucketBody, createObjectBody, parse } from './validation';

function jsonField(value: unknown, name: string): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ValidationError(`multipart field '${name}' must be JSON`);
  }
}

@Controller('v1/buckets')
export class BucketsController {
  constructor(private readonly useCases: IngestionUseCases) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({ summary: 'Create a bucket', tag: 'buckets', body: createBucketBody, errors: [409] })
  async create(@Headers('x-namespace') ns: string | undefined, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createBucketBody, body);
    const bucket = await this.useCases.createBucket.execute({
      namespaceId,
      bucketName: input.bucket_name,
      description: input.description ?? null,
      bucketSchema: input.bucket_schema,
      metadata: input.metadata ?? {},
    });
    return bucketResponse(bucket);
  }

  @Get(':bucket')
  @ApiRoute({ summary: 'Get a bucket by id or name', tag: 'buckets' })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return bucketResponse(await this.useCases.getBucket.execute(namespaceId, bucket));
  }

  /**
   * JSON: `{metadata, blobs: [{property, type, data}]}` with inline text, JSON, a data URI or
   * `{base64}`. Multipart: one file part per blob (the part name is the blob property), plus
   * optional `metadata`, `blobs` (JSON) and `key_prefix` fields.
   */
  @Post(':bucket/objects')
  @HttpCode(200)
  @UseInterceptors(AnyFilesInterceptor())
  @ApiRoute({ summary: 'Create an object with blobs (JSON or multipart upload)', description: 'JSON: {metadata, blobs:[{property, type, data}]} with inline text, JSON, a data URI or {base64}. Multipart: one file part per blob (part name = blob property) plus optional metadata, blobs (JSON) and key_prefix fields.', tag: 'objects', body: createObjectBody, errors: [413] })
  async createObject(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Body() body: unknown,
    @Req() req: Request,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const multipart = req.is('multipart/form-data') !== false && req.is('multipart/form-data') !== null;
    let raw: unknown = body;
    if (multipart) {
      const fields = (body ?? {}) as Record<string, unknown>;
      raw = {
        key_prefix: fields['key_prefix'] || undefined,
        metadata: jsonField(fields['metadata'], 'metadata'),
        blobs: jsonField(fields['blobs'], 'blobs'),
      };
    }
    const input = parse(createObjectBody, raw);
    const blobs: BlobInput[] = (input.blobs ?? []).map((b, i) =>
      blobFromJson({ property: b.property, type: b.type, data: b.data, filename: b.filename }, i),
    );
    for (const file of files ?? []) {
      blobs.push({ property: file.fieldname, data: file.buffer, filename: file.originalname, mimeType: file.mimetype });
    }
    if (blobs.length === 0 && Object.keys(input.metadata ?? {}).length === 0) {
      throw new ValidationError('an object needs at least one blob or some metadata');
    }
    const object = await this.useCases.createObject.execute({
      namespaceId,
      bucket,
      keyPrefix: input.key_prefix ?? null,
      metadata: input.metadata ?? {},
      blobs,
    });
    return objectResponse(object);
  }

  @Get(':bucket/objects/:object')
  @ApiRoute({ summary: 'Get an object with its blob details', tag: 'objects' })
  async getObject(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('object') object: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return objectResponse(await this.useCases.getObject.execute(namespaceId, bucket, object));
  }
}
