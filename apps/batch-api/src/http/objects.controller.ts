import { ApiRoute } from '../openapi/api-route.decorator';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Req, UnsupportedMediaTypeException, UploadedFiles } from '@nestjs/common';
import { DomainError, ValidationError } from '@strata/domain';
import type { BlobInput, BulkLine, CreateObjectCommand } from '@strata/api-use-cases';
import type { Request } from 'express';
import { IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { blobFromJson } from './blob-data';
import { MultipartBody, hashStreamedBody } from './idempotency.interceptor';
import { namespaceIdOf } from './namespace-header';
import { objectWithHash } from './resource-presenters';
import { bulkObjectsQuery, createObjectBody, createObjectsBatchBody, listObjectsBody, objectPolicyQuery, updateObjectBody, listQueryOf } from './resource-validation';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import { BulkCreateObjectsResponse, CreateObjectsBatchResponse, ListObjectsResponse, ObjectResponse } from './schemas';
import { ndjsonLines } from './ndjson-lines';
import { selectFields, objectRecord } from '@strata/api-use-cases';
import { parse } from './validation';

function jsonField(value: unknown, name: string): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ValidationError(`multipart field '${name}' must be JSON`);
  }
}

type BlobJson = { property: string; type?: BlobInput['type']; data?: unknown; filename?: string | undefined; upload_id?: string | undefined };

function blobsFromJson(blobs: readonly BlobJson[] | undefined): BlobInput[] {
  return (blobs ?? []).map((b, i) => {
    if (b.upload_id !== undefined) {
      if (b.data !== undefined) throw new ValidationError(`body.blobs[${i}]: send either data or upload_id, not both`);
      return { property: b.property, type: b.type, data: null, uploadId: b.upload_id, filename: b.filename ?? null };
    }
    return blobFromJson({ property: b.property, type: b.type, data: b.data, filename: b.filename }, i);
  });
}

