import { ApiRoute } from '../openapi/api-route.decorator';
import { Public } from './auth.guard';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, PayloadTooLargeException, Post, Put, Query, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Upload } from '@strata/domain';
import type { Request } from 'express';
import { IngestionUseCases } from '../ingestion.provider';
import { ResourceUseCases } from '../resource-use-cases.provider';
import { namespaceIdOf } from './namespace-header';
import { objectWithHash, uploadResponse } from './resource-presenters';
import { pageOf, pageQuery, paginationResponse } from './pagination';
import { ConfirmUploadResponse, ListUploadsResponse, UploadResponse } from './schemas';
import { confirmUploadBody, createUploadBody, listUploadsBody, uploadTokenQuery, listQueryOf } from './resource-validation';
import { parse } from './validation';

/** Yields the request body chunk by chunk, failing with 413 past `limit` bytes (nothing is kept then). */
async function* limited(req: Request, limit: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    if (total > limit) {
      req.resume();
      throw new PayloadTooLargeException(`the upload is larger than the limit of ${limit} bytes`);
    }
    yield buffer;
  }
}

/**
 * Mixpeek's upload flow against the embedded store: create an upload (its presigned_url points at
 * this API), PUT the bytes there, then confirm (checks size and hash, creates the object).
 */
@Controller('v1/buckets/:bucket/uploads')
export class UploadsController {
  constructor(
    private readonly useCases: IngestionUseCases,
    private readonly resources: ResourceUseCases,
  ) {}

  private contentUrl(req: Request, upload: Upload, token: string): string {
    const host = req.get('host') ?? 'localhost';
    return `${req.protocol}://${host}/v1/buckets/${upload.bucketId}/uploads/${upload.uploadId}/content?token=${token}`;
  }