@Controller('v1/buckets/:bucket/objects')
export class ObjectsController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
  ) {}

  /**
   * JSON: `{metadata, blobs: [{property, type, data | upload_id}]}` with inline text, JSON, a data
   * URI or `{base64}`. Multipart: one file part per blob (the part name is the blob property), plus
   * optional `metadata`, `blobs` (JSON), `key_prefix` and `skip_duplicates` fields.
   * `?policy=insert|update|upsert` applies the bucket's unique_key.
   */
  @Post()
  @HttpCode(200)
  @MultipartBody()
  @ApiRoute({ operationId: 'createObject', response: ObjectResponse, summary: 'Create an object (?policy=insert|update|upsert against the unique_key; JSON or multipart)', tag: 'objects', body: createObjectBody, query: objectPolicyQuery, errors: [409, 413] })
  async create(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Body() body: unknown,
    @Query() query: unknown,
    @Req() req: Request,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { policy } = parse(objectPolicyQuery, query, 'query');
    const multipart = typeof req.is('multipart/form-data') === 'string';
    let raw: unknown = body;
    if (multipart) {
      const fields = (body ?? {}) as Record<string, unknown>;
      raw = {
        key_prefix: fields['key_prefix'] || undefined,
        metadata: jsonField(fields['metadata'], 'metadata'),
        blobs: jsonField(fields['blobs'], 'blobs'),
        skip_duplicates: fields['skip_duplicates'] === undefined ? undefined : fields['skip_duplicates'] === 'true',
      };
    }
    const command = this.command(namespaceId, bucket, raw, policy ?? null);
    for (const file of files ?? []) {
      command.blobs.push({ property: file.fieldname, data: file.buffer, filename: file.originalname, mimeType: file.mimetype });
    }
    this.requireContent(command);
    return objectWithHash(await this.useCases.createObject.execute(command));
  }

  /** Up to 100 objects; 200 when at least one was created, each failure reported with its index. */
  @Post('batch')
  @HttpCode(200)
  @ApiRoute({ operationId: 'createObjects', response: CreateObjectsBatchResponse, summary: 'Create up to 100 objects; failures are reported per object', tag: 'objects', body: createObjectsBatchBody })
  async createBatch(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createObjectsBatchBody, body);
    const items = input.objects.map((raw, i): CreateObjectCommand | { failure: DomainError } => {
      try {
        const command = this.command(namespaceId, bucket, raw, null, `body.objects[${i}]`);
        this.requireContent(command);
        return command;
      } catch (error) {
        if (error instanceof DomainError) return { failure: error };
        throw error;
      }
    });
    const { succeeded, failed } = await this.resources.createObjectsBatch.execute(namespaceId, bucket, items);
    return {
      succeeded: succeeded.map(objectWithHash),
      failed: failed.map((f) => ({ object_index: f.objectIndex, error: f.error, error_type: f.errorType })),
      total_requested: input.objects.length,
      succeeded_count: succeeded.length,
      failed_count: failed.length,
    };
  }

  /**
   * Strata only (docs/adr/0101-bulk-object-ingest.md): an `application/x-ndjson` body, one
   * create-object request per line, read as a stream and stored in chunks (`?chunk_size`, default
   * 500) of one transaction and one object.bulk_created event each; `?batch_id` (a DRAFT batch of
   * the bucket) gets every chunk's ids, so the client never sends them back. A bad line is
   * reported with its number and the others go on; an unknown bucket or batch, or a batch that is
   * not DRAFT, is refused before the body is read.
   */
  @Post('bulk')
  @HttpCode(200)
  @ApiRoute({
    operationId: 'bulkCreateObjects',
    response: BulkCreateObjectsResponse,
    summary: 'Create any number of objects from an NDJSON stream (one create-object request per line); Strata only',
    description:
      'The body is `application/x-ndjson`: each line is a create-object request (the schema shown), at most MAX_JSON_BYTES. ' +
      'Lines are stored in chunks of `chunk_size` in one transaction each; with `batch_id` the created objects are added to that DRAFT batch in line order. ' +
      'Per-line failures (invalid JSON, schema errors, a unique key taken) are counted and the first 100 listed with their line number; the other lines go on.',
    tag: 'objects',
    body: createObjectBody,
    bodyContentType: 'application/x-ndjson',
    query: bulkObjectsQuery,
    errors: [409, 415],
  })
  async bulk(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Query() query: unknown, @Req() req: Request) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { batch_id: batchId, chunk_size: chunkSize } = parse(bulkObjectsQuery, query, 'query');
    if (typeof req.is(['application/x-ndjson', 'application/jsonl']) !== 'string' || req.readableEnded) {
      throw new UnsupportedMediaTypeException('send one JSON object per line with Content-Type application/x-ndjson');
    }
    const run = await this.resources.bulkCreateObjects.prepare({ namespaceId, bucket, batchId: batchId ?? null, ...(chunkSize !== undefined ? { chunkSize } : {}) });
    const result = await run.run(this.bulkLines(req, namespaceId, bucket));
    return {
      bucket_id: result.bucketId,
      batch_id: result.batchId,
      batch_object_count: result.batchObjectCount,
      lines: result.lines,
      created_count: result.created,
      updated_count: result.updated,
      existing_count: result.existing,
      failed_count: result.failed,
      errors: result.errors.map((e) => ({ line: e.line, error: e.error, error_type: e.errorType })),
      errors_truncated: result.errorsTruncated,
    };
  }

  /** Decodes each line with the create-object schema; what does not decode becomes that line's failure. */
  private async *bulkLines(req: Request, namespaceId: string, bucket: string): AsyncGenerator<BulkLine> {
    // Hashed as it is read: an Idempotency-Key repeat with another body is told apart (no body is held).
    for await (const item of ndjsonLines(hashStreamedBody(req), this.resources.maxLineBytes)) {
      const where = `line ${item.line}`;
      if ('tooLong' in item) {
        yield { line: item.line, failure: new ValidationError(`${where}: ${item.bytes} bytes, more than the ${this.resources.maxLineBytes} a line may hold (MAX_JSON_BYTES)`) };
        continue;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(item.text);
      } catch (error) {
        yield { line: item.line, failure: new ValidationError(`${where}: not valid JSON (${(error as Error).message})`) };
        continue;
      }
      try {
        const command = this.command(namespaceId, bucket, raw, null, where);
        this.requireContent(command);
        yield { line: item.line, command };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        yield { line: item.line, failure: error };
      }
    }
  }

  /** Filters/sort/search/select in the body, limit/offset as query parameters; PaginationResponse. */
  @Post('list')
  @HttpCode(200)
  @ApiRoute({ operationId: 'listObjects', response: ListObjectsResponse, summary: 'List objects with AND/OR/NOT filters, sort, search, select', tag: 'objects', body: listObjectsBody, query: pageQuery })
  async list(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(listObjectsBody, body);
    const page = pageOf(parse(pageQuery, query, 'query'));
    const result = await this.resources.listObjects.execute(namespaceId, bucket, listQueryOf(input, page));
    const select = input.select ?? null;
    const results = result.results.map((o) => (select === null ? objectWithHash(o) : selectFields(objectRecord(o), select, ['object_id', 'bucket_id'])));
    const blobs = result.results.reduce((n, o) => n + o.blobs.length, 0);
    return {
      results,
      pagination: paginationResponse(result.total, page),
      total_count: result.total,
      stats: {
        total_objects: result.total,
        total_blobs: blobs,
        avg_blobs_per_object: result.results.length === 0 ? 0 : blobs / result.results.length,
        objects_by_status: { DRAFT: result.total },
      },
      truncated: result.truncated,
    };
  }

  @Get(':object')
  @ApiRoute({ operationId: 'getObject', response: ObjectResponse, summary: 'Get an object with its blob details', tag: 'objects' })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('object') object: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return objectWithHash(await this.useCases.getObject.execute(namespaceId, bucket, object));
  }

  /** Merges metadata (null removes a key), replaces the blobs given; no processing. */
  @Put(':object')
  @ApiRoute({ operationId: 'replaceObject', response: ObjectResponse, summary: 'Update an object (metadata merged, given blobs replaced)', tag: 'objects', body: updateObjectBody })
  async put(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('object') object: string, @Body() body: unknown) {
    return this.update(ns, bucket, object, body);
  }

  @Patch(':object')
  @ApiRoute({ operationId: 'updateObject', response: ObjectResponse, summary: 'Update some fields of an object', tag: 'objects', body: updateObjectBody })
  async patch(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('object') object: string, @Body() body: unknown) {
    return this.update(ns, bucket, object, body);
  }

  @Delete(':object')
  @HttpCode(204)
  @ApiRoute({ operationId: 'deleteObject', summary: 'Delete an object and its blobs', tag: 'objects', success: { status: 204, description: 'Deleted' } })
  async delete(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('object') object: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    await this.resources.deleteObject.execute(namespaceId, bucket, object);
  }

  private async update(ns: string | undefined, bucket: string, objectId: string, body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(updateObjectBody, body);
    if (input.key_prefix === undefined && input.metadata === undefined && input.blobs === undefined) {
      throw new ValidationError('send at least one of key_prefix, metadata, blobs');
    }
    const object = await this.resources.updateObject.execute({
      namespaceId,
      bucket,
      objectId,
      ...(input.key_prefix !== undefined ? { keyPrefix: input.key_prefix } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
      ...(input.blobs !== undefined ? { blobs: blobsFromJson(input.blobs) } : {}),
    });
    return objectWithHash(object);
  }

  private command(namespaceId: string, bucket: string, raw: unknown, policy: CreateObjectCommand['policy'], where = 'body'): CreateObjectCommand {
    let input;
    try {
      input = parse(createObjectBody, raw);
    } catch (error) {
      if (error instanceof ValidationError && where !== 'body') {
        throw new ValidationError(error.message.replace(/\bbody(?=[.:])/g, where), error.issues.map((i) => ({ ...i, location: i.location.replace(/^body/, where) })));
      }
      throw error;
    }
    return {
      namespaceId,
      bucket,
      keyPrefix: input.key_prefix ?? null,
      metadata: input.metadata ?? {},
      blobs: blobsFromJson(input.blobs),
      policy,
      skipDuplicates: input.skip_duplicates ?? false,
    };
  }

  private requireContent(command: CreateObjectCommand): void {
    if (command.blobs.length === 0 && Object.keys(command.metadata).length === 0) {
      throw new ValidationError('an object needs at least one blob or some metadata');
    }
  }
}