  @Post()
  @HttpCode(200)
  @ApiRoute({ operationId: 'createUpload', response: UploadResponse, summary: 'Start an upload: returns a presigned_url to PUT the bytes to', tag: 'uploads', body: createUploadBody })
  async create(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown, @Req() req: Request) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(createUploadBody, body);
    const created = await this.resources.createUpload.execute({
      namespaceId,
      bucket,
      filename: input.filename,
      contentType: input.content_type,
      fileSizeBytes: input.file_size_bytes ?? null,
      expirationSeconds: input.presigned_url_expiration,
      metadata: input.metadata ?? {},
      createObjectOnConfirm: input.create_object_on_confirm,
      objectMetadata: input.object_metadata ?? {},
      blobProperty: input.blob_property ?? null,
      blobType: input.blob_type ?? null,
      fileHash: input.file_hash ?? null,
      skipDuplicates: input.skip_duplicates,
    });
    if (created.duplicate !== null) {
      return uploadResponse(created.upload, {
        presignedUrl: null,
        isDuplicate: true,
        duplicateOf: created.duplicate.uploadId,
        existingObjectId: created.duplicate.objectId,
        message: 'a file with this hash is already in the bucket; nothing to upload (skip_duplicates)',
      });
    }
    return uploadResponse(created.upload, {
      presignedUrl: this.contentUrl(req, created.upload, created.token as string),
      message: 'PUT the file to presigned_url (X-Namespace header required), then POST .../confirm',
    });
  }

  @Post('list')
  @HttpCode(200)
  @ApiRoute({ operationId: 'listUploads', response: ListUploadsResponse, summary: 'List uploads (newest first unless sorted; filters, search, pagination)', tag: 'uploads', body: listUploadsBody, query: pageQuery })
  async list(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Body() body: unknown, @Query() query: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(listUploadsBody, body);
    const page = pageOf(parse(pageQuery, query, 'query'), input);
    const result = await this.resources.listUploads.execute(namespaceId, bucket, listQueryOf(input, page, { field: 'created_at', direction: 'desc' }));
    const byStatus: Record<string, number> = {};
    let bytes = 0;
    for (const u of result.results) {
      byStatus[u.status] = (byStatus[u.status] ?? 0) + 1;
      bytes += u.receivedBytes ?? u.fileSizeBytes ?? 0;
    }
    return {
      results: result.results.map((u) => uploadResponse(u, { presignedUrl: null })),
      pagination: paginationResponse(result.total, page),
      total_count: result.total,
      // Counted over this page: Strata does not aggregate uploads across pages.
      stats: {
        total_uploads: result.total,
        total_size_bytes: bytes,
        uploads_by_status: byStatus,
        avg_file_size_bytes: result.results.length === 0 ? 0 : bytes / result.results.length,
        unique_buckets: result.results.length === 0 ? 0 : 1,
      },
      truncated: result.truncated,
    };
  }

  @Get(':upload')
  @ApiRoute({ operationId: 'getUpload', response: UploadResponse, summary: 'Get an upload', tag: 'uploads' })
  async get(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('upload') upload: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    return uploadResponse(await this.resources.getUpload.execute(namespaceId, bucket, upload), { presignedUrl: null });
  }

  /** The presigned target: the raw bytes, streamed to storage, at most MAX_UPLOAD_BYTES. */
  @Put(':upload/content')
  @ApiRoute({ operationId: 'putUploadContent', response: UploadResponse, summary: 'The presigned target: PUT the raw bytes (token in the query)', tag: 'uploads', query: uploadTokenQuery, public: true, errors: [413, 415] })
  @Public()
  async content(
    @Headers('x-namespace') ns: string | undefined,
    @Param('bucket') bucket: string,
    @Param('upload') upload: string,
    @Query() query: unknown,
    @Req() req: Request,
  ) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const { token } = parse(uploadTokenQuery, query, 'query');
    if (typeof req.is(['application/json', 'application/*+json']) === 'string' || req.readableEnded) {
      // The global JSON parser already consumed (and re-shaped) a JSON body: its bytes and hash are gone.
      throw new UnsupportedMediaTypeException('send the file bytes with Content-Type application/octet-stream (or the file type), not application/json');
    }
    const stored = await this.resources.receiveUploadContent.execute(namespaceId, bucket, upload, token, limited(req, this.resources.maxUploadBytes));
    return uploadResponse(stored, { presignedUrl: null, message: 'content received; POST .../confirm to finish' });
  }

  @Post(':upload/confirm')
  @HttpCode(200)
  @ApiRoute({ operationId: 'confirmUpload', response: ConfirmUploadResponse, summary: 'Confirm an upload: checks size and hash, creates the object', tag: 'uploads', body: confirmUploadBody, errors: [409] })
  async confirm(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('upload') upload: string, @Body() body: unknown) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    const input = parse(confirmUploadBody, body);
    const result = await this.resources.confirmUpload.execute(namespaceId, bucket, upload, { fileSizeBytes: input.file_size_bytes ?? null });
    return {
      upload_id: result.upload.uploadId,
      status: result.upload.status,
      etag: null,
      file_size_bytes: result.upload.receivedBytes,
      file_hash: result.upload.receivedHash?.replace(/^sha256:/, '') ?? null,
      verified_at: result.upload.completedAt,
      completed_at: result.upload.completedAt,
      object_id: result.object?.objectId ?? null,
      object: result.object === null ? null : objectWithHash(result.object),
      is_duplicate: result.duplicateOf !== null,
      task_id: null,
      message: result.duplicateOf !== null ? `same content as object ${result.duplicateOf}; no new object (skip_duplicates)` : null,
    };
  }

  @Delete(':upload')
  @HttpCode(204)
  @ApiRoute({ operationId: 'deleteUpload', summary: 'Delete an upload that is not completed', tag: 'uploads', success: { status: 204, description: 'Deleted' }, errors: [409] })
  async delete(@Headers('x-namespace') ns: string | undefined, @Param('bucket') bucket: string, @Param('upload') upload: string) {
    const namespaceId = await namespaceIdOf(this.useCases, ns);
    await this.resources.deleteUpload.execute(namespaceId, bucket, upload);
  }
}
